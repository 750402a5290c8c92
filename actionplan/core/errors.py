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
