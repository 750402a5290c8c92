"""The role labels an import recognises."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from actionplan.ingest import selectors
from actionplan.ingest import services as ingest
from actionplan.ingest.models import RoleLabel
from actionplan.organisations.models import Organisation

from ..access import workspace_view
from ..forms import NamedChoiceField, save_form
from .uploads import _require_editor


class RoleLabelForm(forms.Form):
    organisation = NamedChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=gettext_lazy("Part of the plan"), choices=RoleLabel.Role.choices)
    label = forms.CharField(
        label=gettext_lazy("Your word for it"),
        max_length=100,
        help_text=gettext_lazy("As the heading is written in your plans, e.g. “Vores svar”"),
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = owners


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def role_labels(request):
    """The words the plan reader knows for each part of a plan, and each organisation's own
    (added here, used for that organisation's next plan)."""
    from actionplan.ingest.roles import DEFAULT_LABELS

    owners = selectors.plan_owners_for(request.user)
    form = RoleLabelForm(request.POST or None, owners=owners)
    if request.method == "POST":
        _require_editor(request)
        remove = request.POST.get("remove")
        if remove:
            label = RoleLabel.objects.filter(pk=remove, organisation__in=owners).first()
            if label is not None:
                ingest.role_label_delete(actor=request.user, label=label)
                messages.success(request, _("The label is removed."))
            return redirect("workspace:import_labels")
        saved = save_form(
            form,
            lambda data: ingest.role_label_create(
                actor=request.user,
                organisation=data["organisation"],
                role=data["role"],
                label=data["label"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The label is saved."))
            return redirect("workspace:import_labels")
    own = RoleLabel.objects.filter(organisation__in=owners).select_related("organisation")
    roles = dict(RoleLabel.Role.choices)
    return render(
        request,
        "workspace/imports/labels.html",
        {
            "nav": "imports",
            "form": form,
            "own": own,
            "defaults": [(roles[role], words) for role, words in DEFAULT_LABELS.items()],
        },
        status=400 if form.errors else 200,
    )
