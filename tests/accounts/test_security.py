import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from actionplan.accounts.security import AUTH_AT, SEEN_AT, SEEN_REFRESH_SECONDS

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "a-long-test-password"


def login(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_account_even_with_the_right_password(client, staff):
    for _ in range(5):
        assert login(client, "staff", "wrong").status_code == 200
    assert login(client, "staff").status_code == 200  # refused: still the login form
    assert "_auth_user_id" not in client.session


def errornote(response) -> str:
    html = response.content.decode()
    return html.split('class="errornote"')[1].split("</p>")[0]


def test_a_locked_unknown_user_gets_the_same_answer_as_a_wrong_password(client, staff):
    wrong = login(client, "staff", "wrong")
    for _ in range(6):
        locked_unknown = login(client, "nobody", "wrong")
    assert locked_unknown.status_code == wrong.status_code == 200
    assert errornote(locked_unknown) == errornote(wrong)


def test_many_failures_from_one_address_lock_that_address(client, staff, settings):
    settings.ACTIONPLAN_LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        login(client, f"guess{n}", "wrong", address="10.9.9.9")
    assert login(client, "staff", address="10.9.9.9").status_code == 200
    assert login(client, "staff", address="10.1.1.1").status_code == 302


def test_login_changes_the_session_key_and_logout_kills_the_old_cookie(client, staff):
    client.get(LOGIN)
    before = client.cookies.get("sessionid")
    assert login(client, "staff").status_code == 302
    key = client.cookies["sessionid"].value
    assert before is None or before.value != key
    client.post(reverse("admin:logout"))
    client.cookies["sessionid"] = key  # replay the old cookie
    assert client.get("/admin/").status_code == 302  # sent to the login page


def test_idle_sessions_end(client, staff, settings):
    login(client, "staff")
    session = client.session
    session[SEEN_AT] -= settings.ACTIONPLAN_SESSION_IDLE_SECONDS + SEEN_REFRESH_SECONDS + 1
    session.save()
    assert client.get("/admin/").status_code == 302


def test_sessions_end_after_the_absolute_lifetime_even_when_active(client, staff, settings):
    login(client, "staff")
    session = client.session
    session[AUTH_AT] -= settings.ACTIONPLAN_SESSION_ABSOLUTE_SECONDS + 1
    session.save()
    assert client.get("/admin/").status_code == 302


def test_logged_in_pages_are_not_cached(client, staff):
    login(client, "staff")
    assert client.get("/admin/").headers["Cache-Control"] == "no-store"


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_login_events_are_logged_without_passwords(client, staff, caplog):
    with caplog.at_level("INFO", logger="actionplan.security"):
        login(client, "staff", "wrong-secret")
        login(client, "staff")
    text = caplog.text
    assert "login failed user=staff address=10.0.0.1" in text
    assert "login user=staff" in text
    assert "wrong-secret" not in text and PASSWORD not in text


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "ACTIONPLAN_HTTPS": "true",
        "ACTIONPLAN_DEBUG": "false",
        "ACTIONPLAN_SECRET_KEY": "x7!" * 20 + "kq9Z#wL2",
        "ACTIONPLAN_ALLOWED_HOSTS": "actionplan.example.dk",
    }
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_raw_admin_is_for_superusers_only(client, django_user_model):
    editor = django_user_model.objects.create_user(
        username="editor", password=PASSWORD, is_staff=True
    )
    client.force_login(editor)
    assert client.get("/admin/").status_code == 302
