"""The production URLs plus /bench/ceiling/: a bare Django view returning constant JSON, the
framework's ceiling for the page figures. Used only through bench/settings.py."""

from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as production

DOCUMENT = {"status": "ok", "projects": [{"id": n, "title": f"Projekt {n}"} for n in range(5)]}


def ceiling(request):
    return JsonResponse(DOCUMENT)


urlpatterns = [path("bench/ceiling/", ceiling), *production]
