"""IATI activity XML 2.03 for the published projects (https://iatistandard.org/en/iati-standard/203/).

One <iati-activity> per project: the plan owner reports it; organisations take the IATI roles
(1 funding, 2 accountable, 3 extending, 4 implementing); the project status maps onto the
activity status codes; the total budget is a budget and every grant a commitment
(transaction type 2); the goals of the project's focus areas are results with indicators.

The file follows the IATI Standard Ruleset as well as the schema (tests/opendata/test_iati_rules.py
reads the ruleset and checks every export against it), and states only what the data know:

- Identifiers: an organisation's is DK-CVR-<number> (the registration-agency list) where its CVR
  number is known; otherwise it is named without a ref. The reporting organisation (the plan's
  owner, or the publisher for projects outside a plan) needs one: without a CVR number there is
  no activity identifier to give, and its projects are left out.
- Dates: IATI requires a start date, so projects whose start is unknown are left out rather than
  given one. A start is actual once the project has started and the day has come, else planned;
  an end is actual once the project is completed and the day has passed, else planned. A
  completed project without an actual end is reported as in finalisation, not closed.
- Sectors: the OECD DAC purpose code of each focus area (or of its theme; 99810, sectors not
  specified, where neither names one), shared evenly, plus the plan's own focus areas
  (vocabulary 99) and themes (98).
- Budgets: a budget where the project's period is at most a year (the budget-period rule);
  a longer project's total budget is a planned disbursement over its whole period, since
  splitting it into years would invent the split.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone
from lxml import etree

from actionplan.core import xmltext
from actionplan.indicators.models import Indicator
from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan
from actionplan.plans.sectors import NOT_SPECIFIED
from actionplan.plans.selectors import published_plans
from actionplan.projects.models import Project, ProjectStatus
from actionplan.projects.selectors import projects_for_iati

VERSION = "2.03"
CURRENCY = "DKK"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CHUNK_SIZE = 200

# IATI codelist ActivityStatus.
ACTIVITY_STATUS = {
    "idea": "1",
    "applied": "1",
    "granted": "1",
    "started": "2",
    "completed": "4",
    "cancelled": "5",
    "rejected": "5",
    "suspended": "6",
}
# IATI codelist OrganisationRole.
ROLE = {
    "funding": "1",
    "accountable": "2",
    "extending": "3",
    "implementing": "4",
}
# IATI codelist OrganisationType.
ORGANISATION_TYPE = {
    "region": "11",
    "municipality": "11",
    "state": "10",
    "knowledge": "80",
    "company": "70",
    "foundation": "60",
    "eu_programme": "40",
    "association": "22",
    "other": "90",
}
# IATI codelist IndicatorMeasure.
MEASURE = {
    "unit": "1",
    "percentage": "2",
    "dkk": "1",
    "milestone": "3",
    "qualitative": "5",
}
FINALISATION = "3"
# The project statuses in which the project has started (an actual start, once the day has come).
BEGUN = (ProjectStatus.STARTED, ProjectStatus.COMPLETED, ProjectStatus.SUSPENDED)
# IATI codelist SectorVocabulary: OECD DAC 5-digit, and the reporting organisation's own two.
DAC_VOCABULARY, FOCUS_AREA_VOCABULARY, THEME_VOCABULARY = "1", "99", "98"
# The ruleset's budget-period rule (7.5.3): a budget covers at most a year.
MAX_BUDGET_DAYS = 365
RESULT_OUTCOME = "2"
TRANSACTION_COMMITMENT = "2"
BUDGET_ORIGINAL, BUDGET_INDICATIVE = "1", "1"
SDG_VOCABULARY = "2"


def organisation_ref(organisation: Organisation) -> str | None:
    """The IATI organisation identifier: DK-CVR-<number> where the CVR number is known."""
    return f"DK-CVR-{organisation.cvr}" if organisation.cvr else None


def _amount(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else f"{value:.2f}"


def _narrative(parent: etree._Element, tag: str, text: str, **attributes) -> etree._Element:
    element = etree.SubElement(parent, tag, **attributes)
    etree.SubElement(element, "narrative").text = xmltext.clean(text)
    return element


def _org(parent, tag: str, organisation: Organisation, **attributes) -> etree._Element:
    ref = organisation_ref(organisation)
    element = etree.SubElement(parent, tag, **({"ref": ref} if ref else {}))
    element.set("type", ORGANISATION_TYPE.get(organisation.kind, "90"))
    for name, value in attributes.items():
        element.set(name, value)
    etree.SubElement(element, "narrative").text = xmltext.clean(organisation.name)
    return element


def _reporter(project: Project, publisher: Organisation | None) -> Organisation | None:
    for link in project.focus_area_links.all():
        return link.focus_area.plan.organisation
    return publisher


def _participants(project: Project, reporter: Organisation) -> list[tuple[Organisation, str]]:
    roles: dict[tuple[int, str], Organisation] = {}
    for grant in project.grants.all():
        if grant.source.organisation is not None:
            roles[(grant.source.organisation.pk, ROLE["funding"])] = grant.source.organisation
    for participation in project.participations.all():
        roles[(participation.organisation.pk, ROLE[participation.role])] = (
            participation.organisation
        )
    if project.lead is not None:
        roles.setdefault((project.lead.pk, ROLE["implementing"]), project.lead)
    if not any(role == ROLE["accountable"] for _, role in roles):
        roles[(reporter.pk, ROLE["accountable"])] = reporter
    return sorted(
        ((org, role) for (_, role), org in roles.items()), key=lambda x: (x[1], x[0].name)
    )


def _status(project: Project, today: dt.date) -> str:
    if project.status == ProjectStatus.COMPLETED and not (project.end and project.end <= today):
        return FINALISATION  # completed, but no actual end to close it with
    return ACTIVITY_STATUS.get(project.status, "1")


def _dates(activity, project: Project, today: dt.date) -> None:
    begun = project.status in BEGUN and project.start <= today
    etree.SubElement(
        activity,
        "activity-date",
        type="2" if begun else "1",
        **{"iso-date": project.start.isoformat()},
    )
    if project.end:
        ended = project.status == ProjectStatus.COMPLETED and project.end <= today
        etree.SubElement(
            activity,
            "activity-date",
            type="4" if ended else "3",
            **{"iso-date": project.end.isoformat()},
        )


def _shares(keys: list) -> list[tuple[object, str]]:
    """Each distinct key with its share of the list in percent; the shares add up to 100."""
    counts: dict = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    shares = [
        (key, (Decimal(100) * n / len(keys)).quantize(Decimal("0.01"), ROUND_DOWN))
        for key, n in counts.items()
    ]
    rest = Decimal(100) - sum(share for _, share in shares)
    shares[0] = (shares[0][0], shares[0][1] + rest)
    return [(key, _amount(share.normalize())) for key, share in shares]


def _sectors(activity, project: Project, plan_url: Callable[[ActionPlan], str] | None) -> None:
    areas = [link.focus_area for link in project.focus_area_links.all()]
    codes = [area.dac_sector or area.theme.dac_sector or NOT_SPECIFIED for area in areas]
    for code, share in _shares(codes or [NOT_SPECIFIED]):
        etree.SubElement(activity, "sector", vocabulary=DAC_VOCABULARY, code=code, percentage=share)
    own = ((FOCUS_AREA_VOCABULARY, areas), (THEME_VOCABULARY, [area.theme for area in areas]))
    for vocabulary, items in own:
        plans = {item.plan_id: area.plan for item, area in zip(items, areas, strict=True)}
        for item, share in _shares(items) if items else []:
            element = etree.SubElement(activity, "sector", vocabulary=vocabulary)
            if plan_url is not None:
                element.set("vocabulary-uri", plan_url(plans[item.plan_id]))
            element.set("code", item.slug)
            element.set("percentage", share)
            etree.SubElement(element, "narrative").text = item.title


def _budget(activity, project: Project) -> None:
    """A budget for a period of at most a year, else a planned disbursement."""
    if project.budget_dkk is None or project.end is None:
        return
    within_a_year = (project.end - project.start).days <= MAX_BUDGET_DAYS
    if within_a_year:
        element = etree.SubElement(
            activity, "budget", type=BUDGET_ORIGINAL, status=BUDGET_INDICATIVE
        )
    else:
        element = etree.SubElement(activity, "planned-disbursement", type=BUDGET_ORIGINAL)
    etree.SubElement(element, "period-start", **{"iso-date": project.start.isoformat()})
    etree.SubElement(element, "period-end", **{"iso-date": project.end.isoformat()})
    _value(element, project.budget_dkk, project.start)


def _commitment_date(grant, project: Project, today: dt.date) -> dt.date:
    """The grant's decision date; where it is unknown, the project's start, or, for a project
    yet to start, the day the grant was recorded (by then it had been decided)."""
    if grant.decided_on is not None:
        return min(grant.decided_on, today)
    if project.start <= today:
        return project.start
    return timezone.localdate(grant.created_at)


def _value(parent, amount: Decimal, when: dt.date) -> None:
    etree.SubElement(
        parent, "value", currency=CURRENCY, **{"value-date": when.isoformat()}
    ).text = _amount(amount)


def _results(activity, project: Project) -> None:
    seen: set[int] = set()
    for link in project.focus_area_links.all():
        for goal in link.focus_area.goals.all():
            indicators = list(goal.indicators.all())
            if goal.pk in seen or not indicators:
                continue
            seen.add(goal.pk)
            result = etree.SubElement(activity, "result", type=RESULT_OUTCOME)
            _narrative(result, "title", goal.statement)
            for indicator in indicators:
                _indicator(result, indicator)


def _indicator(result, indicator: Indicator) -> None:
    element = etree.SubElement(
        result,
        "indicator",
        measure=MEASURE.get(indicator.measure, "1"),
        ascending="1" if indicator.ascending else "0",
    )
    title = indicator.name + (f" ({indicator.unit})" if indicator.unit else "")
    _narrative(element, "title", title)
    observations = list(indicator.observations.all())
    if indicator.baseline_year:
        baseline = etree.SubElement(element, "baseline", year=str(indicator.baseline_year))
        if indicator.baseline_value is not None:
            baseline.set("value", _amount(indicator.baseline_value))
    if indicator.target_year:
        first_year = min(
            [indicator.baseline_year or indicator.target_year] + [o.date.year for o in observations]
        )
        period = etree.SubElement(element, "period")
        etree.SubElement(period, "period-start", **{"iso-date": f"{first_year}-01-01"})
        etree.SubElement(period, "period-end", **{"iso-date": f"{indicator.target_year}-12-31"})
        target = etree.SubElement(period, "target")
        if indicator.target_value is not None:
            target.set("value", _amount(indicator.target_value))
        numbers = [o for o in observations if o.value is not None]
        if numbers:
            etree.SubElement(period, "actual", value=_amount(numbers[-1].value))


def activity(
    project: Project,
    reporter: Organisation,
    today: dt.date,
    plan_url: Callable[[ActionPlan], str] | None = None,
) -> etree._Element:
    """The project as an IATI activity; the reporter has a CVR number, the project a start."""
    element = etree.Element(
        "iati-activity",
        **{
            XML_LANG: "da",
            "default-currency": CURRENCY,
            "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
        },
    )
    etree.SubElement(
        element, "iati-identifier"
    ).text = f"{organisation_ref(reporter)}-{project.slug}"
    _org(element, "reporting-org", reporter)
    _narrative(element, "title", project.title)
    _narrative(element, "description", project.description or project.title, type="1")
    for organisation, role in _participants(project, reporter):
        _org(element, "participating-org", organisation, role=role)
    etree.SubElement(element, "activity-status", code=_status(project, today))
    _dates(element, project, today)
    etree.SubElement(element, "recipient-country", code="DK", percentage="100")
    _sectors(element, project, plan_url)
    for sdg in project.sdgs:
        etree.SubElement(element, "tag", vocabulary=SDG_VOCABULARY, code=str(sdg))
    _budget(element, project)
    for grant in project.grants.all():
        if grant.amount is None or (grant.decided_on and grant.decided_on > today):
            continue  # no amount to commit, or not decided yet
        when = _commitment_date(grant, project, today)
        transaction = etree.SubElement(element, "transaction")
        etree.SubElement(transaction, "transaction-type", code=TRANSACTION_COMMITMENT)
        etree.SubElement(transaction, "transaction-date", **{"iso-date": when.isoformat()})
        _value(transaction, grant.amount, when)
        _narrative(transaction, "description", grant.source.name)
        if grant.source.organisation is not None:
            _org(transaction, "provider-org", grant.source.organisation)
        else:
            _narrative(transaction, "provider-org", grant.source.name)
    _results(element, project)
    return element


def publisher(plan: ActionPlan | None) -> Organisation | None:
    """Who reports the projects outside a plan: the owner of the (first) published plan."""
    if plan is not None:
        return plan.organisation
    first = published_plans().select_related("organisation").first()
    return first.organisation if first else None


def iter_iati(
    plan: ActionPlan | None = None,
    plan_url: Callable[[ActionPlan], str] | None = None,
    *,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> Iterator[bytes]:
    """The <iati-activities> document in pieces, one activity at a time. plan_url(plan) gives
    the plan's public page, named as the vocabulary of its focus areas and themes.
    progress(stage, done, total), when given, hears of every CHUNK_SIZE projects."""
    generated = timezone.now().replace(microsecond=0).isoformat()
    today = timezone.localdate()
    yield (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + f'<iati-activities version="{VERSION}" generated-datetime="{generated}">\n'.encode()
    )
    default_reporter = publisher(plan)
    projects = projects_for_iati(plan)
    total = projects.count() if progress is not None else None
    for done, project in enumerate(projects.iterator(chunk_size=CHUNK_SIZE)):
        if progress is not None and done % CHUNK_SIZE == 0:
            progress("projects", done, total)
        reporter = _reporter(project, default_reporter)
        if reporter is None or organisation_ref(reporter) is None:
            continue  # no identifier to report it under
        element = activity(project, reporter, today, plan_url)
        yield etree.tostring(element, encoding="UTF-8", pretty_print=True)
    yield b"</iati-activities>\n"
