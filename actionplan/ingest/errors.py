from actionplan.core.errors import ActionplanError


class IngestError(ActionplanError):
    """A file that cannot be ingested, said with where: file, row, column and reason."""

    def __init__(
        self,
        reason: str,
        *,
        file: str = "",
        row: int | None = None,
        column: str = "",
        line: int | None = None,
    ):
        self.reason, self.file, self.row, self.column, self.line = reason, file, row, column, line
        super().__init__(self.describe())

    def describe(self) -> str:
        from django.utils.translation import gettext as _

        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            if self.line is not None and self.line != self.row:
                where.append(
                    _("row %(row)s (line %(line)s)") % {"row": self.row, "line": self.line}
                )
            else:
                where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        return ": ".join([", ".join(where), self.reason]) if where else self.reason


class UnsafeFile(IngestError):
    """A file refused before any parser sees it."""
