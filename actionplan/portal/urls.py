from django.urls import path

from . import feeds, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("planer/", views.plan_list, name="plans"),
    path("sammenlign/", views.national, name="national"),
    path("sammenlign/diagrammer/<slug:key>.<str:fmt>", views.national_chart, name="national_chart"),
    path("soeg/", views.search, name="search"),
    path("planer/<slug:slug>/", views.plan_detail, name="plan"),
    path("planer/<slug:slug>/nyheder.atom", feeds.PlanFeed(), name="plan_feed"),
    path("planer/<slug:slug>/kort.<str:fmt>", views.plan_map_data, name="plan_map_data"),
    path("planer/<slug:slug>/diagrammer/<slug:key>.<str:fmt>", views.plan_chart, name="plan_chart"),
    path("planer/<slug:slug>/kort/", views.plan_map, name="plan_map"),
    path(
        "planer/<slug:slug>/statusnotat/<slug:round_slug>.<str:fmt>",
        views.plan_memo,
        name="plan_memo",
    ),
    path("planer/<slug:plan_slug>/<slug:area_slug>/", views.focus_area_detail, name="focus_area"),
    path(
        "planer/<slug:plan_slug>/<slug:area_slug>/nyheder.atom",
        feeds.FocusAreaFeed(),
        name="focus_area_feed",
    ),
    path(
        "planer/<slug:plan_slug>/<slug:area_slug>/kort/",
        views.focus_area_map,
        name="focus_area_map",
    ),
    path(
        "planer/<slug:plan_slug>/<slug:area_slug>/kort.<str:fmt>",
        views.focus_area_map_data,
        name="focus_area_map_data",
    ),
    path(
        "planer/<slug:plan_slug>/<slug:area_slug>/diagrammer/<slug:key>.<str:fmt>",
        views.focus_area_chart,
        name="focus_area_chart",
    ),
    path("projekter/", views.project_list, name="projects"),
    path("projekter/projekter.<str:fmt>", views.project_list_download, name="projects_download"),
    path("projekter/<slug:slug>/", views.project_detail, name="project"),
    path("projekter/<slug:slug>/nyheder.atom", feeds.ProjectFeed(), name="project_feed"),
    path("organisationer/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
]
