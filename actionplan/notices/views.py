"""A user's notices, their settings and follows. Login is all it takes: these pages show
only the user's own things."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects.models import Project

from . import selectors, services
from .models import Delivery, Kind

PER_PAGE = 50


def _own(view):
    return never_cache(login_required(view))


@require_safe
@_own
def notice_list(request):
    page = Paginator(selectors.notices_of(request.user), PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "notices/list.html",
        {"nav": "notices", "page": page, "unread": selectors.unread_count(request.user)},
    )


@require_safe
@_own
def notice_open(request, pk):
    """Follow a notice's link from the list: it is read then."""
    notice = selectors.notice_of(request.user, pk)
    services.notices_mark_read(actor=request.user, user=request.user, pks=[notice.pk])
    return redirect(notice.link or "notices:list")


@require_POST
@_own
def mark_read(request):
    pk = request.POST.get("notice")
    pks = [int(pk)] if pk and pk.isdigit() else None
    count = services.notices_mark_read(actor=request.user, user=request.user, pks=pks)
    if pks is None:
        messages.success(request, _("%(count)s notices are marked read.") % {"count": count})
    return redirect("notices:list")


class SettingsForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of notices and e-mails"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=Delivery.IMMEDIATE,
            )

    def kind_fields(self):
        return [self[kind.value] for kind in Kind]


@require_http_methods(["GET", "HEAD", "POST"])
@_own
def settings_edit(request):
    current = services.settings_get(request.user)
    initial = {"language": current.language}
    initial.update({kind.value: current.delivery(kind.value) for kind in Kind})
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(
                actor=request.user,
                user=request.user,
                language=form.cleaned_data["language"],
                deliveries={kind.value: form.cleaned_data[kind.value] for kind in Kind},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your notice settings are saved."))
            return redirect("notices:settings")
    return render(
        request,
        "notices/settings.html",
        {"nav": "notices", "form": form, "follows": selectors.follows_of(request.user)},
    )


FOLLOWABLE = {"plan": ActionPlan, "indsats": FocusArea, "projekt": Project}


def public_url(target) -> str:
    match target:
        case ActionPlan():
            return reverse("portal:plan", args=[target.slug])
        case FocusArea():
            return reverse("portal:focus_area", args=[target.plan.slug, target.slug])
    return reverse("portal:project", args=[target.slug])


@require_POST
@_own
def follow_toggle(request, kind, pk):
    model = FOLLOWABLE.get(kind)
    if model is None:
        raise Http404
    target = get_object_or_404(model, pk=pk)
    try:
        if request.POST.get("action") == "unfollow":
            services.unfollow(actor=request.user, target=target)
            messages.success(request, _("You no longer follow “%(name)s”.") % {"name": target})
        else:
            services.follow(actor=request.user, target=target)
            messages.success(
                request,
                _("You follow “%(name)s”: you get a notice when it changes.") % {"name": target},
            )
    except ValidationError as error:
        raise Http404 from error
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = public_url(target)
    return redirect(back)
