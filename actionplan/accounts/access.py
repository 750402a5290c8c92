"""Who may enter the staff pages (the workspace, a job's page). What they may see and change
inside them is decided by the selectors and services (accounts.permissions), never here alone."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache

from .permissions import grants


def has_any_role(user) -> bool:
    g = grants(user)
    return g.superuser or bool(g.actions)


def is_editor(user) -> bool:
    """Editors and administrators somewhere: they see the editing menus."""
    g = grants(user)
    return g.superuser or bool(g.scopes("edit"))


def workspace_view(view):
    """Logged in, holding at least one role, and never cached by a browser or proxy."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not has_any_role(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(login_required(wrapped))
