from actionplan.core.tables import TableError

# A file that cannot be ingested, said with where: file, row, column and reason; the
# spreadsheet reader's error, so that one except catches both.
IngestError = TableError


class UnsafeFile(IngestError):
    """A file refused before any parser sees it."""
