"""Who may enter the workspace: the checks live in accounts.access, beside the roles, so that
the pages of lower apps (a job's page) use them too."""

from actionplan.accounts.access import has_any_role, is_editor, workspace_view

__all__ = ["has_any_role", "is_editor", "workspace_view"]
