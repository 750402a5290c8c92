from django.urls import path

from . import views

app_name = "web"
# "/" belongs to the public portal (actionplan.portal), which replaced the plain overview;
# pages that belong to no other app go here.
urlpatterns: list = [
    path("metode/", views.method, name="method"),
]
