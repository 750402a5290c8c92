"""Users and roles: administrators invite people by e-mail and take roles away again."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from actionplan.accounts import selectors, services
from actionplan.accounts.models import Role
from actionplan.core.paging import CappedPaginator

from .access import workspace_view
from .forms import save_form

# Least privilege first: the form proposes the narrowest role, never administrator.
PAGE_SIZE = 50
INVITATIONS_SHOWN = 50
ROLES_LEAST_FIRST = [Role.REPORTER, Role.READER, Role.EDITOR, Role.ADMIN]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[(role.value, role.label) for role in ROLES_LEAST_FIRST],
        initial=Role.REPORTER,
    )
    # A name typed in, not a list of every organisation, plan and project one manages: at
    # national scale that list was 100.000 options (7,9 MB, 10 s to render).
    scope = forms.CharField(
        label=gettext_lazy("For"),
        max_length=400,
        help_text=gettext_lazy(
            "The exact name of an organisation, action plan or project (or its web address "
            "name). A project reporter is assigned to one project."
        ),
    )

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes = scopes

    def clean_scope(self) -> dict:
        value = self.cleaned_data["scope"].strip()
        sources = {
            "organisation": (self.scopes.organisations, "name"),
            "plan": (self.scopes.plans, "title"),
            "project": (self.scopes.projects, "title"),
        }
        kind, _sep, pk = value.partition(":")
        if kind in sources and pk.isdigit():  # "project:12", as links and scripts write it
            found = sources[kind][0].filter(pk=pk).first()
            if found is None:
                raise forms.ValidationError(_("You do not manage that."))
            return {kind: found}
        matches = []
        for kind, (source, field) in sources.items():
            named = source.filter(Q(**{f"{field}__iexact": value}) | Q(slug=value))
            matches += [(kind, found) for found in named.order_by("pk")[:3]]
        if not matches:
            raise forms.ValidationError(
                _("Nothing you manage is called “%(name)s”.") % {"name": value}
            )
        if len(matches) > 1:
            raise forms.ValidationError(
                _("Several things are called “%(name)s”: write one of %(keys)s.")
                % {"name": value, "keys": ", ".join(f"{k}:{m.pk}" for k, m in matches)}
            )
        kind, found = matches[0]
        return {kind: found}


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
    memberships = selectors.memberships_managed_by(request.user, scopes)
    page = CappedPaginator(memberships, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "workspace/users/list.html",
        {
            "nav": "users",
            "form": form,
            "page": page,
            "query": "",
            "invitations": selectors.open_invitations_managed_by(request.user, scopes)[
                :INVITATIONS_SHOWN
            ],
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
