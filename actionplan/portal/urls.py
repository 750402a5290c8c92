from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("planer/<slug:slug>/", views.plan_detail, name="plan"),
    path("planer/<slug:plan_slug>/<slug:area_slug>/", views.focus_area_detail, name="focus_area"),
    path("projekter/", views.project_list, name="projects"),
    path("projekter/<slug:slug>/", views.project_detail, name="project"),
    path("organisationer/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
]
