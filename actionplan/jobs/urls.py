from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("arbejdsrum/opgaver/<int:pk>/", views.job_detail, name="detail"),
    path("arbejdsrum/opgaver/<int:pk>/hent/", views.job_download, name="download"),
    path("arbejdsrum/opgaver/<int:pk>/igen/", views.job_retry, name="retry"),
]
