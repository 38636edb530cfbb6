"""Read-side vocabulary for statements.

``StatementQuerySet.published`` is the only gate to public data: every public path
(pages, feeds, sitemaps, exports, the API, counts and charts) starts from it.
"""

from django.db import models
from django.utils import timezone

from .choices import EditorialStatus


class StatementQuerySet(models.QuerySet):
    def published(self):
        """Statements a reader may see: published, and due (``published_at`` reached)."""
        return self.filter(
            status=EditorialStatus.PUBLISHED, published_at__lte=timezone.now()
        )

    def for_order(self, order):
        return self.filter(positions__order=order).distinct()

    def issued_between(self, start=None, end=None):
        queryset = self
        if start:
            queryset = queryset.filter(issued_on__gte=start)
        if end:
            queryset = queryset.filter(issued_on__lte=end)
        return queryset

    def with_related(self):
        """Everything a statement card shows, in a constant number of queries."""
        return self.select_related("agency").prefetch_related(
            "co_issuers", "positions__order"
        )


class PositionQuerySet(models.QuerySet):
    def published(self):
        """Positions of published statements (used for public counts and charts)."""
        return self.filter(
            statement__status=EditorialStatus.PUBLISHED,
            statement__published_at__lte=timezone.now(),
        )
