from django.contrib import admin

from actionplan.core.admin import ServiceAdmin

from .models import FundingSource, Organisation


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    list_display = ["name", "kind", "cvr"]
    list_filter = ["kind"]
    search_fields = ["name", "cvr"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FundingSource)
class FundingSourceAdmin(ServiceAdmin):
    list_display = ["name", "kind", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
