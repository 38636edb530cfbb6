"""Pages of a list whose count is kept per version of the record: the public
lists, the API's and the sitemap's."""

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

from . import page_cache


class CountedOncePaginator(Paginator):
    """Django's paginator, with the list's count kept per version of the record and
    per list (``count_key``): a COUNT over a filtered join runs once after each
    change to the record, not for every page every reader opens."""

    def __init__(
        self, object_list, per_page, *, request=None, count_key=None, ids_first=False
    ):
        super().__init__(object_list, per_page)
        self.request = request
        self.count_key = count_key
        self.ids_first = ids_first

    def page(self, number):
        """The page. On PostgreSQL (and with ``ids_first`` on SQLite too) it is read
        in two steps: the ids of its rows first, which an index-only walk finds
        (reading each statement the walk passed was 100 ms of a filtered list at a
        million statements), then those rows only, in the list's order. SQLite's
        walk of a list reads only the index already (``querysets.narrowed_to_ids``);
        a second step would run the filters twice. A sitemap's deep pages are
        another matter: SQLite read every row it skipped to reach them."""
        page = super().page(number)
        queryset = self.object_list
        if isinstance(queryset, QuerySet) and (
            self.ids_first or connections[queryset.db].vendor == "postgresql"
        ):
            ids = list(page.object_list.values_list("pk", flat=True))
            page.object_list = queryset.filter(pk__in=ids)
        return page

    @cached_property
    def count(self):
        count = Paginator.count.func
        if self.count_key is None:
            return count(self)
        return page_cache.figure(
            f"count:{self.count_key}", lambda: count(self), self.request
        )
