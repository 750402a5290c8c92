"""Workspace pages for projects; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

from django.urls import path

from . import attachments
from . import projects as views

urlpatterns = [
    path("projekter/", views.project_list, name="projects"),
    path("projekter/ny/", views.project_create, name="project_create"),
    path("projekter/<int:pk>/", views.project_page, name="project"),
    path("projekter/<int:pk>/rediger/", views.project_edit, name="project_edit"),
    path("projekter/<int:pk>/partnere/", views.partner_add, name="partner_add"),
    path(
        "projekter/<int:pk>/partnere/<int:participation_pk>/fjern/",
        views.partner_remove,
        name="partner_remove",
    ),
    path("projekter/<int:pk>/bevillinger/", views.grant_add, name="grant_add"),
    path("projekter/<int:pk>/bevillinger/<int:grant_pk>/", views.grant_edit, name="grant_edit"),
    path(
        "projekter/<int:pk>/bevillinger/<int:grant_pk>/slet/",
        views.grant_delete,
        name="grant_delete",
    ),
    path("projekter/<int:pk>/medfinansiering/", views.cofunding_add, name="cofunding_add"),
    path(
        "projekter/<int:pk>/medfinansiering/<int:cofunding_pk>/",
        views.cofunding_edit,
        name="cofunding_edit",
    ),
    path(
        "projekter/<int:pk>/medfinansiering/<int:cofunding_pk>/slet/",
        views.cofunding_delete,
        name="cofunding_delete",
    ),
    path("projekter/<int:pk>/statusopdateringer/", views.update_add, name="update_add"),
    path("projekter/<int:pk>/filer/", attachments.attachment_add, name="attachment_add"),
    path(
        "projekter/<int:pk>/filer/<int:attachment_pk>/offentlig/",
        attachments.attachment_publish,
        name="attachment_publish",
    ),
    path(
        "projekter/<int:pk>/filer/<int:attachment_pk>/fjern/",
        attachments.attachment_remove,
        name="attachment_remove",
    ),
    path("organisationer/", views.organisation_list, name="organisations"),
    path("organisationer/ny/", views.organisation_create, name="organisation_create"),
    path("organisationer/<int:pk>/", views.organisation_edit, name="organisation_edit"),
]
