"""The version of the public record: one row counting its changes."""

from django.db import models
from django.utils import timezone


class RecordVersion(models.Model):
    """How many times the public record has changed, and when it last did. Pages and
    figures are cached under this number (``page_cache.py``): a change saved by any
    server process moves it on in the same transaction, which makes every cached
    copy in every process stale at once."""

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="record_version_one_row"
            )
        ]

    def __str__(self):
        return f"version {self.version} of {self.changed_at:%Y-%m-%d %H:%M:%S}"
