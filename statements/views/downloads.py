"""Downloads of the public data: every filtered statement list as CSV or JSON, and the
agencies, orders and agreements as CSV. The statement exports take exactly the list's
query parameters, through the same ``StatementFilter``, and keep the list's order."""

from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from .. import exports
from ..filters import AgencyFilter, StatementFilter
from ..models import Agency, Statement
from ..publishing import sees_unpublished

INCLUDE_UNPUBLISHED = "include_unpublished"
YES = {"1", "true", "yes", "on"}


def exportable_statements(request):
    """``(queryset, includes_unpublished)``. Readers get ``published()``; staff get
    unpublished statements too, but only when they ask with ``include_unpublished=1``,
    so that a download passed on from a staff member's screen holds public data by
    default. Anyone else's flag is ignored."""
    asked = request.GET.get(INCLUDE_UNPUBLISHED, "").strip().lower() in YES
    user = request.user
    if asked and sees_unpublished(user):
        return Statement.objects.all(), True
    return Statement.objects.published(), False


def invalid_filters_response(filterset, extension):
    fields = {
        name: [str(m) for m in messages] for name, messages in filterset.errors.items()
    }
    message = "Invalid filter parameters: " + "; ".join(
        f"{name}: {' '.join(messages)}" for name, messages in fields.items()
    )
    if extension == "json":
        return JsonResponse({"error": message, "fields": fields}, status=400)
    return HttpResponse(
        message + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


@require_safe
def statement_export(request, extension):
    queryset, includes_unpublished = exportable_statements(request)
    filterset = StatementFilter(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        return invalid_filters_response(filterset, extension)
    filters = dict(filterset.active_filters)
    if includes_unpublished:
        filters["with"] = "unpublished"
    response = exports.statements_response(filterset.qs, extension, filters)
    if includes_unpublished:
        add_never_cache_headers(response)
    return response


@require_safe
def agency_export(request):
    """The agency list's filters (kind, state, current stance, words and deeds)."""
    filterset = AgencyFilter(
        request.GET, queryset=Agency.objects.with_current_stance(), request=request
    )
    if not filterset.is_valid():
        return invalid_filters_response(filterset, "csv")
    filters = {
        name: request.GET.getlist(name)
        for name in filterset.filters
        if request.GET.get(name)
    }
    return exports.table_response("agencies", filterset.qs, filters)


@require_safe
def table_export(request, kind):
    return exports.table_response(kind)
