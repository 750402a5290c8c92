"""Restructuring a plan draft before commit: roles, moves, merges and splits."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplan.ingest import services
from actionplan.ingest.models import IngestDraft
from actionplan.ingest.review import restructure
from actionplan.ingest.safety import check_upload

TEXT = """Handlingsplan 2030-2031

Klima

Indsatsområde: Rent vand

Udfordringen
Vandet er truet. Fakta står her.

Mulige aktiviteter
• Kortlægning
• Workshops. Kommuner og vandværker

Mulige partnere
• Kommuner
• Vandværker

Energi

Indsatsområde: Vind

Udfordringen
Vinden blæser.
"""


def _data():
    from actionplan.ingest.plan import parse_plan_text

    data = parse_plan_text(TEXT)
    data.pop("doubts")
    return data


def test_a_list_read_as_activities_becomes_partners():
    data = restructure(_data(), op="role", theme=0, area=0, part="activities", target="partners")
    area = data["themes"][0]["focus_areas"][0]
    assert area["activities"] == []
    assert area["partners"] == [
        "Kommuner",
        "Vandværker",
        "Kortlægning",
        "Workshops. Kommuner og vandværker",
    ]


def test_items_move_merge_and_split():
    data = restructure(_data(), op="split", theme=0, area=0, part="activities", index=1)
    assert [a["text"] for a in data["themes"][0]["focus_areas"][0]["activities"]] == [
        "Kortlægning",
        "Workshops.",
        "Kommuner og vandværker",
    ]
    data = restructure(data, op="merge", theme=0, area=0, part="activities", index=0)
    data = restructure(data, op="down", theme=0, area=0, part="activities", index=0)
    assert [a["text"] for a in data["themes"][0]["focus_areas"][0]["activities"]] == [
        "Kommuner og vandværker",
        "Kortlægning Workshops.",
    ]
    data = restructure(
        data, op="move_item", theme=0, area=0, part="activities", index=0, target="partners"
    )
    assert data["themes"][0]["focus_areas"][0]["partners"][-1] == "Kommuner og vandværker"
    data = restructure(data, op="split", theme=0, area=0, part="challenge", index=0, target="Fakta")
    assert data["themes"][0]["focus_areas"][0]["challenge"] == "Vandet er truet.\n\nFakta står her."
    data = restructure(data, op="move_area", theme=1, area=0, target="0")
    assert [a["title"] for a in data["themes"][0]["focus_areas"]] == ["Rent vand", "Vind"]


def test_a_change_that_cannot_be_made_is_refused():
    with pytest.raises(ValidationError):
        restructure(_data(), op="merge", theme=0, area=0, part="partners", index=1)
    with pytest.raises(ValidationError):
        restructure(_data(), op="role", theme=0, area=9, part="partners", target="facts")


@pytest.mark.django_db
def test_the_review_page_changes_the_structure_and_commits_all_or_nothing(client, staff):
    client.force_login(staff)
    upload = check_upload("vand.txt", TEXT.encode())
    draft = services.plan_draft_create(actor=staff, upload=upload)
    page = reverse("workspace:import_draft_area", args=[draft.pk, 0, 0])
    response = client.get(page)
    assert response.status_code == 200
    assert "Workshops. Kommuner og vandværker" in response.content.decode()
    url = reverse("workspace:import_draft_restructure", args=[draft.pk, 0, 0])
    response = client.post(url, {"op": "split", "part": "activities", "index": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert len(draft.data["themes"][0]["focus_areas"][0]["activities"]) == 3
    assert draft.state == IngestDraft.State.DRAFT
    response = client.post(url, {"op": "merge", "part": "partners", "index": "7"})
    assert response.status_code == 302  # refused with a message, the draft unchanged
    draft.refresh_from_db()
    assert draft.data["themes"][0]["focus_areas"][0]["partners"] == ["Kommuner", "Vandværker"]


OWN_WORDS = """Tema: Klima

Indsatsområde: Rent vand

Sådan står det til
Vandet er truet.

Vores svar
Vi kortlægger.
"""


@pytest.mark.django_db
def test_an_organisations_own_words_are_kept_and_read(client, staff):
    from actionplan.ingest.models import RoleLabel
    from tests import factories

    owner = factories.organisation(slug="nordkysten", name="Region Nordkysten", kind="region")
    upload = check_upload("vand.txt", OWN_WORDS.encode())
    before = services.plan_draft_create(actor=staff, upload=upload, organisation=owner)
    area = before.data["themes"][0]["focus_areas"][0]
    assert area["approach"] == "" and before.doubts
    client.force_login(staff)
    url = reverse("workspace:import_labels")
    assert client.get(url).status_code == 200
    for role, word in (("challenge", "Sådan står det til"), ("approach", "Vores svar")):
        response = client.post(url, {"organisation": owner.pk, "role": role, "label": word})
        assert response.status_code == 302
    assert RoleLabel.objects.filter(organisation=owner).count() == 2
    after = services.plan_draft_create(actor=staff, upload=upload, organisation=owner)
    area = after.data["themes"][0]["focus_areas"][0]
    assert (area["challenge"], area["approach"]) == ("Vandet er truet.", "Vi kortlægger.")
    label = RoleLabel.objects.filter(organisation=owner).first()
    client.post(url, {"remove": label.pk})
    assert RoleLabel.objects.filter(organisation=owner).count() == 1
