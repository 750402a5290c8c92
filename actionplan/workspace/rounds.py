"""Workspace pages for status rounds: open a round, follow who has reported, write the
focus areas' assessments, review updates, close and publish, download the memo; and, for a
project's lead, the update requests addressed to them and the update form."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actionplan.accounts.permissions import EDIT, may, plans_for
from actionplan.core.paging import CappedPaginator
from actionplan.jobs import services as jobs
from actionplan.projects.models import ProjectStatus
from actionplan.reports.formats import FORMATS as MEMO_FORMATS
from actionplan.rounds import selectors
from actionplan.rounds import services as rounds
from actionplan.rounds.models import UpdateRequest

from .access import is_editor, workspace_view
from .attachments import UpdateFileFields, add_update_file
from .forms import (
    RELEVANCE,
    AmountField,
    ModelChoiceField,
    PartialDateField,
    RelevanceField,
    VersionedForm,
    relevance_choice,
    save_form,
    saved_redirect,
)

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]
MILESTONE_ROWS = 3
MY_REQUESTS_PAGE_SIZE = 50


def _date_field(label, *, required=True):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("E.g. 15.09.2024"),
    )


# -- forms ----------------------------------------------------------------------------------


class RoundOpenForm(forms.Form):
    plan = ModelChoiceField(label=gettext_lazy("Action plan"), queryset=None)
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        help_text=gettext_lazy("E.g. Status 2024"),
    )
    reference_date = _date_field(gettext_lazy("Reference date"))
    deadline = _date_field(gettext_lazy("Deadline for updates"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans_for(user, EDIT).order_by("-period_start", "title")

    def clean(self):
        data = super().clean()
        plan, name = data.get("plan"), data.get("name")
        if plan is not None and name:
            slug = slugify(name)[:100]
            if not slug:
                self.add_error("name", _("Write a name with letters or digits."))
            elif plan.rounds.filter(slug=slug).exists():
                self.add_error("name", _("The plan already has a status round with this name."))
            data["slug"] = slug
        reference, deadline = data.get("reference_date"), data.get("deadline")
        if reference and deadline and deadline < reference:
            self.add_error("deadline", _("The deadline cannot be before the reference date."))
        return data


class UpdateForm(UpdateFileFields, VersionedForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Choose a status")), *ProjectStatus.choices],
    )
    progress = forms.IntegerField(
        label=gettext_lazy("Progress (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=gettext_lazy("A whole number from 0 to 100"),
    )
    narrative = forms.CharField(
        label=gettext_lazy("How is the project going?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    spent_dkk = AmountField(label=gettext_lazy("Spent so far"), required=False)

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        rows = max(MILESTONE_ROWS, len(milestones) + 1)
        for number in range(1, rows + 1):
            self.fields[f"milestone_{number}_date"] = PartialDateField(
                label=_("Milestone %(number)s: date") % {"number": number}, required=False
            )
            self.fields[f"milestone_{number}_title"] = forms.CharField(
                label=_("Milestone %(number)s: what") % {"number": number},
                required=False,
                max_length=300,
            )
        if not self.is_bound:
            for number, milestone in enumerate(milestones, start=1):
                self.initial[f"milestone_{number}_date"] = milestone.when.iso()
                self.initial[f"milestone_{number}_title"] = milestone.title
        self.milestone_rows = [
            (self[f"milestone_{n}_date"], self[f"milestone_{n}_title"]) for n in range(1, rows + 1)
        ]

    def clean(self):
        data = super().clean()
        milestones = []
        for date_field, title_field in self.milestone_rows:
            when, title = data.get(date_field.name), (data.get(title_field.name) or "").strip()
            if when and not title:
                self.add_error(title_field.name, _("Say what the milestone is."))
            elif title and not when and date_field.name not in self.errors:
                self.add_error(date_field.name, _("Give the milestone a date."))
            elif when and title:
                milestones.append({"date": when.iso(), "title": title})
        data["milestones"] = milestones
        return data


class ReviewForm(forms.Form):
    review_comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when you return the update"),
    )


class AssessmentForm(VersionedForm):
    text = forms.CharField(
        label=gettext_lazy("Assessment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": gettext_lazy("Write the assessment.")},
    )
    still_relevant = RelevanceField(initial="unknown")

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is None and not self.is_bound:
            self.initial["version"] = rounds.NEW_ASSESSMENT
        if instance is not None and not self.is_bound:
            self.initial["text"] = instance.text
            self.initial["still_relevant"] = relevance_choice(instance.still_relevant)


# -- staff: rounds --------------------------------------------------------------------------


@require_safe
@workspace_view
def round_list(request):
    user = request.user
    return render(
        request,
        "workspace/rounds/list.html",
        {
            "nav": "rounds",
            "rounds": selectors.rounds_for(user),
            "editable_plan_ids": set(plans_for(user, EDIT).values_list("pk", flat=True)),
            # The first page of them; the rest under "Your update requests".
            "my_requests": selectors.my_update_requests(user)[: MY_REQUESTS_PAGE_SIZE + 1],
            "my_requests_shown": MY_REQUESTS_PAGE_SIZE,
            "can_open": is_editor(user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def round_new(request):
    if not is_editor(request.user):
        raise PermissionDenied
    form = RoundOpenForm(request.POST or None, user=request.user)
    return saved_redirect(
        request,
        form,
        lambda data: rounds.round_open(
            actor=request.user,
            plan=data["plan"],
            name=data["name"].strip(),
            slug=data["slug"],
            reference_date=data["reference_date"],
            deadline=data["deadline"],
        ),
        done=lambda created: (
            _("The round “%(round)s” is open; %(count)s projects were asked for an update.")
            % {"round": created.name, "count": created.requests.count()}
        ),
        to=lambda created: reverse("workspace:round", args=[created.pk]),
    ) or render(request, "workspace/rounds/new.html", {"nav": "rounds", "form": form})


@require_safe
@workspace_view
def round_detail(request, pk):
    status_round = selectors.round_for(request.user, pk)
    return render(
        request,
        "workspace/rounds/detail.html",
        {
            "nav": "rounds",
            "round": status_round,
            "completeness": selectors.round_completeness(status_round),
            "may_edit": may(request.user, EDIT, status_round),
            "formats": MEMO_FORMATS,
        },
    )


def _round_step(name: str, step, done_message):
    """The view of a POST that moves a round on through the service `step(actor=...,
    round=...)`, then goes back to the round's page with `done_message(result)` (or the
    service's refusal)."""

    @require_POST
    @workspace_view
    def view(request, pk):
        status_round = selectors.round_for(request.user, pk)
        try:
            result = step(actor=request.user, round=status_round)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done_message(result))
        return redirect("workspace:round", pk=status_round.pk)

    view.__name__ = view.__qualname__ = name
    return view


round_request_updates = _round_step(
    "round_request_updates",
    rounds.round_request_updates,
    lambda created: (
        _("%(count)s more projects were asked for an update.") % {"count": len(created)}
    ),
)
round_close = _round_step(
    "round_close", rounds.round_close, lambda r: _("The round is closed; its memo is frozen.")
)
round_publish = _round_step(
    "round_publish", rounds.round_publish, lambda r: _("The round is published.")
)


@require_safe
@workspace_view
def round_memo(request, pk, fmt):
    """The memo is rendered as a job; the job's page shows its progress, then the file."""
    status_round = selectors.round_for(request.user, pk)
    if fmt not in MEMO_FORMATS:
        raise Http404
    try:
        job = jobs.memo_render_start(actor=request.user, round=status_round, fmt=fmt)
    except jobs.JobNotStarted as exc:
        messages.error(request, str(exc))
        return redirect("workspace:round", pk=status_round.pk)
    return redirect("jobs:detail", pk=job.pk)


# -- staff: assessments ---------------------------------------------------------------------


@require_safe
@workspace_view
def assessment_list(request, pk):
    status_round = selectors.round_for(request.user, pk)
    return render(
        request,
        "workspace/rounds/assessments.html",
        {
            "nav": "rounds",
            "round": status_round,
            "rows": selectors.round_assessments(status_round),
            "may_edit": may(request.user, EDIT, status_round),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def assessment_edit(request, pk, area_pk):
    status_round = selectors.round_for(request.user, pk)
    area, assessment = selectors.round_focus_area(status_round, area_pk)
    form = AssessmentForm(request.POST or None, instance=assessment)
    return saved_redirect(
        request,
        form,
        lambda data: rounds.assessment_save(
            actor=request.user,
            round=status_round,
            focus_area=area,
            text=data["text"],
            still_relevant=RELEVANCE[data["still_relevant"]],
            expected_version=form.expected_version,
        ),
        done=_("The assessment of “%(area)s” is saved.") % {"area": area.title},
        to=reverse("workspace:round_assessments", args=[status_round.pk]),
    ) or render(
        request,
        "workspace/rounds/assessment_form.html",
        {
            "nav": "rounds",
            "round": status_round,
            "area": area,
            "form": form,
            "may_edit": may(request.user, EDIT, status_round),
        },
    )


# -- project leads: update requests ---------------------------------------------------------


@require_safe
@workspace_view
def my_requests(request):
    # Paged: a reporter on a few hundred projects is asked in every round.
    page = CappedPaginator(selectors.my_update_requests(request.user), MY_REQUESTS_PAGE_SIZE)
    page = page.get_page(request.GET.get("side"))
    return render(
        request,
        "workspace/rounds/my_requests.html",
        {"nav": "rounds", "requests": page.object_list, "page": page, "query": ""},
    )


def _editable(update: UpdateRequest) -> bool:
    return update.takes_changes and update.state in rounds.EDITABLE_REQUEST_STATES


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def request_detail(request, pk):
    update = selectors.update_request_for(request.user, pk)
    milestones = selectors.milestones_of(update)
    form = UpdateForm(
        request.POST or None,
        request.FILES or None,
        instance=update,
        milestones=milestones,
        initial={
            "status": update.status,
            "progress": update.progress,
            "narrative": update.narrative,
            "spent_dkk": update.spent_dkk,
        },
    )
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        service = rounds.update_submit if submit else rounds.update_save_draft

        def write(data):
            with transaction.atomic():
                # The file first: it can be added while the update is still a draft.
                added = add_update_file(
                    actor=request.user, project=update.project, data=data, update_request=update
                )
                try:
                    return service(
                        actor=request.user,
                        request=update,
                        status=data["status"] or None,
                        progress=data["progress"],
                        narrative=data["narrative"],
                        spent_dkk=data["spent_dkk"],
                        milestones=data["milestones"],
                        expected_version=form.expected_version,
                    )
                except BaseException:
                    if added is not None:
                        added.file.storage.delete(added.file.name)
                    raise

        saved = save_form(form, write)
        if saved is not None:
            messages.success(
                request,
                _("Your update is submitted for review.") if submit else _("The draft is saved."),
            )
            return redirect("workspace:update_request", pk=update.pk)
    return render(
        request,
        "workspace/rounds/request.html",
        {
            "nav": "rounds",
            "update": update,
            "milestones": milestones,
            "files": update.attachments.all(),
            "form": form,
            "editable": _editable(update),
            "may_review": update.state == UpdateRequest.State.SUBMITTED
            and update.takes_changes
            and may(request.user, EDIT, update.project),
            "review_form": ReviewForm(),
        },
    )


@require_POST
@workspace_view
def request_review(request, pk):
    update = selectors.update_request_for(request.user, pk)
    if not may(request.user, EDIT, update.project):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    approve = request.POST.get("action") == "approve"
    review = rounds.update_approve if approve else rounds.update_return
    saved = save_form(
        form,
        lambda data: review(actor=request.user, request=update, comment=data["review_comment"]),
    )
    if saved is None:
        return render(
            request,
            "workspace/rounds/request.html",
            {
                "nav": "rounds",
                "update": update,
                "milestones": selectors.milestones_of(update),
                "files": update.attachments.all(),
                "form": UpdateForm(instance=update, milestones=selectors.milestones_of(update)),
                "editable": False,
                "may_review": True,
                "review_form": form,
            },
            status=400,
        )
    messages.success(
        request, _("The update is approved.") if approve else _("The update is returned.")
    )
    if update.round_id is None:
        return redirect(reverse("workspace:project", args=[update.project_id]) + "#updates")
    return redirect("workspace:round", pk=update.round_id)
