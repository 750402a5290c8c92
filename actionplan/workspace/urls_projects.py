"""Workspace pages for projects; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

from django.urls import path

from . import attachments
from . import projects as views

project = "projekter/<int:pk>/"


def _money(word: str, kind: str, add, edit, delete) -> list:
    """A project's grants or co-funding: the same add, edit and delete addresses for both."""
    one = f"{project}{word}/<int:{kind}_pk>/"
    return [
        path(f"{project}{word}/", add, name=f"{kind}_add"),
        path(one, edit, name=f"{kind}_edit"),
        path(one + "slet/", delete, name=f"{kind}_delete"),
    ]


urlpatterns = [
    path("projekter/", views.project_list, name="projects"),
    path("projekter/ny/", views.project_create, name="project_create"),
    path(project, views.project_page, name="project"),
    path(project + "rediger/", views.project_edit, name="project_edit"),
    path(project + "partnere/", views.partner_add, name="partner_add"),
    path(
        project + "partnere/<int:participation_pk>/fjern/",
        views.partner_remove,
        name="partner_remove",
    ),
    *_money("bevillinger", "grant", views.grant_add, views.grant_edit, views.grant_delete),
    *_money(
        "medfinansiering",
        "cofunding",
        views.cofunding_add,
        views.cofunding_edit,
        views.cofunding_delete,
    ),
    path(project + "statusopdateringer/", views.update_add, name="update_add"),
    path(project + "filer/", attachments.attachment_add, name="attachment_add"),
    path(
        project + "filer/<int:attachment_pk>/offentlig/",
        attachments.attachment_publish,
        name="attachment_publish",
    ),
    path(
        project + "filer/<int:attachment_pk>/fjern/",
        attachments.attachment_remove,
        name="attachment_remove",
    ),
    path("organisationer/", views.organisation_list, name="organisations"),
    path("organisationer/ny/", views.organisation_create, name="organisation_create"),
    path("organisationer/<int:pk>/", views.organisation_edit, name="organisation_edit"),
]
