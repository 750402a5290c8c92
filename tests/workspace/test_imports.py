import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.accounts.models import Role
from actionplan.accounts.permissions import EDIT, may
from actionplan.ingest import services as ingest
from actionplan.ingest.models import ColumnMapping, IngestDraft
from actionplan.ingest.safety import check_upload
from actionplan.jobs.models import Job
from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects.models import Project
from actionplan.rounds.models import FocusAreaAssessment, StatusRound
from actionplan.workspace.imports.drafts import activities_to_text, text_to_activities
from actionplan.workspace.imports.uploads import SHEET_SESSION_KEY
from tests import factories
from tests.paths import SEEDS

pytestmark = pytest.mark.django_db

SEED_PLAN = SEEDS / "rus-handlingsplan-2020-2021.txt"
MEMO = """NOTAT

Status på indsatsområderne

Klima og miljø

Indsatsområder

• Sikre grundvandet

Inden for dette indsatsområde er det fortsat relevant at beskytte grundvandet mod forurening.

• Grundvandskortlægning: I august 2021 er der bevilget 1,1 mio. kr. til kortlægning af
grundvandet i regionen.
"""
CSV = (
    "Projekt-ID;Projekttitel;Startdato;Slutdato;Budget;Kontraktansvarlig partner\n"
    "P1;Grøn bølge;01.01.2020;31.12.2021;1.500.000;Region Hovedstaden\n"
    "P2;Cykelregnskab;2020;2022;92.000,00 kr.;Testrup Kommune\n"
)


@pytest.fixture
def region():
    return factories.organisation(kind="region", name="Region Test")


@pytest.fixture
def editor(region):
    return factories.user(role=Role.EDITOR, organisation=region)


@pytest.fixture
def reader(region):
    return factories.user(role=Role.READER, organisation=region)


@pytest.fixture
def plan(region):
    return factories.plan(organisation=region)


@pytest.fixture
def area(plan):
    return factories.focus_area(
        factories.theme(plan, title="Klima og miljø"), title="Sikre grundvandet"
    )


def upload(name, content: bytes | str):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def plan_draft(editor, region, text=None):
    data = (text or SEED_PLAN.read_text(encoding="utf-8")).encode("utf-8")
    return ingest.plan_draft_create(
        actor=editor, upload=check_upload("plan.txt", data), organisation_slug=region.slug
    )


def memo_draft(editor, plan, area):
    return ingest.memo_draft_create(
        actor=editor,
        upload=check_upload("notat.txt", MEMO.encode()),
        plan_slug=plan.slug,
        round_name="Status 2021",
    )


# -- access -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("workspace:imports"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workspace:login"))


def test_another_organisations_draft_answers_404(client, editor, region):
    draft = plan_draft(editor, region)
    client.force_login(factories.user(role=Role.EDITOR, organisation=factories.organisation()))
    assert client.get(reverse("workspace:import_draft", kwargs={"pk": draft.pk})).status_code == 404


def test_a_reader_may_not_upload(client, reader, region):
    client.force_login(reader)
    response = client.post(
        reverse("workspace:import_plan"),
        {"plan-file": upload("plan.txt", "tekst"), "plan-organisation": region.pk},
    )
    assert response.status_code == 403
    assert not IngestDraft.objects.exists()


# -- plan documents ---------------------------------------------------------------------------


def test_a_plan_document_becomes_a_draft_and_nothing_reaches_the_live_plans(client, editor, region):
    plans_before = ActionPlan.objects.count()
    client.force_login(editor)
    with SEED_PLAN.open("rb") as handle:
        response = client.post(
            reverse("workspace:import_plan"),
            {"plan-file": handle, "plan-organisation": region.pk},
        )
    draft = IngestDraft.objects.get()
    assert response["Location"] == reverse("jobs:detail", kwargs={"pk": Job.objects.get().pk})
    job = Job.objects.get(kind=Job.Kind.PLAN_IMPORT)
    assert job.state == Job.State.DONE
    assert job.result_link == reverse("workspace:import_draft", kwargs={"pk": draft.pk})
    assert (draft.kind, draft.organisation, draft.created_by) == ("plan", region, editor)
    assert len(draft.data["themes"]) == 4
    assert ActionPlan.objects.count() == plans_before


def test_the_review_page_shows_the_structure_beside_the_source_text(client, editor, region):
    draft = plan_draft(editor, region)
    client.force_login(editor)
    page = client.get(reverse("workspace:import_draft", kwargs={"pk": draft.pk})).content.decode()
    assert 'class="review-columns"' in page
    assert "Sikre grundvandet" in page
    assert 'class="source-text"' in page and "RUS-indsatsområde:" in page


def test_the_review_page_flags_every_doubt(client, editor, region):
    draft = plan_draft(editor, region, text="Et tema\n\nBare en løs tekst uden indsatsområder.\n")
    assert draft.doubts
    client.force_login(editor)
    page = client.get(reverse("workspace:import_draft", kwargs={"pk": draft.pk})).content.decode()
    for doubt in draft.doubts:
        assert doubt.replace("“", "&ldquo;")[:20] in page or doubt[:20] in page


def area_url(draft, theme=0, area=0):
    return reverse(
        "workspace:import_draft_area", kwargs={"pk": draft.pk, "theme": theme, "area": area}
    )


def test_staff_correct_a_focus_area_in_the_draft(client, editor, region):
    draft = plan_draft(editor, region)
    client.force_login(editor)
    form = client.get(area_url(draft)).context["form"]
    values = {name: form.initial.get(name, "") for name in form.fields}
    values.update(
        title="Energiomstilling",
        partners="Kommuner\nForsyninger",
        goals="I 2035 skal forsyningen være fossilfri.",
        activities="# Grupper:\n- Første\n- Anden\nEn aktivitet",
    )
    response = client.post(area_url(draft), values)
    assert response.status_code == 302
    draft.refresh_from_db()
    area = draft.data["themes"][0]["focus_areas"][0]
    assert area["title"] == "Energiomstilling"
    assert area["partners"] == ["Kommuner", "Forsyninger"]
    assert area["goals"] == [
        {"statement": "I 2035 skal forsyningen være fossilfri.", "target_years": [2035]}
    ]
    assert area["activities"] == [
        {"heading": "Grupper:", "items": ["Første", "Anden"]},
        {"text": "En aktivitet"},
    ]
    assert ActionPlan.objects.filter(title="Energiomstilling").count() == 0


def test_a_correction_from_a_stale_form_is_refused_and_the_first_survives(client, editor, region):
    draft = plan_draft(editor, region)
    client.force_login(editor)
    form = client.get(area_url(draft)).context["form"]
    values = {name: form.initial.get(name, "") for name in form.fields}
    assert client.post(area_url(draft), {**values, "title": "Først"}).status_code == 302
    response = client.post(area_url(draft), {**values, "title": "Anden"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    draft.refresh_from_db()
    assert draft.data["themes"][0]["focus_areas"][0]["title"] == "Først"


def test_an_empty_focus_area_title_is_refused_next_to_the_field(client, editor, region):
    draft = plan_draft(editor, region)
    client.force_login(editor)
    form = client.get(area_url(draft)).context["form"]
    values = {name: form.initial.get(name, "") for name in form.fields}
    response = client.post(area_url(draft), {**values, "title": ""}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.context["form"].errors["title"] == ["Dette felt er påkrævet."]


def test_activities_survive_the_round_trip_through_the_text_area():
    activities = [
        {"text": "Første", "items": ["a", "b"]},
        {"heading": "Gruppe:", "items": ["c"]},
        {"text": "Sidste"},
    ]
    assert text_to_activities(activities_to_text(activities)) == activities


def test_committing_the_plan_draft_creates_a_draft_status_plan(client, editor, region):
    draft = plan_draft(editor, region)
    client.force_login(editor)
    response = client.post(
        reverse("workspace:import_draft_commit", kwargs={"pk": draft.pk}),
        {"title": "Handlingsplan 2020-2021 (import)", "slug": "import-2020"},
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(slug="import-2020")
    assert plan.status == ActionPlan.Status.DRAFT and plan.organisation == region
    assert FocusArea.objects.filter(plan=plan).count() == 14
    draft.refresh_from_db()
    assert draft.state == IngestDraft.State.COMMITTED


def test_a_discarded_draft_leaves_the_list(client, editor, region):
    draft = plan_draft(editor, region)
    client.force_login(editor)
    client.post(reverse("workspace:import_draft_discard", kwargs={"pk": draft.pk}))
    assert list(client.get(reverse("workspace:imports")).context["drafts"]) == []


# -- safety -----------------------------------------------------------------------------------


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<a>" + b"0" * (3 * 2**20) + b"</a>")
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_in_danish_and_leaves_nothing_behind(
    client, editor, region, settings
):
    settings.ACTIONPLAN_INGEST_MAX_UNZIPPED_BYTES = 2**20
    client.force_login(editor)
    response = client.post(
        reverse("workspace:import_plan"),
        {"plan-file": upload("plan.docx", _zip_bomb()), "plan-organisation": region.pk},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 400
    error = response.context["plan_form"].errors["file"][0]
    assert "zip-bombe" in error
    assert not IngestDraft.objects.exists()


def test_a_renamed_executable_is_refused_in_danish(client, editor, region):
    client.force_login(editor)
    response = client.post(
        reverse("workspace:import_plan"),
        {
            "plan-file": upload("plan.pdf", b"MZ\x90\x00" + b"\x00" * 200),
            "plan-organisation": region.pk,
        },
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 400
    assert "er et program" in response.context["plan_form"].errors["file"][0]
    assert not IngestDraft.objects.exists()


def test_an_upload_above_the_size_limit_is_refused_without_being_read(
    client, editor, region, settings
):
    settings.ACTIONPLAN_INGEST_MAX_BYTES = 1000
    client.force_login(editor)
    response = client.post(
        reverse("workspace:import_plan"),
        {"plan-file": upload("plan.txt", "tekst\n" * 2000), "plan-organisation": region.pk},
    )
    assert response.status_code == 400
    assert "plan.txt" in response.context["plan_form"].errors["file"][0]
    assert not IngestDraft.objects.exists()


def test_a_file_type_that_cannot_be_read_is_refused(client, editor, region):
    client.force_login(editor)
    response = client.post(
        reverse("workspace:import_plan"),
        {"plan-file": upload("plan.exe", b"hello"), "plan-organisation": region.pk},
    )
    assert "file" in response.context["plan_form"].errors
    assert not IngestDraft.objects.exists()


# -- status memos -----------------------------------------------------------------------------


def test_a_memo_becomes_a_draft_with_its_sections_matched(client, editor, plan, area):
    client.force_login(editor)
    response = client.post(
        reverse("workspace:import_memo"),
        {
            "memo-file": upload("notat.txt", MEMO),
            "memo-plan": plan.pk,
            "memo-round_name": "Status 2021",
        },
    )
    draft = IngestDraft.objects.get()
    job = Job.objects.get(kind=Job.Kind.MEMO_IMPORT)
    assert response["Location"] == reverse("jobs:detail", kwargs={"pk": job.pk})
    assert job.result_link == reverse("workspace:import_draft", kwargs={"pk": draft.pk})
    page = client.get(reverse("workspace:import_draft", kwargs={"pk": draft.pk})).content.decode()
    assert "Sikre grundvandet" in page and "1,1 mio. kr." in page
    assert not StatusRound.objects.exists()


def test_a_memo_for_a_round_name_the_plan_has_is_refused(client, editor, plan, area):
    factories_round = StatusRound.objects.create(
        plan=plan, name="Status 2021", slug="status-2021", reference_date=dt.date(2021, 9, 1)
    )
    client.force_login(editor)
    response = client.post(
        reverse("workspace:import_memo"),
        {
            "memo-file": upload("notat.txt", MEMO),
            "memo-plan": plan.pk,
            "memo-round_name": "status 2021",
        },
    )
    assert "round_name" in response.context["memo_form"].errors
    assert StatusRound.objects.get() == factories_round


def test_a_memo_section_can_be_left_unmatched_and_flagged(client, editor, plan, area):
    draft = memo_draft(editor, plan, area)
    client.force_login(editor)
    url = reverse("workspace:import_draft_section", kwargs={"pk": draft.pk, "index": 0})
    form = client.get(url).context["form"]
    client.post(
        url,
        {
            "version": form.initial["version"],
            "focus_area": "",
            "text": "Ny",
            "still_relevant": "no",
        },
    )
    draft.refresh_from_db()
    assert draft.data["sections"][0]["focus_area"] is None
    assert draft.data["sections"][0]["still_relevant"] is False
    page = client.get(reverse("workspace:import_draft", kwargs={"pk": draft.pk}))
    assert page.context["sections"][0]["target"] is None


def test_committing_a_memo_draft_creates_the_round(client, editor, plan, area):
    draft = memo_draft(editor, plan, area)
    client.force_login(editor)
    url = reverse("workspace:import_draft_commit", kwargs={"pk": draft.pk})
    refused = client.post(url, {"reference_date": "01.09.2021"})
    assert refused.status_code == 400  # the grants' funding source is missing: asked, not lost
    assert "RUS-puljen" in refused.content.decode()
    assert not StatusRound.objects.filter(plan=plan).exists()
    response = client.post(url, {"reference_date": "01.09.2021", "create_sources": "on"})
    status_round = StatusRound.objects.get(plan=plan)
    assert response["Location"] == reverse("workspace:round", kwargs={"pk": status_round.pk})
    assert status_round.reference_date == dt.date(2021, 9, 1)
    assert FocusAreaAssessment.objects.get(round=status_round).focus_area == area
    assert Project.objects.filter(title="Grundvandskortlægning").exists()


# -- spreadsheets -----------------------------------------------------------------------------


@pytest.fixture
def admin():
    return factories.user(is_superuser=True)


def sheet_upload(client, text=CSV, name="tilskud.csv", **extra):
    return client.post(
        reverse("workspace:import_sheet_upload"), {"sheet-file": upload(name, text), **extra}
    )


def import_job(client, values):
    """Post the mapping with action=import: a job starts (run at once in the tests) and the
    answer leads to its page."""
    response = client.post(reverse("workspace:import_sheet"), values, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 302
    job = Job.objects.latest("pk")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    return job


def mapping_values(client):
    form = client.get(reverse("workspace:import_sheet")).context["form"]
    return {name: form.initial.get(name) or "" for name in form.fields}


def test_a_reader_may_not_import_project_lists(client, reader):
    client.force_login(reader)
    assert sheet_upload(client).status_code == 403
    assert SHEET_SESSION_KEY not in client.session


def test_a_plan_editor_imports_the_projects_into_a_focus_area_of_their_plan(client, editor, area):
    client.force_login(editor)
    sheet_upload(client)
    response = client.post(
        reverse("workspace:import_sheet"),
        {**mapping_values(client), "focus_area": area.pk, "action": "import"},
    )
    assert response.status_code == 302
    imported = Project.objects.filter(external_id__startswith="tilskud:")
    assert imported.count() == 2
    for project in imported:
        assert [(link.focus_area, link.is_primary) for link in project.focus_area_links.all()] == [
            (area, True)
        ]
        # The editor may go on changing them: their plan's projects now.
        assert may(editor, EDIT, project)


def test_an_editor_must_choose_a_focus_area_of_a_plan_they_edit(client, editor, area):
    elsewhere = factories.focus_area(factories.theme(factories.plan()))
    client.force_login(editor)
    sheet_upload(client)
    for chosen in ("", elsewhere.pk):
        response = client.post(
            reverse("workspace:import_sheet"),
            {**mapping_values(client), "focus_area": chosen, "action": "import"},
        )
        assert "focus_area" in response.context["form"].errors
    assert not Project.objects.exists()


def test_a_row_naming_another_plans_project_stops_the_editors_import_with_its_row(
    client, editor, area
):
    other = factories.project(
        focus_areas=[factories.focus_area(factories.theme(factories.plan()))],
        external_id="tilskud:P2",
        title="Cykelregnskab",
    )
    client.force_login(editor)
    sheet_upload(client)
    job = import_job(client, {**mapping_values(client), "focus_area": area.pk, "action": "import"})
    assert job.state == "failed"
    assert "række 3" in job.error and "tilladelse" in job.error
    assert list(Project.objects.all()) == [other]


def test_the_column_mapping_is_suggested_from_the_headers(client, admin):
    client.force_login(admin)
    assert sheet_upload(client)["Location"] == reverse("workspace:import_sheet")
    values = mapping_values(client)
    assert values["col_title"] == "Projekttitel"
    assert values["col_external_id"] == "Projekt-ID"
    assert values["col_budget"] == "Budget"
    assert values["name"] == "tilskud"


def test_importing_the_sheet_creates_the_projects_and_saves_the_mapping(client, admin):
    client.force_login(admin)
    sheet_upload(client)
    values = mapping_values(client)
    values["col_lead"] = ""  # the reviewer drops a column
    response = client.post(reverse("workspace:import_sheet"), {**values, "action": "import"})
    assert response.status_code == 302
    assert set(Project.objects.values_list("title", flat=True)) == {"Grøn bølge", "Cykelregnskab"}
    assert "lead" not in ColumnMapping.objects.get(name="tilskud").columns
    assert SHEET_SESSION_KEY not in client.session


def test_a_saved_mapping_is_offered_for_the_next_file(client, admin):
    ColumnMapping.objects.create(name="min-liste", columns={"title": "Projekttitel"})
    client.force_login(admin)
    sheet_upload(client, **{"sheet-mapping": "min-liste"})
    values = mapping_values(client)
    assert (values["name"], values["col_title"], values["col_budget"]) == (
        "min-liste",
        "Projekttitel",
        "",
    )


def test_reimporting_the_sheet_updates_instead_of_duplicating(client, admin):
    client.force_login(admin)
    for _ in range(2):
        sheet_upload(client)
        client.post(
            reverse("workspace:import_sheet"), {**mapping_values(client), "action": "import"}
        )
    assert Project.objects.count() == 2


def test_a_bad_row_stops_the_import_with_row_column_and_reason_in_danish(client, admin):
    client.force_login(admin)
    sheet_upload(client, CSV + "P3;Tredje;2020;2021;mange penge;Movia\n")
    job = import_job(client, {**mapping_values(client), "action": "import"})
    assert job.state == "failed"
    # every problem of the file, said on the job's page
    assert "række 4" in job.error and "kolonne “Budget”" in job.error
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "række 4" in page
    assert not Project.objects.exists()
    assert not ColumnMapping.objects.exists()


def test_the_pending_sheet_is_kept_in_storage_not_in_the_session(client, admin):
    client.force_login(admin)
    sheet_upload(client)
    stored = client.session[SHEET_SESSION_KEY]
    assert "data" not in stored
    assert default_storage.exists(stored["path"])
    client.post(reverse("workspace:import_sheet_cancel"))
    assert not default_storage.exists(stored["path"])


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_is_down_keeps_the_sheet_and_says_so(client, admin, settings, monkeypatch):
    from kombu.exceptions import OperationalError

    from actionplan.jobs import tasks

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    settings.ACTIONPLAN_JOB_RUNNER = "celery"
    monkeypatch.setattr(tasks.run, "apply_async", refused)
    client.force_login(admin)
    sheet_upload(client)
    values = {**mapping_values(client), "action": "import"}
    # outside a transaction, as a request is: the job is sent at once
    response = client.post(reverse("workspace:import_sheet"), values, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 400
    assert str(response.context["error"]) == Job.objects.get().error
    assert SHEET_SESSION_KEY in client.session  # try again without uploading again
    assert not Project.objects.exists()


def test_checking_reads_every_row_without_writing(client, admin):
    client.force_login(admin)
    sheet_upload(client)
    response = client.post(
        reverse("workspace:import_sheet"), {**mapping_values(client), "action": "check"}
    )
    assert len(response.context["checked"]) == 2
    assert not Project.objects.exists()


def test_a_mapping_without_a_title_column_is_refused_next_to_the_field(client, admin):
    client.force_login(admin)
    sheet_upload(client)
    values = {**mapping_values(client), "col_title": "", "action": "import"}
    response = client.post(reverse("workspace:import_sheet"), values)
    assert "col_title" in response.context["form"].errors
    assert not Project.objects.exists()


def test_a_sheet_that_cannot_be_read_is_refused_at_upload(client, admin):
    client.force_login(admin)
    response = sheet_upload(client, "Titel;Titel\n1;2\n")
    assert response.status_code == 400
    assert "file" in response.context["sheet_form"].errors
    assert SHEET_SESSION_KEY not in client.session


# -- query counts -----------------------------------------------------------------------------


def test_the_import_page_takes_as_many_queries_for_1_draft_as_for_50(client, editor, region):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("workspace:imports")).status_code == 200
        return len(captured)

    text = "Tema\n\nRUS-indsatsområde: Et område\n\nUdfordringen\n\nNoget.\n"
    plan_draft(editor, region, text)
    client.force_login(editor)
    one = queries()
    for _ in range(49):
        plan_draft(editor, region, text)
    fifty = queries()
    assert len(client.get(reverse("workspace:imports")).context["drafts"]) == 50
    assert one == fifty


def test_the_column_mapping_page_takes_as_many_queries_for_1_focus_area_as_for_20(
    client, editor, area
):
    client.force_login(editor)
    sheet_upload(client)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("workspace:import_sheet")).status_code == 200
        return len(captured)

    one = queries()
    for n in range(19):
        factories.focus_area(area.theme, title=f"Område {n}")
    assert queries() == one


def test_a_document_without_text_ends_as_a_failed_job_that_says_why(client, editor, region):
    client.force_login(editor)
    sheet = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Titel", "Beløb"])
    workbook.save(sheet)
    response = client.post(
        reverse("workspace:import_plan"),
        {"plan-file": upload("plan.xlsx", sheet.getvalue()), "plan-organisation": region.pk},
    )
    job = Job.objects.get(kind=Job.Kind.PLAN_IMPORT)
    assert response["Location"] == reverse("jobs:detail", kwargs={"pk": job.pk})
    assert job.state == Job.State.FAILED
    assert "plan.xlsx" in job.error and "XLSX" in job.error
    page = client.get(response["Location"]).content.decode()
    assert "plan.xlsx" in page and "Prøv igen" in page
    assert not IngestDraft.objects.exists()
