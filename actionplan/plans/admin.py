from django.contrib import admin

from actionplan.core.admin import ServiceAdmin, tabular_inline
from actionplan.plans import services

from .models import (
    ActionPlan,
    Fact,
    FocusArea,
    Goal,
    PlannedActivity,
    Strategy,
    SuggestedFunding,
    SuggestedPartner,
    Theme,
)


@admin.register(Strategy)
class StrategyAdmin(ServiceAdmin):
    list_display = ["title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(ActionPlan)
class ActionPlanAdmin(ServiceAdmin):
    update_service = staticmethod(services.plan_update)
    delete_service = staticmethod(services.plan_delete)
    instance_arg = "plan"
    list_display = ["title", "strategy", "organisation", "period_start", "period_end", "status"]
    list_filter = ["status", "organisation", "strategy"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [tabular_inline(Theme, ["order", "title", "slug"], link=True)]


@admin.register(Theme)
class ThemeAdmin(ServiceAdmin):
    update_service = staticmethod(services.theme_update)
    instance_arg = "theme"
    list_display = ["title", "plan", "order", "dac_sector"]
    list_filter = ["plan"]
    search_fields = ["title"]
    inlines = [tabular_inline(FocusArea, ["order", "title", "slug"], link=True)]


@admin.register(FocusArea)
class FocusAreaAdmin(ServiceAdmin):
    update_service = staticmethod(services.focus_area_update)
    instance_arg = "focus_area"
    list_display = ["title", "theme", "plan", "order", "dac_sector", "in_original_plan"]
    list_filter = ["plan", "theme", "in_original_plan"]
    search_fields = ["title", "challenge", "approach"]
    list_select_related = ["theme", "plan"]
    inlines = [
        tabular_inline(Fact, ["order", "text", "value", "unit", "year", "source"]),
        tabular_inline(Goal, ["order", "statement", "target_years", "no_number_note"], link=True),
        tabular_inline(PlannedActivity, ["order", "text", "parent", "is_heading"]),
        tabular_inline(SuggestedPartner, ["order", "name", "organisation"]),
        tabular_inline(SuggestedFunding, ["order", "name", "source"]),
    ]


class FocusAreaPartAdmin(ServiceAdmin):
    """What a focus area holds: listed with its focus area, filtered by plan."""

    list_filter = ["focus_area__plan"]
    list_select_related = ["focus_area"]


@admin.register(Goal)
class GoalAdmin(FocusAreaPartAdmin):
    update_service = staticmethod(services.goal_update)
    delete_service = staticmethod(services.goal_delete)
    instance_arg = "goal"
    list_display = ["statement", "focus_area", "target_years"]
    list_filter = ["focus_area__plan", "focus_area__theme"]
    search_fields = ["statement"]


@admin.register(Fact)
class FactAdmin(FocusAreaPartAdmin):
    update_service = staticmethod(services.fact_update)
    delete_service = staticmethod(services.fact_delete)
    instance_arg = "fact"
    list_display = ["text", "focus_area", "value", "unit", "year"]
    search_fields = ["text"]


@admin.register(PlannedActivity)
class PlannedActivityAdmin(FocusAreaPartAdmin):
    update_service = staticmethod(services.activity_update)
    delete_service = staticmethod(services.activity_delete)
    instance_arg = "activity"
    list_display = ["text", "focus_area", "parent", "order"]
    list_filter = ["focus_area__plan", "is_heading"]
    search_fields = ["text"]
    list_select_related = ["focus_area", "parent"]


@admin.register(SuggestedPartner)
class SuggestedPartnerAdmin(FocusAreaPartAdmin):
    update_service = staticmethod(services.suggested_partner_update)
    delete_service = staticmethod(services.suggested_partner_delete)
    instance_arg = "partner"
    list_display = ["name", "focus_area", "organisation"]
    search_fields = ["name"]
    list_select_related = ["focus_area", "organisation"]


@admin.register(SuggestedFunding)
class SuggestedFundingAdmin(FocusAreaPartAdmin):
    update_service = staticmethod(services.suggested_funding_update)
    delete_service = staticmethod(services.suggested_funding_delete)
    instance_arg = "funding"
    list_display = ["name", "focus_area", "source"]
    list_filter = ["focus_area__plan", "source"]
    search_fields = ["name"]
    list_select_related = ["focus_area", "source"]
