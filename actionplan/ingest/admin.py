from django.contrib import admin

from .models import RoleLabel


@admin.register(RoleLabel)
class RoleLabelAdmin(admin.ModelAdmin):
    list_display = ["label", "role", "organisation"]
    list_filter = ["role", "organisation"]
    search_fields = ["label"]
