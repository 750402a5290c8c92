"""Workspace pages for plans; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

urlpatterns: list = []
