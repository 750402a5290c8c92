import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from actionplan.core import services as core
from actionplan.core.errors import ActionplanError
from actionplan.core.l10n import parse_number
from actionplan.core.services import Actor
from actionplan.plans.models import Goal

from .models import Indicator, Observation
from .values import yes_no_number

NUMERIC = {Indicator.Measure.UNIT, Indicator.Measure.PERCENTAGE, Indicator.Measure.DKK}


def indicator_create(*, actor: Actor, goal: Goal, name: str, measure: str, **values) -> Indicator:
    return core.create(Indicator(goal=goal, name=name, measure=measure, **values), actor=actor)


def _numeric_value(indicator: Indicator, value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    if indicator.measure == Indicator.Measure.MILESTONE and yes_no_number(value) is not None:
        return yes_no_number(value)
    try:
        number = parse_number(value if isinstance(value, int | Decimal) else str(value))
    except ValueError:
        if indicator.measure == Indicator.Measure.MILESTONE:
            raise ValidationError({"value": _not_yes_no(indicator, value)}) from None
        raise ValidationError(
            {
                "value": _("“%(value)s” is not a number; %(indicator)s needs a number.")
                % {"value": value, "indicator": indicator.name}
            }
        ) from None
    if not number.is_finite():
        raise ValidationError({"value": _("The value must be a finite number.")})
    if indicator.measure == Indicator.Measure.PERCENTAGE and not 0 <= number <= 100:
        raise ValidationError({"value": _("A percentage must be between 0 and 100.")})
    if indicator.measure == Indicator.Measure.MILESTONE and number not in (0, 1):
        raise ValidationError({"value": _not_yes_no(indicator, value)})
    return number


def _not_yes_no(indicator: Indicator, value: object) -> str:
    return _("“%(value)s” is not yes or no; %(indicator)s is answered with yes or no.") % {
        "value": value,
        "indicator": indicator.name,
    }


def observation_create(
    *,
    actor: Actor,
    indicator: Indicator,
    date: dt.date,
    value: object = None,
    text: str = "",
    source: str = "",
    note: str = "",
) -> Observation:
    if indicator.measure == Indicator.Measure.QUALITATIVE:
        number = None
        if not text:
            raise ValidationError({"text": _("A qualitative indicator needs a text.")})
    else:
        number = _numeric_value(indicator, value)
        if number is None:
            raise ValidationError({"value": _("A value is required.")})
    if indicator.observations.filter(date=date).exists():
        raise ValidationError(
            {
                "date": _("%(indicator)s already has an observation for %(date)s.")
                % {"indicator": indicator.name, "date": date.isoformat()}
            }
        )
    recorded_by = core.acting_user(actor)
    return core.create(
        Observation(
            indicator=indicator,
            date=date,
            value=number,
            text=text,
            source=source,
            note=note,
            recorded_by=recorded_by,
        ),
        actor=actor,
    )


# -- editing from the staff workspace ------------------------------------------------------


def indicator_update(*, actor: Actor, indicator: Indicator, **values) -> Indicator:
    return core.update(indicator, actor=actor, **values)


@dataclass(frozen=True)
class ObservationEntry:
    """One observation to record, e.g. one row of the bulk-entry table or of a CSV file."""

    indicator: Indicator
    date: dt.date
    value: object = None
    text: str = ""
    source: str = ""
    note: str = ""


class ObservationEntryErrors(ActionplanError):
    """Some entries were refused, so none was recorded. errors maps an entry's position in
    the list to its errors by field ("value", "date", "text" or NON_FIELD_ERRORS)."""

    def __init__(self, errors: dict[int, dict[str, list[str]]]):
        self.errors = errors
        super().__init__(_("%(count)d rows were refused.") % {"count": len(errors)})


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


@transaction.atomic
def observations_create_many(
    *, actor: Actor, entries: Sequence[ObservationEntry]
) -> list[Observation]:
    """Record every entry or none: each is checked exactly as observation_create checks one
    (including two entries for the same indicator and date), and if any is refused the
    whole batch is rolled back and ObservationEntryErrors lists every refusal."""
    created: list[Observation] = []
    errors: dict[int, dict[str, list[str]]] = {}
    for position, entry in enumerate(entries):
        try:
            with transaction.atomic():
                created.append(
                    observation_create(
                        actor=actor,
                        indicator=entry.indicator,
                        date=entry.date,
                        value=entry.value,
                        text=entry.text,
                        source=entry.source,
                        note=entry.note,
                    )
                )
        except ValidationError as error:
            errors[position] = _messages(error)
    if errors:
        raise ObservationEntryErrors(errors)
    return created


def goal_indicators_copy(*, actor: Actor, goal: Goal, copy: Goal) -> list[Indicator]:
    """Copy a goal's indicators (baselines and targets, without observations) to its copy in
    the next plan (plans.services.plan_duplicate sends plans.signals.goal_copied)."""
    fields = [
        f.name
        for f in Indicator._meta.concrete_fields
        if f.name not in {"id", "goal", "created_at", "updated_at", "name", "measure"}
    ]
    return [
        indicator_create(
            actor=actor,
            goal=copy,
            name=indicator.name,
            measure=indicator.measure,
            **{name: getattr(indicator, name) for name in fields},
        )
        for indicator in goal.indicators.all()
    ]
