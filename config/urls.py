from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from actionplan.api.api import api
from actionplan.core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("actionplan.accounts.urls")),
    path("", include("actionplan.workspace.urls")),
    path("", include("actionplan.notices.urls")),
    path("", include("actionplan.jobs.urls")),
    path("", include("actionplan.attachments.urls")),
    path("", include("actionplan.api.urls")),
    path("", include("actionplan.opendata.urls")),
    path("", include("actionplan.portal.urls")),
    path("", include("actionplan.web.urls")),
    prefix_default_language=False,
)
