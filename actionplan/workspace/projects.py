"""Workspace pages for projects and organisations: the staff project list, the project form,
and the project page where partners, grants, co-funding and status updates are added in place
(htmx swaps the updated section in; without JavaScript the same forms POST and redirect)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actionplan.accounts.permissions import EDIT, REPORT, VIEW, may, plans_for
from actionplan.accounts.selectors import workspace_projects
from actionplan.attachments.selectors import project_attachments
from actionplan.core.paging import CappedPaginator
from actionplan.organisations import selectors as organisation_selectors
from actionplan.organisations import services as organisation_services
from actionplan.organisations.models import MUNICIPALITY_CHOICES, FundingSource, Organisation
from actionplan.organisations.postcodes import postcode_parse
from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects import places, selectors, services
from actionplan.projects.models import (
    CoFunding,
    Grant,
    Participation,
    Project,
    ProjectStatus,
)
from actionplan.rounds import selectors as round_selectors
from actionplan.rounds.services import status_update_create

from . import selectors as workspace_selectors
from .access import is_editor, workspace_view
from .attachments import AttachmentForm, UpdateFileFields, add_update_file
from .forms import (
    AmountField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    NamedChoiceField,
    PartialDateField,
    UpperBound,
    VersionedForm,
    save_form,
    saved_redirect,
    split_bound,
    textarea,
)

PAGE_SIZE = 25
ORGANISATION_PAGE_SIZE = 50


def free_slug(model, text: str, max_length: int) -> str:
    """A slug made from the text ("Grøn Østerbro" -> "groen-oesterbro") that no row has yet."""
    danish = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    base = slugify(danish)[: max_length - 4].strip("-") or "x"
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


# -- forms ---------------------------------------------------------------------------------


class FocusAreaChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj: FocusArea) -> str:
        return f"{obj.title} ({obj.plan.title})"


class FocusAreaSelect(ModelChoiceField):
    def label_from_instance(self, obj: FocusArea) -> str:
        return f"{obj.title} ({obj.plan.title})"


class SearchInput(forms.TextInput):
    input_type = "search"


class ProjectFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=SearchInput(attrs={"class": "form-input"}),
    )
    plan = ModelChoiceField(
        label=_("Action plan"),
        queryset=ActionPlan.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    focus_area = FocusAreaSelect(
        label=_("Focus area"),
        queryset=FocusArea.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=_blank(_("All statuses")) + list(ProjectStatus.choices),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        plans, areas = workspace_selectors.project_filter_choices(user)
        self.fields["plan"].queryset = plans
        self.fields["plan"].empty_label = _("All plans")
        self.fields["focus_area"].queryset = areas
        self.fields["focus_area"].empty_label = _("All focus areas")

    def filters(self) -> selectors.ProjectFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.ProjectFilter(
            search=data.get("q") or None,
            plan=data["plan"].slug if data.get("plan") else None,
            focus_area=data["focus_area"].pk if data.get("focus_area") else None,
            status=data.get("status") or None,
        )


def sdg_choices() -> list[tuple[int, str]]:
    return [(n, _("Goal %(goal)s") % {"goal": n}) for n in range(1, 18)]


class ProjectForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=400)
    slug = forms.SlugField(
        label=_("Address name (slug)"),
        max_length=120,
        required=False,
        help_text=_("Used in the project's web address; made from the title when empty."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    focus_areas = FocusAreaChoice(
        label=_("Focus areas"),
        queryset=FocusArea.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    primary_focus_area = FocusAreaSelect(
        label=_("Primary focus area"),
        queryset=FocusArea.objects.none(),
        required=False,
        help_text=_("One of the focus areas chosen above; the first one when empty."),
    )
    lead = NamedChoiceField(
        label=_("Lead organisation"), queryset=Organisation.objects.all(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    start = PartialDateField(label=_("Start"), required=False)
    end = PartialDateField(label=_("End"), required=False)
    sdgs = forms.TypedMultipleChoiceField(
        label=_("UN Sustainable Development Goals"),
        choices=sdg_choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    budget_dkk = AmountField(
        label=_("Total budget"),
        required=False,
        allow_bound=True,
        help_text=_("E.g. 1,1 mio. kr., 4.300.000 or op til 2 mio. kr."),
    )
    is_published = forms.BooleanField(label=_("Published on the public portal"), required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=8,
        decimal_places=5,
        localize=True,
        help_text=_(
            "Where the project is, e.g. 55,67594 (with the longitude: a point on the map)."
        ),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=8, decimal_places=5, localize=True
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=60,
        help_text=_("E.g. 2100 or DK-2100 København Ø: places the project in its municipality."),
    )
    municipalities = forms.TypedMultipleChoiceField(
        label=_("Municipalities"),
        choices=MUNICIPALITY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
        help_text=_(
            "Leave empty to derive them from the lead's and partners' municipalities, the "
            "coordinates and the postcode."
        ),
    )

    field_order = [
        "title",
        "slug",
        "description",
        "focus_areas",
        "primary_focus_area",
        "lead",
        "status",
        "start",
        "end",
        "sdgs",
        "budget_dkk",
        "latitude",
        "longitude",
        "postcode",
        "municipalities",
        "is_published",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = (
            FocusArea.objects.filter(plan__in=plans_for(user, EDIT))
            .select_related("plan")
            .order_by("-plan__period_start", "plan__title", "theme__order", "order")
        )
        self.fields["focus_areas"].queryset = editable
        self.fields["primary_focus_area"].queryset = editable
        project = self.instance
        if project is not None and project.pk and not editable.exists():
            # An editor of this one project, not of any plan: its plan links are not theirs.
            del self.fields["focus_areas"], self.fields["primary_focus_area"]
        if project is not None and project.pk and not self.is_bound:
            links = list(project.focus_area_links.all())
            primary = next((link.focus_area_id for link in links if link.is_primary), None)
            self.initial.update(
                title=project.title,
                slug=project.slug,
                description=project.description,
                focus_areas=[link.focus_area_id for link in links],
                primary_focus_area=primary,
                lead=project.lead,
                status=project.status,
                start=project.start_partial.danish() if project.start_partial else "",
                end=project.end_partial.danish() if project.end_partial else "",
                sdgs=project.sdgs,
                budget_dkk=_bounded(project.budget_dkk, project.budget_upper_bound),
                is_published=project.is_published,
                latitude=project.latitude,
                longitude=project.longitude,
                postcode=project.postcode,
                municipalities=[
                    link.code for link in project.municipality_links.all() if link.set_by_staff
                ],
            )

    def clean_postcode(self):
        return postcode_parse(self.cleaned_data.get("postcode"))

    def clean(self):
        data = super().clean()
        chosen = data.get("focus_areas")
        primary = data.get("primary_focus_area")
        if chosen is not None and primary is not None and primary not in chosen:
            self.add_error(
                "primary_focus_area", _("Choose the primary focus area among the focus areas.")
            )
        start, end = data.get("start"), data.get("end")
        if start and end and end.date < start.date:
            self.add_error("end", _("The end cannot be before the start."))
        return data


class PartnerForm(forms.Form):
    organisation = NamedChoiceField(label=_("Organisation"), queryset=Organisation.objects.all())
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Participation.Role.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        help_text=_(
            "Funding: gives money. Accountable: answers for the project. Extending: manages "
            "the money on behalf of a funder. Implementing: does the work."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "partner")
        super().__init__(*args, **kwargs)


def _bounded(amount, upper_bound: bool):
    """A stored amount as its form field shows it ("op til ..." for a ceiling)."""
    return UpperBound(amount) if amount is not None and upper_bound else amount


def _sources():
    return FundingSource.objects.order_by("name")


class _MoneyForm(VersionedForm):
    """What a grant's and a co-funding's forms share: the funding source, the note, and the
    stored values as the initial ones (`initial_of`)."""

    form_prefix: str
    source = ModelChoiceField(label=_("Funding source"), queryset=_sources())
    note = forms.CharField(label=_("Note"), widget=textarea(3), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.form_prefix)
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = _sources()
        item = self.instance
        if item is not None and item.pk and not self.is_bound:
            self.initial.update(source=item.source_id, note=item.note, **self.initial_of(item))

    def initial_of(self, item) -> dict:
        raise NotImplementedError


class GrantForm(_MoneyForm):
    form_prefix = "grant"
    field_order = ["version", "source", "amount", "decided", "decided_by", "note"]
    amount = AmountField(
        label=_("Amount"),
        required=False,
        allow_bound=True,
        help_text=_(
            "E.g. 1,1 mio. kr., 4.300.000 or op til 2 mio. kr.; empty when the source does not say"
        ),
    )
    decided = PartialDateField(label=_("Decided"), required=False)
    decided_by = forms.CharField(label=_("Decided by"), max_length=300, required=False)

    def initial_of(self, grant) -> dict:
        return {
            "amount": _bounded(grant.amount, grant.upper_bound),
            "decided": grant.decided.danish() if grant.decided else "",
            "decided_by": grant.decided_by,
        }


class CoFundingForm(_MoneyForm):
    form_prefix = "cofunding"
    field_order = ["version", "source", "amount", "status", "year", "note"]
    amount = AmountField(
        label=_("Amount"),
        required=False,
        help_text=_("E.g. 1,1 mio. kr. or 4.300.000; empty when unknown"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=CoFunding.Status.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)

    def initial_of(self, cofunding) -> dict:
        return {"amount": cofunding.amount, "status": cofunding.status, "year": cofunding.year}


class StatusUpdateForm(UpdateFileFields, forms.Form):
    date = forms.DateField(
        label=_("Date"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, required=False
    )
    narrative = forms.CharField(
        label=_("What has happened"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, project: Project, **kwargs):
        kwargs.setdefault("prefix", "update")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(date=timezone.localdate(), status=project.status)


class OrganisationForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    cvr = forms.CharField(
        label=_("CVR number"),
        max_length=20,  # "6477 4728" is accepted: the spaces are dropped
        required=False,
        help_text=_("8 digits"),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.instance
        if organisation is not None and organisation.pk and not self.is_bound:
            self.initial.update(
                name=organisation.name,
                kind=organisation.kind,
                cvr=organisation.cvr,
                website=organisation.website,
            )

    def clean_cvr(self) -> str:
        return "".join(self.cleaned_data.get("cvr", "").split())


# -- access --------------------------------------------------------------------------------


def _project(request: HttpRequest, pk: int, action: str | None = None) -> Project:
    """The project with everything its page shows, if it lies inside the user's roles (404
    otherwise); with an action the user must also hold it on the project (403 otherwise)."""
    project = round_selectors.workspace_project_get(request.user, pk)
    if project is None:
        raise Http404(_("No such project in your workspace."))
    if action is not None and not may(request.user, action, project):
        raise PermissionDenied(_("You do not have permission to change this."))
    return project


def _require_registry_editor(request: HttpRequest) -> None:
    # Organisations are a shared register: any editor anywhere keeps it (as the services say).
    if not may(request.user, EDIT, Organisation()):
        raise PermissionDenied(_("You do not have permission to change this."))


# -- the project list ------------------------------------------------------------------------


@require_safe
@workspace_view
def project_list(request):
    filters = ProjectFilterForm(request.GET or None, user=request.user)
    projects = selectors.with_focus_areas(
        selectors.project_list(filters.filters(), within=workspace_projects(request.user)),
        public=False,
    )
    # Counted to at most 1.001: an administrator's list holds every project in the country.
    # A search beyond that pages through the first 1.000 matches found, in the list's order,
    # as the portal's does: ordering all 90.000 matches of "a" took 360 ms at 100.000.
    searched = bool((filters.filters().search or "").strip())
    page = CappedPaginator(projects, PAGE_SIZE, found_first=searched).get_page(
        request.GET.get("side")
    )
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "workspace/projects/list.html",
        {
            "nav": "projects",
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "may_create": is_editor(request.user),
        },
    )


# -- create and edit -------------------------------------------------------------------------


def _sdgs(data: dict) -> list[int]:
    return sorted(set(data.get("sdgs") or []))


def _project_values(data: dict) -> dict:
    return {
        "title": data["title"],
        "description": data["description"],
        "lead": data["lead"],
        "status": data["status"],
        "sdgs": _sdgs(data),
        "budget_dkk": split_bound(data["budget_dkk"])[0],
        "budget_upper_bound": split_bound(data["budget_dkk"])[1],
        "is_published": data["is_published"],
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "postcode": data.get("postcode") or "",
    }


def _set_municipalities(actor, project: Project, data: dict) -> None:
    """Staff's municipalities; an empty choice hands them back to derivation."""
    chosen = sorted(data.get("municipalities") or [])
    staff = sorted(
        project.municipality_links.filter(set_by_staff=True).values_list("code", flat=True)
    )
    if chosen != staff:
        places.project_municipalities_set(actor=actor, project=project, codes=chosen)


def _ordered_focus_areas(data: dict) -> list[FocusArea]:
    chosen = list(data.get("focus_areas") or [])
    primary = data.get("primary_focus_area")
    if primary is not None and primary in chosen:
        chosen.remove(primary)
        chosen.insert(0, primary)
    return chosen


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def project_create(request):
    if not is_editor(request.user):
        raise PermissionDenied(_("You do not have permission to change this."))
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST":

        def write(data):
            created = services.project_create(
                actor=request.user,
                slug=data["slug"] or free_slug(Project, data["title"], 120),
                focus_areas=_ordered_focus_areas(data),
                start=data["start"].iso() if data["start"] else None,
                end=data["end"].iso() if data["end"] else None,
                **_project_values(data),
            )
            _set_municipalities(request.user, created, data)
            return created

        response = saved_redirect(
            request,
            form,
            write,
            done=_("The project was created."),
            to=lambda project: reverse("workspace:project", args=[project.pk]),
        )
        if response is not None:
            return response
    return render(
        request,
        "workspace/projects/form.html",
        {"nav": "projects", "form": form, "project": None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def project_edit(request, pk: int):
    project = _project(request, pk, EDIT)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST":
        links_editable = "focus_areas" in form.fields
        editable = (
            set(form.fields["focus_areas"].queryset.values_list("pk", flat=True))
            if links_editable
            else set()
        )
        # Links to plans this user does not edit stay as they are.
        others = [
            link.focus_area
            for link in project.focus_area_links.all()
            if link.focus_area_id not in editable
        ]

        def write(data):
            saved = services.project_update(
                actor=request.user,
                project=project,
                expected_version=form.expected_version,
                slug=data["slug"] or project.slug,
                start=data["start"],
                end=data["end"],
                focus_areas=[*_ordered_focus_areas(data), *others] if links_editable else None,
                primary=data.get("primary_focus_area"),
                **_project_values(data),
            )
            _set_municipalities(request.user, saved, data)
            return saved

        response = saved_redirect(
            request,
            form,
            write,
            done=_("The project was saved."),
            to=reverse("workspace:project", args=[project.pk]),
        )
        if response is not None:
            return response
    return render(
        request,
        "workspace/projects/form.html",
        {"nav": "projects", "form": form, "project": project},
    )


# -- the project page and its sections -------------------------------------------------------

SECTIONS = {
    "partners": "workspace/projects/_partners.html",
    "grants": "workspace/projects/_grants.html",
    "cofunding": "workspace/projects/_cofunding.html",
    "updates": "workspace/projects/_updates.html",
    "attachments": "workspace/projects/_attachments.html",
}


def _files_on_updates(project: Project) -> list:
    """The project's files; each status update gets its own as .files (no query per update)."""
    files = list(project_attachments(project))
    for update in project.updates.all():
        update.files = [
            f
            for f in files
            if f.status_update_id == update.pk
            # A reporter's file came with the request that approval turned into this update.
            or (f.update_request is not None and f.update_request.status_update_id == update.pk)
        ]
    return files


def _page_context(request: HttpRequest, project: Project, **forms_given) -> dict:
    user = request.user
    may_edit = may(user, EDIT, project)
    may_report = may(user, REPORT, project)
    partners: dict[int, dict] = {}
    for participation in project.participations.all():
        partners.setdefault(
            participation.organisation_id,
            {"organisation": participation.organisation, "roles": []},
        )["roles"].append(participation)
    context = {
        "nav": "projects",
        "project": project,
        "partners": list(partners.values()),
        "may_edit": may_edit,
        "may_report": may_report,
        "history": selectors.project_history(project),
        "pending_updates": round_selectors.pending_updates(project),
        "attachments": _files_on_updates(project),
        "public_url": reverse("portal:project", args=[project.slug])
        if project.is_published
        else None,
    }
    if may_edit:
        context["partner_form"] = forms_given.get("partner_form") or PartnerForm()
        context["grant_form"] = forms_given.get("grant_form") or GrantForm()
        context["cofunding_form"] = forms_given.get("cofunding_form") or CoFundingForm()
        context["attachment_form"] = forms_given.get("attachment_form") or AttachmentForm(
            project=project
        )
    if may_report:
        context["update_form"] = forms_given.get("update_form") or StatusUpdateForm(project=project)
    context["notice"] = forms_given.get("notice")
    return context


@require_safe
@workspace_view
def project_page(request, pk: int):
    project = _project(request, pk, VIEW)
    return render(request, "workspace/projects/page.html", _page_context(request, project))


def _section_response(
    request: HttpRequest, pk: int, section: str, *, saved: bool, notice: str, **forms_given
) -> HttpResponse:
    """After a section's form or button: with htmx the updated section (and the history, out
    of band); without JavaScript a redirect to the page, or the whole page with the errors."""
    if saved and not request.htmx:
        messages.success(request, notice)
        return redirect(reverse("workspace:project", args=[pk]) + f"#{section}")
    project = _project(request, pk, VIEW)
    context = _page_context(request, project, notice=notice if saved else None, **forms_given)
    context["notice_section"] = section
    if not request.htmx:
        return render(request, "workspace/projects/page.html", context)
    html = render_to_string(SECTIONS[section], context, request=request)
    html += render_to_string(
        "workspace/projects/_history.html", {**context, "oob": True}, request=request
    )
    return HttpResponse(html)


def _section_added(request, pk: int, section: str, form, write, *, notice: str, form_key: str):
    """A section's add form posted: written through `write` (as save_form), then the section
    with an empty form, or again with this one and its errors (as `form_key`)."""
    saved = save_form(form, write) is not None
    return _section_response(
        request, pk, section, saved=saved, notice=notice, **{form_key: None if saved else form}
    )


@require_POST
@workspace_view
def partner_add(request, pk: int):
    project = _project(request, pk, EDIT)
    form = PartnerForm(request.POST)

    def write(data):
        return services.participation_roles_add(
            actor=request.user,
            project=project,
            organisation=data["organisation"],
            roles=data["roles"],
        )

    return _section_added(
        request,
        pk,
        "partners",
        form,
        write,
        notice=_("The partner was added."),
        form_key="partner_form",
    )


@require_POST
@workspace_view
def partner_remove(request, pk: int, participation_pk: int):
    project = _project(request, pk, EDIT)
    participation = get_object_or_404(Participation, pk=participation_pk, project=project)
    services.participation_remove(actor=request.user, participation=participation)
    return _section_response(
        request, pk, "partners", saved=True, notice=_("The partner role was removed.")
    )


@dataclass(frozen=True)
class _MoneyPart:
    """Grants and co-funding are edited alike: one add, edit and delete for both."""

    section: str
    model: type
    form: type
    values: Callable[[dict], dict]  # the form's data as the services' keywords
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    field: str  # the services' keyword for the item
    added: str
    saved: str
    deleted: str
    heading: str


def _grant_values(data: dict) -> dict:
    amount, upper_bound = split_bound(data["amount"])
    return {
        "source": data["source"],
        "amount": amount,
        "upper_bound": upper_bound,
        "decided": data["decided"],
        "decided_by": data["decided_by"],
        "note": data["note"],
    }


def _grant_create(*, decided=None, **values):
    return services.grant_create(decided=decided.iso() if decided else None, **values)


GRANTS = _MoneyPart(
    section="grants",
    model=Grant,
    form=GrantForm,
    values=_grant_values,
    create=_grant_create,
    update=services.grant_update,
    delete=services.grant_delete,
    field="grant",
    added=_("The grant was added."),
    saved=_("The grant was saved."),
    deleted=_("The grant was deleted."),
    heading=_("Edit grant"),
)
COFUNDING = _MoneyPart(
    section="cofunding",
    model=CoFunding,
    form=CoFundingForm,
    values=lambda data: {
        name: data[name] for name in ("source", "status", "amount", "year", "note")
    },
    create=services.cofunding_create,
    update=services.cofunding_update,
    delete=services.cofunding_delete,
    field="cofunding",
    added=_("The co-funding was added."),
    saved=_("The co-funding was saved."),
    deleted=_("The co-funding was deleted."),
    heading=_("Edit co-funding"),
)


def _money_add(request, pk: int, part: _MoneyPart):
    project = _project(request, pk, EDIT)
    form = part.form(request.POST)

    def write(data):
        return part.create(actor=request.user, project=project, **part.values(data))

    return _section_added(
        request,
        pk,
        part.section,
        form,
        write,
        notice=str(part.added),
        form_key=f"{part.field}_form",
    )


def _money_edit(request, pk: int, item_pk: int, part: _MoneyPart):
    project = _project(request, pk, EDIT)
    item = get_object_or_404(
        part.model.objects.select_related("source"), pk=item_pk, project=project
    )
    form = part.form(request.POST or None, instance=item)
    if request.method == "POST":

        def write(data):
            return part.update(
                actor=request.user,
                expected_version=form.expected_version,
                **{part.field: item},
                **part.values(data),
            )

        response = saved_redirect(
            request,
            form,
            write,
            done=str(part.saved),
            to=reverse("workspace:project", args=[pk]) + f"#{part.section}",
        )
        if response is not None:
            return response
    return render(
        request,
        "workspace/projects/part_form.html",
        {
            "nav": "projects",
            "project": project,
            "form": form,
            "heading": str(part.heading),
            "section": part.section,
        },
    )


def _money_delete(request, pk: int, item_pk: int, part: _MoneyPart):
    project = _project(request, pk, EDIT)
    item = get_object_or_404(part.model, pk=item_pk, project=project)
    part.delete(actor=request.user, **{part.field: item})
    return _section_response(request, pk, part.section, saved=True, notice=str(part.deleted))


def _money_views(part: _MoneyPart):
    """The add, edit and delete views of grants or of co-funding."""
    key = f"{part.field}_pk"

    @require_POST
    @workspace_view
    def add(request, pk: int):
        return _money_add(request, pk, part)

    @require_http_methods(["GET", "HEAD", "POST"])
    @workspace_view
    def edit(request, pk: int, **item):
        return _money_edit(request, pk, item[key], part)

    @require_POST
    @workspace_view
    def delete(request, pk: int, **item):
        return _money_delete(request, pk, item[key], part)

    for view, verb in ((add, "add"), (edit, "edit"), (delete, "delete")):
        view.__name__ = view.__qualname__ = f"{part.field}_{verb}"
    return add, edit, delete


grant_add, grant_edit, grant_delete = _money_views(GRANTS)
cofunding_add, cofunding_edit, cofunding_delete = _money_views(COFUNDING)


@require_POST
@workspace_view
def update_add(request, pk: int):
    project = _project(request, pk, REPORT)
    form = StatusUpdateForm(request.POST, request.FILES, project=project)

    @transaction.atomic
    def write(data):
        update = status_update_create(
            actor=request.user,
            project=project,
            date=data["date"],
            status=data["status"],
            progress=data["progress"],
            narrative=data["narrative"],
            before_submit=lambda draft: add_update_file(
                actor=request.user, project=project, data=data, update_request=draft
            ),
        )
        return update

    return _section_added(
        request,
        pk,
        "updates",
        form,
        write,
        notice=_("The status update is submitted; it is shown when staff approve it."),
        form_key="update_form",
    )


# -- organisations -----------------------------------------------------------------------------


@require_safe
@workspace_view
def organisation_list(request):
    search = (request.GET.get("q") or "").strip()[:200]
    organisations = organisation_selectors.organisation_list(search=search or None)
    page = CappedPaginator(organisations, ORGANISATION_PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "workspace/projects/organisations.html",
        {
            "nav": "projects",
            "page": page,
            "search": search,
            "query": f"q={search}" if search else "",
            "may_edit": may(request.user, EDIT, Organisation()),
        },
    )


def _organisation_values(data: dict) -> dict:
    return {name: data[name] for name in ("name", "kind", "cvr", "website")}


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def organisation_create(request):
    _require_registry_editor(request)
    form = OrganisationForm(request.POST or None)
    return saved_redirect(
        request,
        form,
        lambda data: organisation_services.organisation_create(
            actor=request.user,
            slug=free_slug(Organisation, data["name"], 100),
            **_organisation_values(data),
        ),
        done=lambda organisation: _("%(name)s was added.") % {"name": organisation.name},
        to="workspace:organisations",
    ) or render(
        request,
        "workspace/projects/organisation_form.html",
        {"nav": "projects", "form": form, "organisation": None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def organisation_edit(request, pk: int):
    _require_registry_editor(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    return saved_redirect(
        request,
        form,
        lambda data: organisation_services.organisation_update(
            actor=request.user,
            organisation=organisation,
            expected_version=form.expected_version,
            **_organisation_values(data),
        ),
        done=lambda saved: _("%(name)s was saved.") % {"name": organisation.name},
        to="workspace:organisations",
    ) or render(
        request,
        "workspace/projects/organisation_form.html",
        {"nav": "projects", "form": form, "organisation": organisation},
    )
