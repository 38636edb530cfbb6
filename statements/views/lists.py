"""What the public list pages share: a FilterSet over a base queryset, a page of
results, the list's query string (for pagination, downloads and feeds) and the
addresses of its downloads."""

from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django_filters.views import FilterView

from ..pagination import CountedOncePaginator
from ..roles import sees_unpublished
from ..site_url import with_query

PER_PAGE = 50


def paginate(request, queryset, per_page=PER_PAGE, count_key=None):
    """A page of ``queryset``. ``count_key`` names the list for a count kept per
    version; give it only for lists everyone sees alike (not staff views)."""
    paginator = CountedOncePaginator(
        queryset, per_page, request=request, count_key=count_key
    )
    # get_page() turns a bad or out-of-range page number into the nearest page
    # rather than an error: links with stale page numbers still land somewhere.
    return paginator.get_page(request.GET.get("page"))


def query_without_page(query_dict):
    """The filters of a list as a query string, without the page and empty fields
    (a submitted form sends every field, filled or not)."""
    query = query_dict.copy()
    query.pop("page", None)
    for name in list(query):
        values = [value for value in query.getlist(name) if value]
        if values:
            query.setlist(name, values)
        else:
            del query[name]
    return query.urlencode()


def downloads(query, staff=False):
    """Addresses of the CSV and JSON downloads of a statement list with ``query``.
    Staff also get the same downloads with unpublished rows, which the export only
    includes when asked (``include_unpublished=1``)."""
    links = {
        "csv": with_query(reverse("statements:statement-export-csv"), query),
        "json": with_query(reverse("statements:statement-export-json"), query),
    }
    if staff:
        joiner = "&" if query else "?"
        for kind in ("csv", "json"):
            links[f"{kind}_unpublished"] = f"{links[kind]}{joiner}include_unpublished=1"
    return links


class FilteredListView(FilterView):
    """A public list: django-filter's ``FilterView`` in strict mode (invalid
    parameters give the errors and an empty list, never the unfiltered one), pages of
    ``PER_PAGE``, and in the context the list's ``query`` without the page and
    ``is_filtered`` (from the FilterSet, the one place that decides it). Pages that
    show staff unpublished work are never cached."""

    paginate_by = PER_PAGE
    strict = True

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        return kwargs

    def paginate_queryset(self, queryset, page_size):
        count_key = None
        if not self.staff_view:
            query = query_without_page(self.request.GET)
            count_key = f"{self.request.resolver_match.view_name}?{query}"
        page = paginate(self.request, queryset, page_size, count_key)
        return page.paginator, page, page.object_list, page.has_other_pages()

    @property
    def staff_view(self):
        return sees_unpublished(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context |= {
            "filterset": self.filterset,
            "form": self.filterset.form,
            "is_filtered": self.filterset.is_filtered,
            "query": query_without_page(self.request.GET),
        }
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context.get("staff_view"):
            add_never_cache_headers(response)
        return response
