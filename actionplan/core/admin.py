from collections.abc import Callable
from typing import Any

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_label"]
    date_hierarchy = "at"

    # The trail is evidence: nobody edits or removes it through the application.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def tabular_inline(model, fields: list[str] | None = None, *, link: bool = False):
    """The rows of `model` in its parent's admin page, with no empty extra rows: the fields
    given (all by default), and with `link` a link to each row's own page."""
    attrs = {"model": model, "extra": 0, "show_change_link": link}
    if fields is not None:
        attrs["fields"] = fields
    return type(f"{model.__name__}Inline", (admin.TabularInline,), attrs)


class ServiceAdmin(admin.ModelAdmin):
    """Admin saves go through the shared write path, so they are validated and audited.

    A model whose app has its own update or delete service (with rules or side effects of its
    own: a project's summaries, a grant's totals, a focus area's theme) names it here, and the
    admin changes it through that service as the workspace and the API do:
    `update_service(actor=..., <instance_arg>=obj, **changed_values)`."""

    update_service: Callable[..., Any] | None = None
    delete_service: Callable[..., Any] | None = None
    instance_arg = ""

    def service_values(self, obj, values: dict) -> dict:
        """The changed form values as the update service takes them."""
        return values

    def history_view(self, request, object_id, extra_context=None):
        """The audit trail of the object, as sentences, instead of the admin's own log."""
        from django.template.response import TemplateResponse

        from .history import history

        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            from django.http import Http404

            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "object": obj,
            "opts": self.opts,
            "entries": history(obj),
            "title": str(obj),
        }
        return TemplateResponse(request, "admin/actionplan_history.html", context)

    def save_model(self, request, obj, form, change):
        from . import services

        if not change:
            services.create(obj, actor=request.user)
            return
        original = type(obj).objects.get(pk=obj.pk)
        concrete = {f.name for f in obj._meta.concrete_fields}
        values = {name: getattr(obj, name) for name in form.changed_data if name in concrete}
        if self.update_service is None:
            services.update(original, actor=request.user, **values)
        else:
            values = self.service_values(obj, values)
            self.update_service(actor=request.user, **{self.instance_arg: original}, **values)

    def delete_model(self, request, obj):
        from . import services

        if self.delete_service is None:
            services.delete(obj, actor=request.user)
        else:
            self.delete_service(actor=request.user, **{self.instance_arg: obj})

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        from . import services

        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.delete(obj, actor=request.user)
        for obj in instances:
            if obj.pk is None:
                services.create(obj, actor=request.user)
            else:
                original = type(obj).objects.get(pk=obj.pk)
                concrete = {f.attname for f in obj._meta.concrete_fields if not f.primary_key}
                values = {name: getattr(obj, name) for name in concrete}
                services.update(original, actor=request.user, **values)
        formset.save_m2m()
