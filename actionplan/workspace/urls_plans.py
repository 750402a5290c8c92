"""Workspace pages for plans; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

from django.urls import path

from .plans import areas, bulk, indicators, items, plans, themes

plan = "planer/<slug:slug>/"
area = plan + "indsatsomraader/<int:area>/<str:kind>/"

urlpatterns: list = [
    path("planer/", plans.plan_list, name="plans"),
    path("planer/ny/", plans.plan_create, name="plan_create"),
    path(plan, plans.plan_detail, name="plan"),
    path(plan + "rediger/", plans.plan_edit, name="plan_edit"),
    path(plan + "kopier/", plans.plan_duplicate, name="plan_duplicate"),
    path(plan + "temaer/ny/", themes.theme_create, name="theme_create"),
    path(plan + "temaer/<int:pk>/", themes.theme_edit, name="theme_edit"),
    path(
        plan + "temaer/<int:theme>/indsatsomraader/ny/",
        areas.focus_area_create,
        name="focus_area_create",
    ),
    path(plan + "indsatsomraader/<int:pk>/", areas.focus_area_edit, name="focus_area"),
    path(plan + "indsatsomraader/<int:pk>/flyt/", areas.focus_area_move, name="focus_area_move"),
    path(area + "ny/", items.item_create, name="item_create"),
    path(area + "<int:pk>/", items.item_edit, name="item_edit"),
    path(area + "<int:pk>/slet/", items.item_delete, name="item_delete"),
    path(
        plan + "maal/<int:goal>/indikatorer/ny/",
        indicators.indicator_create,
        name="indicator_create",
    ),
    path(plan + "indikatorer/<int:pk>/", indicators.indicator_edit, name="indicator"),
    path(
        plan + "indikatorer/<int:pk>/maalinger/ny/",
        indicators.observation_create,
        name="observation_create",
    ),
    path(plan + "maalinger/", bulk.bulk_entry, name="bulk_entry"),
    path(plan + "maalinger/csv/", bulk.bulk_csv, name="bulk_csv"),
]
