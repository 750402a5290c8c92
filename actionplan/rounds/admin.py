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
