"""Workspace pages for rounds; included under /arbejdsrum/ by actionplan/workspace/urls.py."""

urlpatterns: list = []
