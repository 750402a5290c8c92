"""Workspace pages for rounds; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

from django.urls import path

from . import rounds

round_ = "statusrunder/<int:pk>/"
request = "statusrunder/opdateringer/<int:pk>/"

urlpatterns = [
    path("statusrunder/", rounds.round_list, name="rounds"),
    path("statusrunder/ny/", rounds.round_new, name="round_new"),
    path(round_, rounds.round_detail, name="round"),
    path(round_ + "anmod/", rounds.round_request_updates, name="round_request_updates"),
    path(round_ + "luk/", rounds.round_close, name="round_close"),
    path(round_ + "offentliggoer/", rounds.round_publish, name="round_publish"),
    path(round_ + "notat.<str:fmt>", rounds.round_memo, name="round_memo"),
    path(round_ + "vurderinger/", rounds.assessment_list, name="round_assessments"),
    path(round_ + "vurderinger/<int:area_pk>/", rounds.assessment_edit, name="round_assessment"),
    path("statusrunder/mine-opdateringer/", rounds.my_requests, name="my_update_requests"),
    path(request, rounds.request_detail, name="update_request"),
    path(request + "gennemse/", rounds.request_review, name="update_request_review"),
]
