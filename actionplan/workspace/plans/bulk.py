"""Workspace pages for entering many observations at once: the form and the CSV upload."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from actionplan.indicators import bulk
from actionplan.indicators import selectors as indicator_selectors
from actionplan.indicators import services as indicator_services
from actionplan.indicators.models import Indicator

from ..access import workspace_view
from .common import _can_edit, _context, _editable_plan, _plan_url, _read_only
from .fields import DayField

CSV_MAX_BYTES = 2 * 1024 * 1024


class BulkDateForm(forms.Form):
    date = DayField(label=_("Date of the values"))
    source = forms.CharField(label=_("Source (for every row)"), max_length=300, required=False)


class CsvForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: indicator (id or name), date, value, and optionally source and note."
        ),
    )


@dataclass
class BulkRow:
    indicator: Indicator
    latest: object
    name: str
    typed: str
    errors: list[str]


def _bulk_rows(indicators, data=None, errors=None) -> list[BulkRow]:
    rows = []
    for indicator in indicators:
        observations = list(indicator.observations.all())
        name = f"value-{indicator.pk}"
        rows.append(
            BulkRow(
                indicator=indicator,
                latest=observations[-1] if observations else None,
                name=name,
                typed=(data or {}).get(name, ""),
                errors=(errors or {}).get(indicator.pk, []),
            )
        )
    return rows


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def bulk_entry(request, slug):
    plan = _editable_plan(request, slug)
    indicators = list(indicator_selectors.indicators_for_plan(plan))
    form = BulkDateForm(request.POST or None)
    row_errors: dict[int, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        entries = []
        for indicator in indicators:
            typed = request.POST.get(f"value-{indicator.pk}", "").strip()
            if not typed:
                continue
            qualitative = indicator.measure == Indicator.Measure.QUALITATIVE
            entries.append(
                indicator_services.ObservationEntry(
                    indicator=indicator,
                    date=form.cleaned_data["date"],
                    value=None if qualitative else bulk.number_text(typed, indicator.measure),
                    text=typed if qualitative else "",
                    source=form.cleaned_data["source"],
                )
            )
        if not entries:
            form.add_error(None, _("Write a value in at least one row."))
        else:
            try:
                created = indicator_services.observations_create_many(
                    actor=request.user, entries=entries
                )
            except indicator_services.ObservationEntryErrors as refused:
                for position, by_field in refused.errors.items():
                    pk = entries[position].indicator.pk
                    row_errors[pk] = [m for texts in by_field.values() for m in texts]
                form.add_error(
                    None,
                    ngettext(
                        "%(count)d row was refused, so no value was saved; see the row below.",
                        "%(count)d rows were refused, so no value was saved; see the rows below.",
                        len(row_errors),
                    )
                    % {"count": len(row_errors)},
                )
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d value was saved.", "%(count)d values were saved.", len(created)
                    )
                    % {"count": len(created)},
                )
                return redirect(reverse("workspace:bulk_entry", args=[plan.slug]))
    if not _can_edit(request, plan):
        _read_only(form)
    return render(
        request,
        "workspace/plans/bulk.html",
        _context(
            request,
            plan,
            form=form,
            rows=_bulk_rows(
                indicators, request.POST if request.method == "POST" else None, row_errors
            ),
            crumbs=[(plan.title, _plan_url(plan))],
        ),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def bulk_csv(request, slug):
    plan = _editable_plan(request, slug)
    form = CsvForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > CSV_MAX_BYTES:
            form.add_error("file", _("The file is larger than 2 MB; split it up."))
        else:
            indicators = list(indicator_selectors.indicators_for_plan(plan))
            try:
                created = bulk.import_observations_csv(
                    actor=request.user, data=upload.read(), indicators=indicators
                )
            except bulk.CsvImportError as refused:
                problems = refused.messages
                form.add_error(
                    "file",
                    ngettext(
                        "The file has %(count)d error, so nothing was saved.",
                        "The file has %(count)d errors, so nothing was saved.",
                        len(problems),
                    )
                    % {"count": len(problems)},
                )
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d observation was recorded from the file.",
                        "%(count)d observations were recorded from the file.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect(reverse("workspace:bulk_entry", args=[plan.slug]))
    if not _can_edit(request, plan):
        _read_only(form)
    return render(
        request,
        "workspace/plans/csv.html",
        _context(
            request,
            plan,
            form=form,
            problems=problems,
            crumbs=[
                (plan.title, _plan_url(plan)),
                (_("Indicator values"), reverse("workspace:bulk_entry", args=[plan.slug])),
            ],
        ),
    )
