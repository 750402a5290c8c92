class ActionplanError(Exception):
    """An error the user can act on; the CLI prints it as one line."""


class ConflictError(ActionplanError):
    """Someone else saved the object after this change was started from it."""
