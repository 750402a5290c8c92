from django.contrib import admin

from actionplan.accounts import services
from actionplan.core.admin import ServiceAdmin

from .models import Invitation, Membership


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    delete_service = staticmethod(services.membership_revoke)
    instance_arg = "membership"
    list_display = ["user", "role", "organisation", "plan", "project", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "organisation", "plan", "project"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "organisation", "plan", "project", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    readonly_fields = ["accepted_at", "invited_by"]

    # Invitations are sent from the workspace, which e-mails the link; the admin only shows them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
