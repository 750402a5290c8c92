from django.contrib import admin

from actionplan.core.admin import ServiceAdmin
from actionplan.privacy import services

from .models import ContactPerson


@admin.register(ContactPerson)
class ContactPersonAdmin(ServiceAdmin):
    update_service = staticmethod(services.contact_update)
    delete_service = staticmethod(services.contact_delete)
    instance_arg = "contact"
    list_display = ["name", "title", "organisation", "project", "retain_until", "anonymised_at"]
    list_filter = ["anonymised_at", "project__status"]
    search_fields = ["name", "email", "project__title"]
    list_select_related = ["organisation", "project"]
    autocomplete_fields: list[str] = []
    readonly_fields = ["anonymised_at"]
