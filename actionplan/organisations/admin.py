from django.contrib import admin

from actionplan.core.admin import ServiceAdmin
from actionplan.organisations import services

from .models import FundingSource, Organisation


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    update_service = staticmethod(services.organisation_update)
    instance_arg = "organisation"
    list_display = ["name", "kind", "cvr"]
    list_filter = ["kind"]
    search_fields = ["name", "cvr"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FundingSource)
class FundingSourceAdmin(ServiceAdmin):
    update_service = staticmethod(services.funding_source_update)
    instance_arg = "source"
    list_display = ["name", "kind", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
