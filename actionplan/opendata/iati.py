"""IATI activity XML 2.03 for the published projects (https://iatistandard.org/en/iati-standard/203/).

One <iati-activity> per project: the plan owner reports it; organisations take the IATI roles
(1 funding, 2 accountable, 3 extending, 4 implementing); the project status maps onto the
activity status codes; the total budget is a budget and every grant a commitment
(transaction type 2); the goals of the project's focus areas are results with indicators.
"""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone
from lxml import etree

from actionplan.core import xmltext
from actionplan.indicators.models import Indicator
from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan
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
RESULT_OUTCOME = "2"
TRANSACTION_COMMITMENT = "2"
BUDGET_ORIGINAL, BUDGET_INDICATIVE = "1", "1"
SDG_VOCABULARY = "2"


def organisation_ref(organisation: Organisation) -> str:
    """The IATI organisation identifier: DK-CVR-<number> where the CVR number is known."""
    if organisation.cvr:
        return f"DK-CVR-{organisation.cvr}"
    return f"XX-ACTIONPLAN-{organisation.slug}"


def _amount(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else f"{value:.2f}"


def _narrative(parent: etree._Element, tag: str, text: str, **attributes) -> etree._Element:
    element = etree.SubElement(parent, tag, **attributes)
    etree.SubElement(element, "narrative").text = xmltext.clean(text)
    return element


def _org(parent, tag: str, organisation: Organisation, **attributes) -> etree._Element:
    element = etree.SubElement(
        parent,
        tag,
        ref=organisation_ref(organisation),
        type=ORGANISATION_TYPE.get(organisation.kind, "90"),
        **attributes,
    )
    etree.SubElement(element, "narrative").text = xmltext.clean(organisation.name)
    return element


def _reporter(project: Project) -> Organisation | None:
    for link in project.focus_area_links.all():
        return link.focus_area.plan.organisation
    return project.lead


def _participants(
    project: Project, reporter: Organisation | None
) -> list[tuple[Organisation, str]]:
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
    if reporter is not None and not any(role == ROLE["accountable"] for _, role in roles):
        roles[(reporter.pk, ROLE["accountable"])] = reporter
    return sorted(
        ((org, role) for (_, role), org in roles.items()), key=lambda x: (x[1], x[0].name)
    )


def _fallback_date(project: Project) -> dt.date:
    """A date for an amount whose decision date is unknown: the project's start, else the
    start of its plan, else the day it was registered."""
    if project.start:
        return project.start
    for link in project.focus_area_links.all():
        return link.focus_area.plan.period_start
    return timezone.localdate(project.created_at)


def _dates(activity, project: Project) -> None:
    begun = project.status in (ProjectStatus.STARTED, ProjectStatus.COMPLETED)
    ended = project.status == ProjectStatus.COMPLETED
    if project.start:
        etree.SubElement(
            activity,
            "activity-date",
            type="2" if begun else "1",
            **{"iso-date": project.start.isoformat()},
        )
    if project.end:
        etree.SubElement(
            activity,
            "activity-date",
            type="4" if ended else "3",
            **{"iso-date": project.end.isoformat()},
        )
    if not project.start and not project.end:
        etree.SubElement(
            activity, "activity-date", type="1", **{"iso-date": _fallback_date(project).isoformat()}
        )


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


def activity(project: Project) -> etree._Element:
    reporter = _reporter(project)
    element = etree.Element(
        "iati-activity",
        **{
            XML_LANG: "da",
            "default-currency": CURRENCY,
            "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
        },
    )
    prefix = organisation_ref(reporter) if reporter else "XX-ACTIONPLAN"
    etree.SubElement(element, "iati-identifier").text = f"{prefix}-{project.slug}"
    if reporter is not None:
        _org(element, "reporting-org", reporter)
    else:
        _narrative(element, "reporting-org", "actionplan", ref="XX-ACTIONPLAN", type="90")
    _narrative(element, "title", project.title)
    _narrative(element, "description", project.description or project.title, type="1")
    for organisation, role in _participants(project, reporter) or []:
        _org(element, "participating-org", organisation, role=role)
    if not element.findall("participating-org"):
        _narrative(element, "participating-org", "actionplan", role=ROLE["accountable"])
    etree.SubElement(element, "activity-status", code=ACTIVITY_STATUS.get(project.status, "1"))
    _dates(element, project)
    etree.SubElement(element, "recipient-country", code="DK", percentage="100")
    for sdg in project.sdgs:
        etree.SubElement(element, "tag", vocabulary=SDG_VOCABULARY, code=str(sdg))
    if project.budget_dkk is not None and project.start and project.end:
        budget = etree.SubElement(element, "budget", type=BUDGET_ORIGINAL, status=BUDGET_INDICATIVE)
        etree.SubElement(budget, "period-start", **{"iso-date": project.start.isoformat()})
        etree.SubElement(budget, "period-end", **{"iso-date": project.end.isoformat()})
        _value(budget, project.budget_dkk, project.start)
    for grant in project.grants.all():
        if grant.amount is None:
            continue
        when = grant.decided_on or _fallback_date(project)
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


def iter_iati(plan: ActionPlan | None = None) -> Iterator[bytes]:
    """The <iati-activities> document in pieces, one activity at a time."""
    generated = timezone.now().replace(microsecond=0).isoformat()
    yield (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + f'<iati-activities version="{VERSION}" generated-datetime="{generated}">\n'.encode()
    )
    for project in projects_for_iati(plan).iterator(chunk_size=CHUNK_SIZE):
        yield etree.tostring(activity(project), encoding="UTF-8", pretty_print=True)
    yield b"</iati-activities>\n"
