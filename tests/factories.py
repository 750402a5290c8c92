"""Test data made through the services, as the application itself makes it."""

import datetime as dt
import itertools
from decimal import Decimal

from actionplan.core.services import SYSTEM
from actionplan.organisations import services as organisations
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans import services as plans
from actionplan.plans.models import ActionPlan, FocusArea, Theme
from actionplan.projects import services as projects
from actionplan.projects.models import Project, ProjectStatus

_seq = itertools.count(1)


def organisation(**values) -> Organisation:
    n = next(_seq)
    values = {"name": f"Organisation {n}", "slug": f"org-{n}", **values}
    return organisations.organisation_create(actor=SYSTEM, **values)


def funding_source(**values) -> FundingSource:
    n = next(_seq)
    values = {"name": f"Pulje {n}", "slug": f"pulje-{n}", **values}
    return organisations.funding_source_create(actor=SYSTEM, **values)


def plan(**values) -> ActionPlan:
    n = next(_seq)
    owner = values.pop("organisation", None) or organisation(kind=Organisation.Kind.REGION)
    strategy = plans.strategy_create(
        actor=SYSTEM, title=f"Strategi {n}", slug=f"strategi-{n}", organisation=owner
    )
    values = {
        "title": f"Handlingsplan {n}",
        "slug": f"plan-{n}",
        "period_start": dt.date(2020, 1, 1),
        "period_end": dt.date(2021, 12, 31),
        "status": ActionPlan.Status.PUBLISHED,
        **values,
    }
    return plans.plan_create(actor=SYSTEM, strategy=strategy, **values)


def theme(plan_=None, **values) -> Theme:
    n = next(_seq)
    values = {"title": f"Tema {n}", "slug": f"tema-{n}", **values}
    return plans.theme_create(actor=SYSTEM, plan=plan_ or plan(), **values)


def focus_area(theme_=None, **values) -> FocusArea:
    n = next(_seq)
    values = {"title": f"Indsatsområde {n}", "slug": f"indsats-{n}", **values}
    return plans.focus_area_create(actor=SYSTEM, theme=theme_ or theme(), **values)


def project(focus_areas=None, **values) -> Project:
    n = next(_seq)
    values = {
        "title": f"Projekt {n}",
        "slug": f"projekt-{n}",
        "status": ProjectStatus.STARTED,
        "is_published": True,
        **values,
    }
    return projects.project_create(
        actor=SYSTEM,
        focus_areas=focus_areas if focus_areas is not None else [focus_area()],
        **values,
    )


def grant(project_, amount="1000000", **values):
    source = values.pop("source", None) or funding_source()
    return projects.grant_create(
        actor=SYSTEM,
        project=project_,
        source=source,
        amount=None if amount is None else Decimal(amount),
        **values,
    )


def contact(project_=None, **values):
    from actionplan.privacy.services import contact_create

    n = next(_seq)
    values = {"name": f"Kontakt Person{n}", "email": f"kontakt{n}@example.dk", **values}
    return contact_create(actor=SYSTEM, project=project_ or project(), **values)


def goal(focus_area_=None, **values):
    from actionplan.plans.services import goal_create

    n = next(_seq)
    values = {"statement": f"Mål {n}", **values}
    return goal_create(actor=SYSTEM, focus_area=focus_area_ or focus_area(), **values)


def indicator(goal_=None, observations=(), **values):
    """An indicator; observations as (date, value) pairs, value a number or a text."""
    from actionplan.indicators.models import Indicator
    from actionplan.indicators.services import indicator_create, observation_create

    n = next(_seq)
    values = {"name": f"Indikator {n}", "measure": Indicator.Measure.UNIT, **values}
    made = indicator_create(actor=SYSTEM, goal=goal_ or goal(), **values)
    for date, value in observations:
        if isinstance(value, str) and made.measure == Indicator.Measure.QUALITATIVE:
            observation_create(actor=SYSTEM, indicator=made, date=date, text=value)
        else:
            observation_create(actor=SYSTEM, indicator=made, date=date, value=value)
    return made


def user(username=None, **values):
    """A user; with role= and a scope (organisation=, plan= or project=) it holds that role."""
    from django.contrib.auth import get_user_model

    from actionplan.accounts.services import membership_grant

    role = values.pop("role", None)
    scope = {k: values.pop(k) for k in ("organisation", "plan", "project") if k in values}
    n = next(_seq)
    account = get_user_model().objects.create_user(
        username=username or f"user-{n}",
        email=values.pop("email", f"user-{n}@example.org"),
        **values,
    )
    if role:
        membership_grant(actor=SYSTEM, user=account, role=role, **scope)
    return account


def status_update(
    project_, *, round=None, date=None, status=ProjectStatus.STARTED, actor=SYSTEM, **values
):
    """An approved (public) status update, submitted and approved through the services. A
    round that is already closed or published is opened for the moment it takes (test data
    set up out of order; the application itself refuses that)."""
    from actionplan.rounds import services as rounds
    from actionplan.rounds.models import StatusRound

    values.setdefault("narrative", "Godt i gang.")
    state = round.state if round is not None else None
    if state not in (None, StatusRound.State.OPEN):
        StatusRound.objects.filter(pk=round.pk).update(state=StatusRound.State.OPEN)
        round.state = StatusRound.State.OPEN
    update = rounds.status_update_import(
        actor=actor,
        project=project_,
        round=round,
        date=date or dt.date(2021, 5, 1),
        status=status,
        **values,
    )
    if state not in (None, StatusRound.State.OPEN):
        StatusRound.objects.filter(pk=round.pk).update(state=state)
        round.state = state
    return update


def attachment(project_=None, name="slutrapport.pdf", data=None, **values):
    from actionplan.attachments.content import check_file
    from actionplan.attachments.services import attachment_add
    from tests.attachments import samples

    data = data if data is not None else samples.pdf()
    return attachment_add(
        actor=values.pop("actor", SYSTEM),
        project=project_ or project(),
        file=check_file(name, data),
        **values,
    )
