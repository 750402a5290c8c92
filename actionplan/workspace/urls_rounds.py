"""Workspace pages for rounds; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

from django.urls import path

from . import rounds

urlpatterns = [
    path("statusrunder/", rounds.round_list, name="rounds"),
    path("statusrunder/ny/", rounds.round_new, name="round_new"),
    path("statusrunder/<int:pk>/", rounds.round_detail, name="round"),
    path(
        "statusrunder/<int:pk>/anmod/", rounds.round_request_updates, name="round_request_updates"
    ),
    path("statusrunder/<int:pk>/luk/", rounds.round_close, name="round_close"),
    path("statusrunder/<int:pk>/offentliggoer/", rounds.round_publish, name="round_publish"),
    path(
        "statusrunder/<int:pk>/notat.<str:fmt>",
        rounds.round_memo,
        name="round_memo",
    ),
    path("statusrunder/<int:pk>/vurderinger/", rounds.assessment_list, name="round_assessments"),
    path(
        "statusrunder/<int:pk>/vurderinger/<int:area_pk>/",
        rounds.assessment_edit,
        name="round_assessment",
    ),
    path("statusrunder/mine-opdateringer/", rounds.my_requests, name="my_update_requests"),
    path("statusrunder/opdateringer/<int:pk>/", rounds.request_detail, name="update_request"),
    path(
        "statusrunder/opdateringer/<int:pk>/gennemse/",
        rounds.request_review,
        name="update_request_review",
    ),
]
