"""Mapping the columns of an uploaded project sheet, its templates, and cancelling it."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actionplan.accounts.permissions import EDIT, grants, plans_for
from actionplan.core.errors import ConflictError
from actionplan.core.l10n import parse_number
from actionplan.ingest import safety, spreadsheets
from actionplan.ingest.errors import IngestError
from actionplan.ingest.tables import read_table
from actionplan.jobs import services as jobs
from actionplan.jobs.inputs import pending_delete, pending_read
from actionplan.jobs.models import Job
from actionplan.plans.models import FocusArea

from ..access import workspace_view
from ..forms import ModelChoiceField, add_service_errors
from .uploads import SHEET_SESSION_KEY, _require_editor

FIELD_LABELS = {
    "external_id": gettext_lazy("Project id (for re-imports)"),
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "start": gettext_lazy("Start"),
    "end": gettext_lazy("End"),
    "status": gettext_lazy("Status"),
    "budget": gettext_lazy("Total budget"),
    "eu_funding": gettext_lazy("EU co-funding"),
    "fund": gettext_lazy("EU fund"),
    "lead": gettext_lazy("Lead partner"),
    "lead_cvr": gettext_lazy("Lead partner's CVR"),
    "partners": gettext_lazy("Partners"),
    "granted_total": gettext_lazy("Granted in all (checked against the grants)"),
    "focus_areas": gettext_lazy("Focus areas (slugs or titles)"),
    "sdgs": gettext_lazy("UN Sustainable Development Goals"),
    "latitude": gettext_lazy("Latitude (degrees)"),
    "longitude": gettext_lazy("Longitude (degrees)"),
    "east": gettext_lazy("Coordinate east (UTM zone 32)"),
    "north": gettext_lazy("Coordinate north (UTM zone 32)"),
    "postcode": gettext_lazy("Postcode (2100 or DK-2100 København Ø)"),
    "grant_source": gettext_lazy("Grant: source"),
    "grant_amount": gettext_lazy("Grant: amount"),
    "grant_decided": gettext_lazy("Grant: decision date"),
}


def _pending_sheet(request) -> safety.Upload | None:
    """The uploaded sheet waiting for its mapping: in storage, named in the session."""
    stored = request.session.get(SHEET_SESSION_KEY)
    data = pending_read(stored.get("path", "")) if stored else None
    if data is None:
        return None
    return safety.Upload(name=stored["name"], kind=stored["kind"], data=data)


def _start_import(request, upload: safety.Upload, mapping: spreadsheets.Mapping, values: dict):
    """The import runs as a job (a worker, or this process's job thread); the sheet's file
    goes over to the job, and the session forgets it."""
    job = jobs.job_start(
        actor=request.user,
        kind=Job.Kind.SHEET_IMPORT,
        params={
            "name": upload.name,
            "kind": upload.kind,
            "mapping": {
                "name": mapping.name,
                "columns": mapping.columns,
                "options": mapping.options,
            },
            "currency": values["currency"],
            "rate": str(values["rate"]) if values["rate"] is not None else None,
            "focus_area": values["focus_area"].pk if values["focus_area"] else None,
            "publish": values["publish"],
            "create_focus_areas": values["create_focus_areas"],
        },
        input_path=request.session[SHEET_SESSION_KEY]["path"],
    )
    del request.session[SHEET_SESSION_KEY]
    return redirect("jobs:detail", pk=job.pk)


class MappingForm(forms.Form):
    name = forms.SlugField(
        label=gettext_lazy("Save the mapping as"),
        max_length=100,
        help_text=gettext_lazy("Letters, digits and hyphens; the same name is reused next time"),
    )
    currency = forms.ChoiceField(
        label=gettext_lazy("Currency of the amounts"),
        choices=[(c, c) for c in ("DKK", "EUR", "SEK", "NOK")],
    )
    rate = forms.CharField(
        label=gettext_lazy("Kroner per unit of the currency"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("Only for amounts not in kroner, e.g. 0,64"),
    )
    fund = forms.ChoiceField(
        label=gettext_lazy("EU fund when no column says"),
        choices=[("erdf", "ERDF"), ("esf", "ESF")],
    )
    focus_area = ModelChoiceField(
        label=gettext_lazy("Focus area of the new projects"),
        queryset=FocusArea.objects.none(),
        help_text=gettext_lazy(
            "Where projects new to the system go, unless a column names their focus areas; "
            "projects imported before keep theirs"
        ),
    )

    publish = forms.BooleanField(
        label=gettext_lazy("Publish the projects on the public portal"),
        required=False,
        help_text=gettext_lazy("Otherwise they are imported as drafts that only staff see"),
    )
    create_focus_areas = forms.BooleanField(
        label=gettext_lazy("Create the focus areas the file names that do not exist"),
        required=False,
        help_text=gettext_lazy(
            "In the theme of the focus area chosen above; “Check every row” lists them first"
        ),
    )

    def __init__(self, *args, headers, user, **kwargs):
        super().__init__(*args, **kwargs)
        area = self.fields["focus_area"]
        area.queryset = (
            FocusArea.objects.filter(plan__in=plans_for(user, EDIT, published=False))
            .select_related("plan", "theme")
            .order_by("plan__title", "theme__order", "order")
        )
        area.label_from_instance = lambda a: f"{a.plan.title}: {a.title}"
        area.empty_label = _("Choose a focus area")
        if grants(user).superuser:
            area.required = False
            area.empty_label = _("None: the projects belong to no plan yet")
        choices = [("", _("(not imported)"))] + [(h, h) for h in headers]
        self.column_fields = []
        for name in spreadsheets.FIELDS:
            self.fields[f"col_{name}"] = forms.ChoiceField(
                label=FIELD_LABELS[name], choices=choices, required=False
            )
            self.column_fields.append(f"col_{name}")

    @property
    def column_bounds(self):
        return [self[name] for name in self.column_fields]

    def clean_rate(self):
        text = (self.cleaned_data["rate"] or "").strip()
        if not text:
            return None
        try:
            rate = parse_number(text)
        except ValueError:
            raise ValidationError(_("Write the rate as a number, e.g. 0,64.")) from None
        if rate <= 0:
            raise ValidationError(_("The rate must be above 0."))
        return rate

    def clean(self):
        data = super().clean()
        if not data.get(f"col_{spreadsheets.REQUIRED[0]}"):
            self.add_error(
                f"col_{spreadsheets.REQUIRED[0]}", _("Choose the column that holds the title.")
            )
        taken: dict[str, str] = {}
        for name in self.column_fields:
            header = data.get(name)
            if header and header in taken:
                self.add_error(name, _("This column is already used for another field."))
            elif header:
                taken[header] = name
        return data

    def mapping(self) -> spreadsheets.Mapping:
        data = self.cleaned_data
        columns = {
            name.removeprefix("col_"): data[name] for name in self.column_fields if data[name]
        }
        return spreadsheets.Mapping(
            name=data["name"], columns=columns, options={"fund": data["fund"]}
        )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def sheet_mapping(request):
    upload = _pending_sheet(request)
    if upload is None:
        messages.error(request, _("Upload the spreadsheet first."))
        return redirect("workspace:imports")
    table = read_table(upload)
    name = request.session[SHEET_SESSION_KEY]["mapping"]
    mapping = spreadsheets.mapping_for(table, name)
    initial = {f"col_{field}": header for field, header in mapping.columns.items()}
    initial.update(
        name=name,
        currency=mapping.options.get("currency") or spreadsheets.currency_of(mapping.columns),
        fund=mapping.options.get("fund", "erdf"),
    )
    form = MappingForm(
        request.POST or None, headers=table.headers, user=request.user, initial=initial
    )
    checked = error = None
    missing: list[str] = []
    if request.method == "POST":
        _require_editor(request)
        if form.is_valid():
            chosen = form.mapping()
            values = form.cleaned_data
            try:
                if request.POST.get("action") == "import":
                    return _start_import(request, upload, chosen, values)
                else:
                    checked = spreadsheets.rows_parse(
                        table, chosen, currency=values["currency"], rate=values["rate"]
                    )
                    # the same checks the import makes, so the two always agree
                    problems, missing = spreadsheets.projects_check(
                        checked, file=upload.name, create_focus_areas=values["create_focus_areas"]
                    )
                    if problems:
                        checked = None
                        raise spreadsheets.SheetErrors(problems, file=upload.name)
            except IngestError as exc:
                error = exc
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc)
            except ConflictError as exc:
                form.add_error(None, str(exc))
            except jobs.JobNotStarted as exc:
                # the sheet stays in storage and in the session: the user can try again
                error = exc
                form.add_error(None, str(exc))
    return render(
        request,
        "workspace/imports/sheet.html",
        {
            "nav": "imports",
            "upload": upload,
            "table": table,
            "preview": [
                (row.number, [row.values.get(h) for h in table.headers]) for row in table.rows[:5]
            ],
            "form": form,
            "checked": checked,
            "missing_areas": missing,
            "grouped": getattr(error, "groups", None),
            "checked_budget": sum((r.budget or 0 for r in checked or []), Decimal(0)),
            "checked_eu": sum((r.eu_funding or 0 for r in checked or []), Decimal(0)),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_safe
@workspace_view
def sheet_template(request, kind):
    """The project and grant list template with Danish headers, as CSV or XLSX."""
    from django.http import HttpResponse

    if kind not in {"csv", "xlsx"}:
        raise Http404
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(spreadsheets.template(kind), content_type=types[kind])
    response["Content-Disposition"] = f'attachment; filename="projektliste-skabelon.{kind}"'
    return response


@require_POST
@workspace_view
def sheet_cancel(request):
    stored = request.session.pop(SHEET_SESSION_KEY, None)
    if stored and stored.get("path"):
        pending_delete(stored["path"])
    messages.success(request, _("The spreadsheet is put aside; nothing was imported."))
    return redirect("workspace:imports")
