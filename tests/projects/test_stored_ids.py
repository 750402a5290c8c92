"""The projects' stored link ids (migration projects 0012) and the filters that read them.

On PostgreSQL every project keeps its organisations' ids (lead and partners) and its focus
areas' ids in arrays that triggers keep: after every kind of write to the links (services,
bulk writes, queryset updates and deletes, raw SQL, cascades) they must equal what the link
tables say. On both databases the organisation and focus-area filters must find exactly the
projects a plain reading of the rows finds, for random portfolios and random terms.
"""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from actionplan.core.search import fold
from actionplan.core.services import SYSTEM
from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects import selectors, services
from actionplan.projects.models import Participation, Project, ProjectFocusArea
from actionplan.projects.selectors import ProjectFilter, project_list
from tests import factories

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored ids exist on PostgreSQL only"
)


def stored(project: Project) -> tuple[list[int], list[int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT organisation_ids, focus_area_ids FROM projects_project WHERE id = %s",
            [project.pk],
        )
        organisation_ids, focus_area_ids = cursor.fetchone()
    return list(organisation_ids), list(focus_area_ids)


def truth(project: Project) -> tuple[list[int], list[int]]:
    """What the link tables say, read without the arrays."""
    project = Project.objects.get(pk=project.pk)
    organisations = set(
        Participation.objects.filter(project=project).values_list("organisation_id", flat=True)
    )
    if project.lead_id is not None:
        organisations.add(project.lead_id)
    areas = set(
        ProjectFocusArea.objects.filter(project=project).values_list("focus_area_id", flat=True)
    )
    return sorted(organisations), sorted(areas)


def assert_right(*projects: Project) -> None:
    for project in projects:
        assert stored(project) == truth(project), project.slug


@postgres_only
@pytest.mark.django_db
class TestTriggersKeepTheIds:
    @pytest.fixture
    def world(self):
        area, other_area = factories.focus_area(), factories.focus_area()
        lead, partner, third = (factories.organisation() for _ in range(3))
        project = factories.project([area], lead=lead)
        return {
            "area": area,
            "other_area": other_area,
            "lead": lead,
            "partner": partner,
            "third": third,
            "project": project,
        }

    def test_a_new_project_holds_its_lead_and_focus_areas(self, world):
        assert stored(world["project"]) == ([world["lead"].pk], [world["area"].pk])

    def test_a_project_without_lead_or_links_holds_empty_arrays(self):
        project = factories.project([], lead=None)
        assert stored(project) == ([], [])

    def test_adding_and_removing_partner_roles(self, world):
        project, partner = world["project"], world["partner"]
        roles = [
            services.participation_add(
                actor=SYSTEM, project=project, organisation=partner, role=role
            )
            for role in (Participation.Role.FUNDING, Participation.Role.IMPLEMENTING)
        ]
        assert partner.pk in stored(project)[0]
        assert_right(project)
        services.participation_remove(actor=SYSTEM, participation=roles[0])
        assert partner.pk in stored(project)[0]  # still a partner through its other role
        services.participation_remove(actor=SYSTEM, participation=roles[1])
        assert partner.pk not in stored(project)[0]
        assert_right(project)

    def test_the_lead_changing_or_going(self, world):
        project = world["project"]
        services.project_update(actor=SYSTEM, project=project, lead=world["third"])
        assert stored(project)[0] == [world["third"].pk]
        services.project_update(actor=SYSTEM, project=project, lead=None)
        assert stored(project)[0] == []
        assert_right(project)

    def test_a_lead_that_is_also_a_partner_is_held_once(self, world):
        project, lead = world["project"], world["lead"]
        services.participation_add(
            actor=SYSTEM, project=project, organisation=lead, role=Participation.Role.ACCOUNTABLE
        )
        assert stored(project)[0] == [lead.pk]

    def test_focus_areas_added_set_and_removed(self, world):
        project, area, other = world["project"], world["area"], world["other_area"]
        link = services.project_focus_area_add(actor=SYSTEM, project=project, focus_area=other)
        assert stored(project)[1] == sorted([area.pk, other.pk])
        services.project_focus_area_remove(actor=SYSTEM, link=link)
        assert stored(project)[1] == [area.pk]
        services.project_focus_areas_set(
            actor=SYSTEM, project=project, focus_areas=[other], primary=other
        )
        assert stored(project)[1] == [other.pk]
        assert_right(project)

    def test_bulk_writes_updates_and_deletes_without_the_services(self, world):
        project, partner, third = world["project"], world["partner"], world["third"]
        other = factories.project([], lead=None)
        Participation.objects.bulk_create(
            [
                Participation(project=project, organisation=partner, role="funding"),
                Participation(project=other, organisation=third, role="funding"),
            ]
        )
        assert_right(project, other)
        # A role moved to another project and organisation: both projects change.
        Participation.objects.filter(project=project, organisation=partner).update(
            project=other, organisation=world["lead"]
        )
        assert_right(project, other)
        Participation.objects.filter(project=other).delete()
        assert_right(project, other)
        ProjectFocusArea.objects.filter(project=project).update(project=other)
        assert_right(project, other)
        Project.objects.filter(pk=other.pk).update(lead=partner)
        assert_right(other)

    def test_raw_writes_to_the_arrays_are_recomputed(self, world):
        project = world["project"]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE projects_project SET organisation_ids = '{999}', focus_area_ids = '{}' "
                "WHERE id = %s",
                [project.pk],
            )
        assert_right(project)

    def test_a_deleted_focus_area_leaves_its_projects(self, world):
        project, area = world["project"], world["area"]
        FocusArea.objects.filter(pk=area.pk).delete()  # cascades to the links
        assert stored(project)[1] == []


# -- the filters give what the rows say, on both databases --------------------------------

NAME_WORDS = ["Kommune", "kommunes", "Region", "Ærø", "ærøs", "Øst", "Å", "fonden", "A/S", "a"]
TERMS = [
    "kommune",
    "KOMMUNE",
    "region",
    "ærø",
    "ÆRØ",
    "øst",
    "å",
    "a",
    "fond",
    "a/s",
    "%",
    "_",
    "zzz",
]

portfolio = st.fixed_dictionaries(
    {
        "names": st.lists(
            st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=3).map(" ".join),
            min_size=1,
            max_size=5,
        ),
        "projects": st.lists(
            st.fixed_dictionaries(
                {
                    "lead": st.none() | st.integers(0, 4),
                    "partners": st.sets(st.integers(0, 4), max_size=3),
                    "areas": st.sets(st.integers(0, 3), max_size=3),  # 0-1 published, 2-3 draft
                    "published": st.booleans(),
                }
            ),
            max_size=8,
        ),
    }
)


def _build(spec: dict) -> tuple[list[Organisation], list[FocusArea]]:
    published, draft = factories.plan(), factories.plan(status=ActionPlan.Status.DRAFT)
    themes = [factories.theme(published), factories.theme(draft)]
    areas = [factories.focus_area(themes[i // 2]) for i in range(4)]
    organisations = [factories.organisation(name=name) for name in spec["names"]]
    for item in spec["projects"]:
        lead = item["lead"]
        project = factories.project(
            [areas[i] for i in sorted(item["areas"])],
            is_published=item["published"],
            lead=organisations[lead] if lead is not None and lead < len(organisations) else None,
        )
        for i in sorted(item["partners"]):
            if i < len(organisations):
                services.participation_add(
                    actor=SYSTEM,
                    project=project,
                    organisation=organisations[i],
                    role=Participation.Role.IMPLEMENTING,
                )
    return organisations, areas


def _named(project: Project, term: str) -> bool:
    """Whether the lead or a partner has the term as its slug or in its name (folded)."""
    organisations = [p.organisation for p in project.participations.all()]
    if project.lead is not None:
        organisations.append(project.lead)
    return any(o.slug == term or fold(term) in fold(o.name) for o in organisations)


def _in_areas(project: Project, areas: set[int]) -> bool:
    """Whether a link to a focus area of a published plan is among `areas`."""
    return any(
        link.focus_area_id in areas and link.focus_area.plan.status == ActionPlan.Status.PUBLISHED
        for link in project.focus_area_links.all()
    )


def _published() -> list[Project]:
    return list(
        Project.objects.filter(is_published=True)
        .select_related("lead")
        .prefetch_related("participations__organisation", "focus_area_links__focus_area__plan")
    )


class FiltersAgreeWithTheRows(TestCase):
    def _check(self, spec, term, area_filter, area_index):
        _organisations, areas = _build(spec)
        area = areas[area_index]
        chosen = {
            "plan": (
                ProjectFilter(plan=area.plan.slug),
                {a.pk for a in areas if a.plan == area.plan},
            ),
            "theme": (
                ProjectFilter(theme=area.theme_id),
                {a.pk for a in areas if a.theme == area.theme},
            ),
            "focus_area": (ProjectFilter(focus_area=area.pk), {area.pk}),
        }
        by_name = {p.slug for p in project_list(ProjectFilter(organisation_name=term))}
        self.assertEqual(by_name, {p.slug for p in _published() if _named(p, term)}, term)
        area_filter_value, area_ids = chosen[area_filter]
        by_area = {p.slug for p in project_list(area_filter_value)}
        self.assertEqual(by_area, {p.slug for p in _published() if _in_areas(p, area_ids)})

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        spec=portfolio,
        term=st.sampled_from(TERMS),
        area_filter=st.sampled_from(["plan", "theme", "focus_area"]),
        area_index=st.integers(0, 3),
    )
    def test_the_filters_find_what_the_rows_say(self, spec, term, area_filter, area_index):
        self._check(spec, term, area_filter, area_index)

    @settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(spec=portfolio, term=st.sampled_from(TERMS))
    def test_many_matching_organisations_give_the_same(self, spec, term):
        """Beyond INLINE_IDS matching organisations the filter takes its other form."""
        inline = selectors.INLINE_IDS
        selectors.INLINE_IDS = 0
        try:
            self._check(spec, term, "theme", 0)
        finally:
            selectors.INLINE_IDS = inline


@pytest.mark.django_db
def test_a_slug_finds_the_organisation_s_projects_and_no_other():
    mine, other = factories.organisation(name="Ærø Kommune"), factories.organisation()
    led = factories.project(lead=mine)
    partnered = factories.project(lead=other)
    services.participation_add(
        actor=SYSTEM, project=partnered, organisation=mine, role=Participation.Role.FUNDING
    )
    factories.project(lead=other)
    found = {p.slug for p in project_list(ProjectFilter(organisation=mine.slug))}
    assert found == {led.slug, partnered.slug}


@pytest.mark.django_db
def test_a_term_no_organisation_holds_finds_nothing():
    factories.project(lead=factories.organisation(name="Ærø Kommune"))
    assert list(project_list(ProjectFilter(organisation_name="zzqxj"))) == []


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_transactions_adding_partners_at_once_both_end_up_in_the_array():
    """The second waits for the first's lock on the project row; its recount then sees the
    first's committed partner (the row trigger's query takes a snapshot of its own)."""
    import threading

    from django.db import connections, transaction

    project = factories.project([], lead=None)
    first, second = factories.organisation(), factories.organisation()
    first_wrote = threading.Event()
    errors: list[BaseException] = []

    def add(organisation, *, before_commit=None, wait=None):
        try:
            if wait is not None:
                wait.wait(5)
            with transaction.atomic():
                Participation.objects.create(
                    project_id=project.pk, organisation=organisation, role="funding"
                )
                if before_commit is not None:
                    before_commit()
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    def hold_then_commit():
        first_wrote.set()
        threading.Event().wait(0.5)  # the second insert is now waiting for the row lock

    threads = [
        threading.Thread(target=add, args=(first,), kwargs={"before_commit": hold_then_commit}),
        threading.Thread(target=add, args=(second,), kwargs={"wait": first_wrote}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert not errors
    assert stored(project)[0] == sorted([first.pk, second.pk])
