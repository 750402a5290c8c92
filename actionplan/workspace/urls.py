from django.urls import include, path

from . import views

app_name = "workspace"
# Each part of the workspace has its own URL module (and views module) beside this one.
urlpatterns = [
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ud/", views.LogoutView.as_view(), name="logout"),
    path("arbejdsrum/", views.home, name="home"),
    path("arbejdsrum/", include("actionplan.workspace.urls_plans")),
    path("arbejdsrum/", include("actionplan.workspace.urls_projects")),
    path("arbejdsrum/", include("actionplan.workspace.urls_rounds")),
    path("arbejdsrum/", include("actionplan.workspace.urls_imports")),
    path("arbejdsrum/", include("actionplan.workspace.urls_users")),
    path("arbejdsrum/", include("actionplan.workspace.urls_cockpit")),
    path("arbejdsrum/", include("actionplan.workspace.urls_history")),
]
