"""The world the route tests run in: the demo plan with one user per role (used by the
permission matrix, the form fuzzer and the browser tests)."""

import datetime as dt
from dataclasses import dataclass

from actionplan.accounts.models import Role
from actionplan.core.services import SYSTEM
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects.models import Project
from actionplan.projects.services import cofunding_create, participation_add
from actionplan.rounds.models import StatusRound, UpdateRequest
from actionplan.rounds.services import round_open
from tests import factories


@dataclass
class World:
    """The demo plan, an open status round on it, and one user per role: organisation roles
    on Region Hovedstaden, a reporter on one demo project, an editor of another organisation."""

    plan: ActionPlan
    area: FocusArea
    project: Project
    organisation: Organisation
    round: StatusRound
    request: UpdateRequest
    users: dict

    @property
    def published_round(self):
        return self.plan.rounds.get(state=StatusRound.State.PUBLISHED)

    @property
    def theme(self):
        return self.area.theme

    @property
    def goal(self):
        return self.plan.focus_areas.filter(goals__indicators__isnull=False).first().goals.first()

    @property
    def indicator(self):
        return self.goal.indicators.first()

    @property
    def grant(self):
        return self.project.grants.first()

    @property
    def participation(self):
        return self.project.participations.first()

    @property
    def cofunding(self):
        return self.project.cofunding.first()

    @property
    def attachment(self):
        """An internal file on the (published) project: staff and its reporter only."""
        return self.project.attachments.first() or factories.attachment(self.project)


def make_world(demo: ActionPlan) -> World:
    region = Organisation.objects.get(slug="region-hovedstaden")
    project = Project.objects.get(slug="power-to-x-overskudsvarme")
    users = {
        "outsider": factories.user(role=Role.EDITOR, organisation=factories.organisation()),
        "reporter": factories.user(role=Role.REPORTER, project=project),
        "reader": factories.user(role=Role.READER, organisation=region),
        "editor": factories.user(role=Role.EDITOR, organisation=region),
        "admin": factories.user(role=Role.ADMIN, organisation=region),
    }
    status_round = round_open(
        actor=SYSTEM,
        plan=demo,
        name="Status 2022",
        slug="status-2022",
        reference_date=dt.date(2022, 10, 1),
        deadline=dt.date(2022, 11, 1),
    )
    request = UpdateRequest.objects.get(round=status_round, project=project)
    participation_add(actor=SYSTEM, project=project, organisation=region, role="funding")
    cofunding_create(
        actor=SYSTEM, project=project, source=FundingSource.objects.first(), status="applied"
    )
    area = project.focus_areas.first()
    return World(demo, area, project, region, status_round, request, users)
