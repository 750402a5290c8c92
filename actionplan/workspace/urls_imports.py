"""Workspace pages for imports; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

urlpatterns: list = []
