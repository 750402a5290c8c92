from django.urls import path

from . import feeds, views

plan = "planer/<slug:slug>/"
area = "planer/<slug:plan_slug>/<slug:area_slug>/"
project = "projekter/<slug:slug>/"

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("planer/", views.plan_list, name="plans"),
    path("sammenlign/", views.national, name="national"),
    path("sammenlign/diagrammer/<slug:key>.<str:fmt>", views.national_chart, name="national_chart"),
    path("soeg/", views.search, name="search"),
    path(plan, views.plan_detail, name="plan"),
    path(plan + "nyheder.atom", feeds.PlanFeed(), name="plan_feed"),
    path(plan + "kort.<str:fmt>", views.plan_map_data, name="plan_map_data"),
    path(plan + "diagrammer/<slug:key>.<str:fmt>", views.plan_chart, name="plan_chart"),
    path(plan + "kort/", views.plan_map, name="plan_map"),
    path(plan + "statusnotat/<slug:round_slug>.<str:fmt>", views.plan_memo, name="plan_memo"),
    path(area, views.focus_area_detail, name="focus_area"),
    path(area + "nyheder.atom", feeds.FocusAreaFeed(), name="focus_area_feed"),
    path(area + "kort/", views.focus_area_map, name="focus_area_map"),
    path(area + "kort.<str:fmt>", views.focus_area_map_data, name="focus_area_map_data"),
    path(area + "diagrammer/<slug:key>.<str:fmt>", views.focus_area_chart, name="focus_area_chart"),
    path("projekter/", views.project_list, name="projects"),
    path("projekter/projekter.<str:fmt>", views.project_list_download, name="projects_download"),
    path(project, views.project_detail, name="project"),
    path(project + "nyheder.atom", feeds.ProjectFeed(), name="project_feed"),
    path("organisationer/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
]
