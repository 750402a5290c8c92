from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("filer/<int:pk>/", views.download, name="download"),
]
