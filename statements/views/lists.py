"""What the public list pages share: pagination, the query string of a list's
filters, and the addresses of its downloads."""

from django.conf import settings
from django.core.paginator import Paginator
from django.urls import reverse

PER_PAGE = 50


def paginate(request, queryset, per_page=PER_PAGE):
    # get_page() turns a bad or out-of-range page number into the nearest page
    # rather than an error: links with stale page numbers still land somewhere.
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


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
    suffix = f"?{query}" if query else ""
    links = {
        "csv": reverse("statements:statement-export-csv") + suffix,
        "json": reverse("statements:statement-export-json") + suffix,
    }
    if staff:
        joiner = "&" if query else "?"
        for kind in ("csv", "json"):
            links[f"{kind}_unpublished"] = f"{links[kind]}{joiner}include_unpublished=1"
    return links


def absolute(path):
    return settings.SITE_URL + path
