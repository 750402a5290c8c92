"""The token pages in the staff workspace (the API itself is mounted in config/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("arbejdsrum/api-noegler/", views.token_list, name="api_tokens"),
    path("arbejdsrum/api-noegler/ny/", views.token_create, name="api_token_create"),
    path(
        "arbejdsrum/api-noegler/<int:token_id>/tilbagekald/",
        views.token_revoke,
        name="api_token_revoke",
    ),
]
