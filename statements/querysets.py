"""Read-side vocabulary for statements.

``StatementQuerySet.published`` is the only gate to public data: every public path
(pages, feeds, sitemaps, exports, the API, counts and charts) starts from it.
"""

from django.db import models
from django.utils import timezone

from .choices import EditorialStatus


class StatementQuerySet(models.QuerySet):
    def published(self, at=None):
        """Statements a reader may see: published, and due (``published_at`` reached).

        ``at`` is the moment to judge by (now unless given); a statement whose
        ``published_at`` is exactly that moment is public."""
        return self.filter(
            status=EditorialStatus.PUBLISHED, published_at__lte=at or timezone.now()
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
    def published(self, at=None):
        """Positions of public statements (for counts and charts), by the one rule."""
        statement_model = self.model._meta.get_field("statement").related_model
        return self.filter(statement__in=statement_model.objects.published(at))
