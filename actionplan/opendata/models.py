"""The full open-data downloads kept as files (see opendata.files)."""

from django.db import models


class StoredFile(models.Model):
    """The file served at one public download address of everything, and the data version it
    was built from. The row is switched to a new file only once that file is whole in
    storage, in the transaction that finishes the build; until then the previous one is
    served."""

    # The download's public name: "alle.json", "alle.xlsx", "alle-iati.xml", "alle/<table>.csv".
    name = models.CharField(max_length=100, unique=True)
    file = models.FileField(max_length=300)
    # core.version's newest audit event ("<id>:<time>") when the build began.
    version = models.CharField(max_length=200)
    # The time of that event (Last-Modified); None for a database without events.
    modified = models.DateTimeField(null=True, blank=True)
    size = models.PositiveBigIntegerField()
    digest = models.CharField(max_length=64)  # SHA-256 of the content, the ETag
    built = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"
