from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_safe

from . import cockpit, selectors
from .access import workspace_view


class LoginView(auth_views.LoginView):
    template_name = "workspace/login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("workspace:home")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:home")


@require_safe
@workspace_view
def home(request):
    return render(
        request,
        "workspace/home.html",
        {
            "nav": "home",
            "overview": selectors.overview(request.user),
            "cockpit": cockpit.cockpit(request.user),
            "owed": cockpit.owed(request.user),
            "owed_shown": cockpit.OWED_SHOWN,
        },
    )
