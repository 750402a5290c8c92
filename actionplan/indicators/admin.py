from django.contrib import admin

from actionplan.core.admin import ServiceAdmin, tabular_inline
from actionplan.indicators import services

from .models import Indicator, Observation


@admin.register(Indicator)
class IndicatorAdmin(ServiceAdmin):
    update_service = staticmethod(services.indicator_update)
    instance_arg = "indicator"
    list_display = ["name", "goal", "measure", "baseline_value", "target_value", "target_year"]
    list_filter = ["measure", "ascending", "goal__focus_area__plan"]
    search_fields = ["name"]
    list_select_related = ["goal"]
    inlines = [tabular_inline(Observation, ["date", "value", "text", "source", "note"])]


@admin.register(Observation)
class ObservationAdmin(ServiceAdmin):
    list_display = ["indicator", "date", "value", "text", "source"]
    list_filter = ["indicator__goal__focus_area__plan"]
    search_fields = ["indicator__name", "note"]
    list_select_related = ["indicator"]
    date_hierarchy = "date"
