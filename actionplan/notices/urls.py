from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("arbejdsrum/beskeder/", views.notice_list, name="list"),
    path("arbejdsrum/beskeder/laest/", views.mark_read, name="mark_read"),
    path("arbejdsrum/beskeder/<int:pk>/", views.notice_open, name="open"),
    path("arbejdsrum/beskeder/indstillinger/", views.settings_edit, name="settings"),
    path("foelg/<str:kind>/<int:pk>/", views.follow_toggle, name="follow"),
]
