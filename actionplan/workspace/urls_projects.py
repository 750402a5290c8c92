"""Workspace pages for projects; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

urlpatterns: list = []
