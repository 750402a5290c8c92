from django.contrib import admin

from actionplan.core.admin import ServiceAdmin

from .models import ContactPerson


@admin.register(ContactPerson)
class ContactPersonAdmin(ServiceAdmin):
    list_display = ["name", "title", "organisation", "project", "retain_until", "anonymised_at"]
    list_filter = ["anonymised_at", "project__status"]
    search_fields = ["name", "email", "project__title"]
    list_select_related = ["organisation", "project"]
    autocomplete_fields: list[str] = []
    readonly_fields = ["anonymised_at"]
