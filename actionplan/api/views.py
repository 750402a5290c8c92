"""Token pages in the staff workspace: list, create (the token is shown once), revoke."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the key is for, e.g. the integration that uses it."),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the key a name."))
        return name


def _staff_only(request) -> None:
    if not services.may_hold_tokens(request.user):
        raise PermissionDenied(_("Only staff can manage API keys."))


def _page(request, template: str, context: dict, status: int = 200):
    return render(request, template, {"nav": "tokens", **context}, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def token_list(request):
    _staff_only(request)
    return _page(
        request,
        "api/tokens.html",
        {"tokens": selectors.tokens_for(request.user), "form": TokenForm()},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_create(request):
    _staff_only(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = services.token_create(actor=request.user, name=form.cleaned_data["name"])
        # Rendered, not redirected: the token is on this one page and nowhere else.
        return _page(request, "api/token_created.html", {"token": token, "raw": raw})
    status = 400 if request.method == "POST" else 200
    return _page(request, "api/token_form.html", {"form": form}, status=status)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    _staff_only(request)
    token = get_object_or_404(ApiToken, pk=token_id, owner=request.user)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The key “%(name)s” is revoked.") % {"name": token.name})
    return redirect(reverse("api_tokens"))
