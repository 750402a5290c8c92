"""The public REST API (django-ninja), version 1, mounted at /api/v1/."""
