"""Workspace pages for users and roles; included under /arbejdsrum/."""

from django.urls import path

from . import users

urlpatterns = [
    path("brugere/", users.user_list, name="users"),
    path("brugere/roller/<int:pk>/fjern/", users.membership_revoke, name="membership_revoke"),
]
