"""Workspace pages for plans; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

from django.urls import path

from . import plans

plan = "planer/<slug:slug>/"
area = plan + "indsatsomraader/<int:area>/<str:kind>/"

urlpatterns: list = [
    path("planer/", plans.plan_list, name="plans"),
    path("planer/ny/", plans.plan_create, name="plan_create"),
    path(plan, plans.plan_detail, name="plan"),
    path(plan + "rediger/", plans.plan_edit, name="plan_edit"),
    path(plan + "kopier/", plans.plan_duplicate, name="plan_duplicate"),
    path(plan + "temaer/ny/", plans.theme_create, name="theme_create"),
    path(plan + "temaer/<int:pk>/", plans.theme_edit, name="theme_edit"),
    path(
        plan + "temaer/<int:theme>/indsatsomraader/ny/",
        plans.focus_area_create,
        name="focus_area_create",
    ),
    path(plan + "indsatsomraader/<int:pk>/", plans.focus_area_edit, name="focus_area"),
    path(plan + "indsatsomraader/<int:pk>/flyt/", plans.focus_area_move, name="focus_area_move"),
    path(area + "ny/", plans.item_create, name="item_create"),
    path(area + "<int:pk>/", plans.item_edit, name="item_edit"),
    path(area + "<int:pk>/slet/", plans.item_delete, name="item_delete"),
    path(plan + "maal/<int:goal>/indikatorer/ny/", plans.indicator_create, name="indicator_create"),
    path(plan + "indikatorer/<int:pk>/", plans.indicator_edit, name="indicator"),
    path(
        plan + "indikatorer/<int:pk>/maalinger/ny/",
        plans.observation_create,
        name="observation_create",
    ),
    path(plan + "maalinger/", plans.bulk_entry, name="bulk_entry"),
    path(plan + "maalinger/csv/", plans.bulk_csv, name="bulk_csv"),
]
