"""Users and roles: administrators invite people by e-mail and take roles away again."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from actionplan.accounts import selectors, services
from actionplan.accounts.models import Role

from .access import workspace_view
from .forms import save_form

# Least privilege first: the form proposes the narrowest role, never administrator.
ROLES_LEAST_FIRST = [Role.REPORTER, Role.READER, Role.EDITOR, Role.ADMIN]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[(role.value, role.label) for role in ROLES_LEAST_FIRST],
        initial=Role.REPORTER,
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("For"),
        help_text=gettext_lazy("A project reporter is assigned to one project."),
    )

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes = scopes
        self.fields["scope"].choices = [
            ("", _("Choose what the role covers")),
            (_("Organisations"), [(f"organisation:{o.pk}", o.name) for o in scopes.organisations]),
            (_("Action plans"), [(f"plan:{p.pk}", p.title) for p in scopes.plans]),
            (_("Projects"), [(f"project:{p.pk}", p.title) for p in scopes.projects]),
        ]

    def clean_scope(self) -> dict:
        kind, _sep, pk = self.cleaned_data["scope"].partition(":")
        source = {
            "organisation": self.scopes.organisations,
            "plan": self.scopes.plans,
            "project": self.scopes.projects,
        }[kind]
        return {kind: source.get(pk=pk)}


def _managed(request):
    scopes = selectors.managed_scopes(request.user)
    if not scopes:
        raise PermissionDenied
    return scopes


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def user_list(request):
    scopes = _managed(request)
    form = InvitationForm(request.POST or None, scopes=scopes)
    if request.method == "POST":
        accept_url = request.build_absolute_uri(
            reverse("accounts:accept_invitation", kwargs={"token": "TOKEN"})
        )
        invited = save_form(
            form,
            lambda data: services.invitation_create(
                actor=request.user,
                email=data["email"],
                role=data["role"],
                accept_url=accept_url,
                **data["scope"],
            ),
        )
        if invited is not None:
            sent = _("An invitation has been sent to %(email)s.") % {"email": invited[0].email}
            messages.success(request, sent)
            return redirect("workspace:users")
    return render(
        request,
        "workspace/users/list.html",
        {
            "nav": "users",
            "form": form,
            "memberships": selectors.memberships_managed_by(request.user, scopes),
            "invitations": selectors.open_invitations_managed_by(request.user, scopes),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@workspace_view
def membership_revoke(request, pk: int):
    scopes = _managed(request)
    membership = get_object_or_404(selectors.memberships_managed_by(request.user, scopes), pk=pk)
    services.membership_revoke(actor=request.user, membership=membership)
    messages.success(request, _("The role has been taken away."))
    return redirect("workspace:users")
