"""The lists behind the cockpit's numbers; included under /arbejdsrum/."""

from django.urls import path

from . import cockpit_views as views

urlpatterns = [
    path("oversigt/opdateringer/", views.update_requests, name="cockpit_requests"),
    path("oversigt/indikatorer-uden-maaling/", views.indicators, name="cockpit_indicators"),
    path("oversigt/projekter-uden-opdatering/", views.stale_projects, name="cockpit_projects"),
    path("oversigt/maal-ude-af-kurs/", views.goals, name="cockpit_goals"),
]
