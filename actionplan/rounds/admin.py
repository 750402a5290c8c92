from django.contrib import admin

from actionplan.core.admin import ServiceAdmin

from .models import FocusAreaAssessment, StatusRound, StatusUpdate


class AssessmentInline(admin.StackedInline):
    model = FocusAreaAssessment
    fields = ["focus_area", "text", "still_relevant"]
    extra = 0


@admin.register(StatusRound)
class StatusRoundAdmin(ServiceAdmin):
    list_display = ["name", "plan", "reference_date", "deadline", "state"]
    list_filter = ["state", "plan"]
    search_fields = ["name", "title"]
    inlines = [AssessmentInline]
    # open -> closed (memo frozen) -> published goes through the round services only.
    readonly_fields = ["state"]


@admin.register(FocusAreaAssessment)
class FocusAreaAssessmentAdmin(ServiceAdmin):
    list_display = ["focus_area", "round", "still_relevant"]
    list_filter = ["round", "still_relevant"]
    search_fields = ["text", "focus_area__title"]
    list_select_related = ["focus_area", "round"]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(ServiceAdmin):
    list_display = ["project", "date", "status", "progress", "round"]
    list_filter = ["status", "round"]
    search_fields = ["project__title", "narrative"]
    list_select_related = ["project", "round"]
    date_hierarchy = "date"
    # An update becomes public only by approval (rounds.services.update_approve): the admin
    # neither adds one nor rewrites who wrote or approved it.
    readonly_fields = ["author", "approved_by", "approved_at"]

    def has_add_permission(self, request):
        return False
