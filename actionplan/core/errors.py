from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ActionplanError(Exception):
    """An error the user can act on; the CLI prints it as one line."""


class ConflictError(ActionplanError):
    """Someone else saved the object after this change was started from it."""


class EmptyDatabaseError(ActionplanError):
    """The database has no tables or no plan yet: nothing to work on."""

    def __init__(self) -> None:
        super().__init__(
            "The database is empty: run `actionplan serve` (or `make run`) or "
            "`actionplan demo` first."
        )


def describe(error: ValidationError) -> str:
    """'field: message; ...' for a ValidationError, without Django's __all__ key."""
    if hasattr(error, "error_dict"):
        return "; ".join(
            " ".join(messages) if field == NON_FIELD_ERRORS else f"{field}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
