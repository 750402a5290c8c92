from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ActionplanAdminSite(admin.AdminSite):
    """The raw admin is for system administrators only; staff work in the workspace, where
    their roles decide what they see."""

    site_header = _("actionplan administration")
    site_title = _("actionplan administration")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


class ActionplanAdminConfig(AdminConfig):
    default_site = "actionplan.core.admin_site.ActionplanAdminSite"
