"""The portal and the API list the same projects for the same filter.

Random portfolios (plans published and drafts, projects published and not, with and without
dates, leads, partners and grants, titles with inflected Danish words) and random filters
chosen from what the portal's filter form offers; the portal's CSV download of the project
list (every row of the page's list) and the API's project list must hold the same projects.
"""

import csv
import io

from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from actionplan.core.services import SYSTEM
from actionplan.plans.models import ActionPlan
from actionplan.portal.selectors import filter_options
from actionplan.projects import services
from actionplan.projects.models import Participation, ProjectStatus
from tests import factories

WORDS = [
    "Klimatilpasning",
    "klimatilpasningen",
    "Østerbro",
    "østerbros",
    "grønne",
    "GRØN",
    "vand",
    "vandet",
    "Æblehaver",
    "skov",
    "og",
    "byen",
]
STATUSES = [value for value, _label in ProjectStatus.choices]

project_spec = st.fixed_dictionaries(
    {
        "title": st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
        "description": st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join),
        "status": st.sampled_from(STATUSES),
        "published": st.booleans(),
        "start": st.none() | st.integers(2018, 2025),
        "length": st.none() | st.integers(0, 4),  # years after the start; None: no end
        "areas": st.sets(st.integers(0, 3), max_size=3),  # areas 0-1 published, 2-3 draft
        "lead": st.none() | st.integers(0, 2),
        "partners": st.sets(st.integers(0, 2), max_size=2),
        "sources": st.sets(st.integers(0, 1), max_size=2),
    }
)


def _build(specs: list[dict]) -> None:
    published, draft = factories.plan(), factories.plan(status=ActionPlan.Status.DRAFT)
    areas = [
        factories.focus_area(factories.theme(plan)) for plan in (published, published, draft, draft)
    ]
    organisations = [factories.organisation() for _ in range(3)]
    sources = [factories.funding_source() for _ in range(2)]
    for spec in specs:
        start = spec["start"]
        end = None
        if start is not None and spec["length"] is not None:
            end = f"{start + spec['length']}-06-30"
        project = factories.project(
            [areas[i] for i in sorted(spec["areas"])],
            title=spec["title"],
            description=spec["description"],
            status=spec["status"],
            is_published=spec["published"],
            start=f"{start}-03-01" if start is not None else None,
            end=end,
            lead=organisations[spec["lead"]] if spec["lead"] is not None else None,
        )
        for i in sorted(spec["partners"]):
            services.participation_add(
                actor=SYSTEM,
                project=project,
                organisation=organisations[i],
                role=Participation.Role.IMPLEMENTING,
            )
        for i in sorted(spec["sources"]):
            factories.grant(project, "1000", source=sources[i])


@st.composite
def filters(draw) -> dict[str, str]:
    """A filter the portal's form accepts: values from its options (filter_options)."""
    options = filter_options()
    chosen: dict[str, str] = {}
    if options["themes"] and draw(st.booleans()):
        chosen["theme"] = str(draw(st.sampled_from(options["themes"]))[0])
    if options["focus_areas"] and draw(st.booleans()):
        chosen["focus_area"] = str(draw(st.sampled_from(options["focus_areas"]))[0])
    if draw(st.booleans()):
        chosen["status"] = draw(st.sampled_from(STATUSES))
    if options["years"] and draw(st.booleans()):
        chosen["year"] = str(draw(st.sampled_from(options["years"])))
    if options["organisations"] and draw(st.booleans()):
        chosen["organisation"] = draw(st.sampled_from(options["organisations"]))[0]
    if options["sources"] and draw(st.booleans()):
        chosen["source"] = draw(st.sampled_from(options["sources"]))[0]
    if draw(st.booleans()):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2))
        chosen["q"] = " ".join(w.upper() if draw(st.booleans()) else w for w in words)
    return chosen


API_NAMES = {"q": "search", "source": "funding_source"}


class PortalAndApiAgree(TestCase):
    def _portal(self, chosen: dict[str, str]) -> set[str]:
        url = reverse("portal:projects_download", args=["csv"])
        response = self.client.get(url, chosen)
        self.assertEqual(response.status_code, 200)
        text = b"".join(response.streaming_content).decode()
        return {row["id"] for row in csv.DictReader(io.StringIO(text))}

    def _api(self, chosen: dict[str, str]) -> set[str]:
        query = {API_NAMES.get(name, name): value for name, value in chosen.items()}
        found: set[str] = set()
        page = 1
        while True:
            response = self.client.get(
                "/api/v1/projects", {**query, "page_size": 100, "page": page}
            )
            self.assertEqual(response.status_code, 200, response.content)
            body = response.json()
            found |= {item["id"] for item in body["items"]}
            if page >= body["pages"]:
                return found
            page += 1

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(specs=st.lists(project_spec, max_size=8), data=st.data())
    def test_the_same_projects_for_the_same_filter(self, specs, data):
        cache.clear()
        _build(specs)
        chosen = data.draw(filters(), label="filter")
        self.assertEqual(self._portal(chosen), self._api(chosen), chosen)


def test_a_project_runs_in_a_year_it_overlaps_and_never_without_a_start(db):
    from actionplan.projects.selectors import ProjectFilter, project_list

    area = factories.focus_area()
    spans = {
        "before": ("2019-01-01", "2019-12-31"),
        "into": ("2019-06-01", "2020-01-01"),
        "open": ("2020-12-31", None),
        "after": ("2021-01-01", None),
        "no-start": (None, "2020-06-01"),
        "nothing": (None, None),
    }
    for slug, (start, end) in spans.items():
        factories.project([area], slug=slug, start=start, end=end)
    running = {p.slug for p in project_list(ProjectFilter(year=2020))}
    assert running == {"into", "open"}
