"""Workspace pages for histories and the log; included under /arbejdsrum/."""

from django.urls import path

from . import history

urlpatterns = [
    path("log/", history.log_page, name="log"),
    path("historik/<str:kind>/<int:pk>/", history.history_page, name="history"),
]
