from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("data/", views.index, name="index"),
    path("data/dcat.jsonld", views.dcat_jsonld, name="dcat"),
    path("data/dcat.ttl", views.dcat_turtle, name="dcat_ttl"),
    path("data/datapackage.json", views.datapackage, name="datapackage"),
    path("data/skema/json-dokument.json", views.json_schema, name="json_schema"),
    path("data/skema/<slug:table>.json", views.table_schema, name="table_schema"),
    path("data/alle.json", views.download_json, name="json"),
    path("data/alle.xlsx", views.download_xlsx, name="xlsx"),
    path("data/alle-iati.xml", views.download_iati, name="iati"),
    path("data/alle/<slug:table>.csv", views.download_csv, name="csv"),
    path("data/planer/<slug:slug>.json", views.download_json, name="json"),
    path("data/planer/<slug:slug>.xlsx", views.download_xlsx, name="xlsx"),
    path("data/planer/<slug:slug>-iati.xml", views.download_iati, name="iati"),
    path("data/planer/<slug:slug>/<slug:table>.csv", views.download_csv, name="csv"),
]
