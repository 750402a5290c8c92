import pytest

from actionplan.core.services import SYSTEM
from actionplan.demo.loader import read
from actionplan.ingest import services
from actionplan.ingest.models import IngestDraft
from actionplan.ingest.plan import parse_plan_text, plan_differences
from actionplan.ingest.safety import check_upload, read_path
from actionplan.ingest.text import clean_lines, join_lines, vocabulary
from actionplan.plans.models import ActionPlan
from tests import factories
from tests.paths import SEEDS

SEED = SEEDS / "rus-handlingsplan-2020-2021.txt"

# What the reader cannot get from the plan's text alone, said here so each stays visible:
# - stem.goals: the curated target year 2030 comes from the status memo, not the plan.
# - folkesundhed.approach: a paragraph ends on a full line with nothing in the extracted
#   text to tell it from a line-wrap.
KNOWN = {"stem.goals", "folkesundhed.approach"}


def _curated_themes():
    return [read(name) for name in read("plan.yaml")["themes"]]


def test_the_seed_plan_reproduces_the_curated_demo_plan_field_by_field():
    parsed = parse_plan_text(SEED.read_text(encoding="utf-8"))
    differences = plan_differences(parsed, _curated_themes())
    print("\n".join(differences))
    assert {d.split(":")[0] for d in differences} == KNOWN


def test_the_seed_plan_has_every_theme_and_focus_area():
    parsed = parse_plan_text(SEED.read_text(encoding="utf-8"))
    assert [t["title"] for t in parsed["themes"]] == [t["title"] for t in _curated_themes()]
    assert sum(len(t["focus_areas"]) for t in parsed["themes"]) == 14


def _words(text):
    return vocabulary(clean_lines(text))


def test_line_break_hyphens_are_joined_and_real_hyphens_kept():
    words = _words("Power-to-X og Interreg-projektet i DK2020-samarbejdet")
    assert join_lines(["fra Po-", "wer-to-X i"], words) == "fra Power-to-X i"
    assert join_lines(["fx Interreg-", "projekter som"], words) == "fx Interreg-projekter som"
    assert (
        join_lines(["planredskaber og", "-processer i"], words) == "planredskaber og -processer i"
    )
    assert join_lines(["i DK2020-", "projektet"], set()) == "i DK2020-projektet"
    assert join_lines(["klimatil-", "pasning"], set()) == "klimatilpasning"
    assert join_lines(["energi- og transportsektoren"], set()) == "energi- og transportsektoren"


def test_page_numbers_and_lone_bullets_are_repaired():
    lines = clean_lines("Mulige partnere\n•\nGymnasier\n12\n• Erhvervsskoler\n")
    assert [line.text for line in lines if not line.blank] == [
        "Mulige partnere",
        "• Gymnasier",
        "• Erhvervsskoler",
    ]


@pytest.mark.django_db
def test_a_plan_draft_reaches_the_plans_only_when_committed():
    owner = factories.organisation(slug="ingest-owner", kind="region")
    upload = read_path(SEED)
    plans_before = ActionPlan.objects.count()
    draft = services.plan_draft_create(actor=SYSTEM, upload=upload, organisation_slug=owner.slug)
    assert draft.state == IngestDraft.State.DRAFT
    assert "Sikre grundvandet" in services.plan_summary(draft)
    assert ActionPlan.objects.count() == plans_before
    plan = services.plan_draft_commit(actor=SYSTEM, draft=draft, slug="ingested-plan")
    draft.refresh_from_db()
    assert draft.state == IngestDraft.State.COMMITTED and draft.plan == plan
    assert plan.status == ActionPlan.Status.DRAFT
    assert plan.themes.count() == 4
    area = plan.focus_areas.get(title="Sikre grundvandet")
    assert area.goals.get().target_years == [2030]
    assert area.suggested_partners.count() == 4


@pytest.mark.django_db
def test_a_docx_plan_is_read_with_its_bullets():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Klima og miljø i balance")
    document.add_paragraph("RUS-indsatsområde: Sikre grundvandet")
    document.add_paragraph("Udfordringen")
    document.add_paragraph("Gamle jordforureninger truer grundvandet.")
    document.add_paragraph("Mulige partnere")
    document.add_paragraph("Kommuner", style="List Bullet")
    document.add_paragraph("Vandforsyninger", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    draft = services.plan_draft_create(
        actor=SYSTEM, upload=check_upload("plan.docx", buffer.getvalue())
    )
    area = draft.data["themes"][0]["focus_areas"][0]
    assert area["title"] == "Sikre grundvandet"
    assert area["challenge"] == "Gamle jordforureninger truer grundvandet."
    assert area["partners"] == ["Kommuner", "Vandforsyninger"]
