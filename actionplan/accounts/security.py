"""Login throttling, session lifetimes, no-store caching for logged-in pages, and the
security event log (who, what, when, from where; never passwords or session ids)."""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from actionplan.core.addresses import client_address

from .models import LoginFailure

log = logging.getLogger("actionplan.security")


def is_locked(username: str, address: str) -> bool:
    since = timezone.now() - dt.timedelta(seconds=settings.ACTIONPLAN_LOGIN_LOCK_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    by_name = recent.filter(username=username.lower()).count()
    by_address = recent.filter(address=address).count()
    return (
        by_name >= settings.ACTIONPLAN_LOGIN_MAX_FAILURES
        or by_address >= settings.ACTIONPLAN_LOGIN_MAX_FAILURES_PER_ADDRESS
    )


class ThrottledModelBackend(ModelBackend):
    """Django's backend, refusing while a user name or address has failed too often.

    A locked login gets the same answer as a wrong password, for known and unknown users
    alike, so the lock does not reveal which user names exist.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self.get_user_model_field())
        address = client_address(request)
        name = (username or "").lower()
        if is_locked(name, address):
            log.warning("login refused: locked user=%s address=%s", name, address)
            LoginFailure.objects.create(username=name, address=address)
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            LoginFailure.objects.create(username=name, address=address)
            log.warning("login failed user=%s address=%s", name, address)
        else:
            log.info("login user=%s address=%s", name, address)
        return user

    @staticmethod
    def get_user_model_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


AUTH_AT, SEEN_AT = "actionplan_auth_at", "actionplan_seen_at"
# The last-seen stamp is written at most this often, not on every request (a session save
# each time). It can therefore lag the last request by up to this much, and the idle limit
# is counted from the stamp plus this much: an active user's session never ends early; an
# idle one ends at most this much late.
SEEN_REFRESH_SECONDS = 60


def stamp_session(request) -> None:
    """At login: the absolute and the idle lifetime start now."""
    now = timezone.now().timestamp()
    request.session[AUTH_AT] = request.session[SEEN_AT] = now


class SessionSecurityMiddleware:
    """Ends staff sessions after inactivity and after an absolute lifetime, and keeps
    logged-in pages out of caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            session = request.session
            auth_at = session.setdefault(AUTH_AT, now)
            seen_at = session.get(SEEN_AT, now)
            idle_limit = settings.ACTIONPLAN_SESSION_IDLE_SECONDS + SEEN_REFRESH_SECONDS
            if (
                now - auth_at > settings.ACTIONPLAN_SESSION_ABSOLUTE_SECONDS
                or now - seen_at > idle_limit
            ):
                log.info(
                    "session expired user=%s address=%s",
                    user.get_username(),
                    client_address(request),
                )
                logout(request)
            elif now - seen_at >= SEEN_REFRESH_SECONDS or SEEN_AT not in session:
                session[SEEN_AT] = now
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
