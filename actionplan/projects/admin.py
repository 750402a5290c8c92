from django.contrib import admin

from actionplan.core.admin import ServiceAdmin

from .models import CoFunding, Grant, Participation, Project, ProjectFocusArea
from .services import refresh_totals
from .summaries import summarised


class ProjectFocusAreaInline(admin.TabularInline):
    model = ProjectFocusArea
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0


class GrantInline(admin.TabularInline):
    model = Grant
    fields = ["source", "amount", "decided_on", "decided_precision", "decided_by", "note"]
    extra = 0


class CoFundingInline(admin.TabularInline):
    model = CoFunding
    fields = ["source", "amount", "status", "year", "note"]
    extra = 0


@admin.register(Project)
class ProjectAdmin(ServiceAdmin):
    list_display = ["title", "kind", "status", "lead", "start", "end", "is_published"]
    list_filter = ["status", "kind", "is_published", "focus_areas__plan", "focus_areas__theme"]
    search_fields = ["title", "description", "external_id"]
    list_select_related = ["lead"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProjectFocusAreaInline, ParticipationInline, GrantInline, CoFundingInline]

    # The admin writes through core.services, not the project services: keep the stored
    # totals and the plan/focus-area summaries here as those services do.
    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        with summarised(obj.pk):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        with summarised(form.instance.pk):
            super().save_related(request, form, formsets, change)
        refresh_totals(form.instance)

    def delete_model(self, request, obj):
        with summarised(obj.pk):
            super().delete_model(request, obj)


class MoneyAdmin(ServiceAdmin):
    """Grants and co-funding: the project's stored totals follow each change."""

    def save_model(self, request, obj, form, change):
        before = type(obj).objects.filter(pk=obj.pk).values_list("project_id", flat=True).first()
        super().save_model(request, obj, form, change)
        refresh_totals(obj.project_id)
        if before is not None and before != obj.project_id:
            refresh_totals(before)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_totals(obj.project_id)


@admin.register(Grant)
class GrantAdmin(MoneyAdmin):
    list_display = ["project", "source", "amount", "decided_on", "decided_by"]
    list_filter = ["source", "decided_precision"]
    search_fields = ["project__title", "note"]
    list_select_related = ["project", "source"]


@admin.register(CoFunding)
class CoFundingAdmin(MoneyAdmin):
    list_display = ["project", "source", "amount", "status", "year"]
    list_filter = ["status", "source"]
    search_fields = ["project__title", "note"]
    list_select_related = ["project", "source"]


@admin.register(Participation)
class ParticipationAdmin(ServiceAdmin):
    list_display = ["project", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["project__title", "organisation__name"]
    list_select_related = ["project", "organisation"]
