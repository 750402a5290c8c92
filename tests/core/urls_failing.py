"""The site's URLs plus one view that fails, for the error-logging tests."""

from django.urls import path

from config.urls import urlpatterns as site


def fails(request):
    raise RuntimeError("the view failed password=hunter2-secret")


def disk_full(request):
    raise OSError(28, "No space left on device")


urlpatterns = [path("test-fails/", fails), path("test-disk-full/", disk_full), *site]
