from django.contrib import admin

from actionplan.core.admin import ServiceAdmin, tabular_inline
from actionplan.core.dates import PartialDate

from . import services, signals
from .models import CoFunding, Grant, Participation, Project, ProjectFocusArea
from .services import refresh_totals
from .summaries import summarised


@admin.register(Project)
class ProjectAdmin(ServiceAdmin):
    list_display = ["title", "kind", "status", "lead", "start", "end", "is_published"]
    list_filter = ["status", "kind", "is_published", "focus_areas__plan", "focus_areas__theme"]
    search_fields = ["title", "description", "external_id"]
    list_select_related = ["lead"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        tabular_inline(ProjectFocusArea),
        tabular_inline(Participation),
        tabular_inline(
            Grant, ["source", "amount", "decided_on", "decided_precision", "decided_by", "note"]
        ),
        tabular_inline(CoFunding, ["source", "amount", "status", "year", "note"]),
    ]

    update_service = staticmethod(services.project_update)
    delete_service = staticmethod(services.project_delete)
    instance_arg = "project"

    def service_values(self, obj, values: dict) -> dict:
        # The form has a date and its precision; project_update takes them as one PartialDate.
        for name in ("start", "end"):
            if name in values or f"{name}_precision" in values:
                values.pop(f"{name}_precision", None)
                when = getattr(obj, name)
                values[name] = (
                    PartialDate(when, getattr(obj, f"{name}_precision")) if when else None
                )
        return values

    # The inlines are written through core.services: keep the stored totals and the
    # plan/focus-area summaries here as the project services do.
    def save_related(self, request, form, formsets, change):
        project_id = form.instance.pk
        links = ProjectFocusArea.objects.filter(project_id=project_id)
        before = set(links.values_list("focus_area_id", flat=True))
        with summarised(project_id):
            super().save_related(request, form, formsets, change)
            after = set(links.values_list("focus_area_id", flat=True))
            if before != after:
                signals.focus_areas_changed.send(
                    sender=Project,
                    project_id=project_id,
                    added=sorted(after - before),
                    removed=sorted(before - after),
                )
        refresh_totals(form.instance)


class MoneyAdmin(ServiceAdmin):
    """Grants and co-funding: changed and deleted through their services (which keep the
    project's stored totals); a new one's totals are refreshed here."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            refresh_totals(obj.project_id)


@admin.register(Grant)
class GrantAdmin(MoneyAdmin):
    update_service = staticmethod(services.grant_update)
    delete_service = staticmethod(services.grant_delete)
    instance_arg = "grant"
    list_display = ["project", "source", "amount", "decided_on", "decided_by"]
    list_filter = ["source", "decided_precision"]
    search_fields = ["project__title", "note"]
    list_select_related = ["project", "source"]


@admin.register(CoFunding)
class CoFundingAdmin(MoneyAdmin):
    update_service = staticmethod(services.cofunding_update)
    delete_service = staticmethod(services.cofunding_delete)
    instance_arg = "cofunding"
    list_display = ["project", "source", "amount", "status", "year"]
    list_filter = ["status", "source"]
    search_fields = ["project__title", "note"]
    list_select_related = ["project", "source"]


@admin.register(Participation)
class ParticipationAdmin(ServiceAdmin):
    delete_service = staticmethod(services.participation_remove)
    instance_arg = "participation"
    list_display = ["project", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["project__title", "organisation__name"]
    list_select_related = ["project", "organisation"]
