from django.contrib import admin

from actionplan.core.admin import ServiceAdmin

from .models import CoFunding, Grant, Participation, Project, ProjectFocusArea


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


@admin.register(Grant)
class GrantAdmin(ServiceAdmin):
    list_display = ["project", "source", "amount", "decided_on", "decided_by"]
    list_filter = ["source", "decided_precision"]
    search_fields = ["project__title", "note"]
    list_select_related = ["project", "source"]


@admin.register(CoFunding)
class CoFundingAdmin(ServiceAdmin):
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
