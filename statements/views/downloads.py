"""Downloads of the public data: every filtered statement list as CSV or JSON, and the
agencies, orders and agreements as CSV. The statement exports take exactly the list's
query parameters, through the same ``StatementFilter``, and keep the list's order; a
list filtered by order, stance, mandate view or topic gives only the positions that
match."""

from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from .. import coverage, exports
from ..filters import AgencyFilter, CoverageFilter, StatementFilter
from ..models import Agency, Statement
from ..roles import sees_unpublished

INCLUDE_UNPUBLISHED = "include_unpublished"
YES = {"1", "true", "yes", "on"}


def exportable_statements(request):
    """``(queryset, includes_unpublished)``. Readers get ``published()``; staff get
    unpublished statements too, but only when they ask with ``include_unpublished=1``,
    so that a download passed on from a staff member's screen holds public data by
    default. Anyone else's flag is ignored."""
    asked = request.GET.get(INCLUDE_UNPUBLISHED, "").strip().lower() in YES
    user = request.user if asked else None
    return Statement.objects.visible_to(user), asked and sees_unpublished(user)


def invalid_filters_response(filterset, extension):
    message, fields = filterset.error_message()
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
    response = exports.statements_response(
        filterset.qs,
        extension,
        filters,
        positions=filterset.position_conditions(),
    )
    if includes_unpublished:
        add_never_cache_headers(response)
    return response


@require_safe
def agency_export(request):
    """The agency list's filters (kind, state, current stance, words and deeds)."""
    filterset = AgencyFilter(
        request.GET, queryset=Agency.objects.all(), request=request
    )
    if not filterset.is_valid():
        return invalid_filters_response(filterset, "csv")
    return exports.table_response("agencies", filterset.qs, filterset.active_filters)


@require_safe
def not_heard_export(request):
    """The agreement holders we have no statement from, with the list's filters."""
    filterset = CoverageFilter(
        request.GET, queryset=coverage.not_heard_from(), request=request
    )
    if not filterset.is_valid():
        return invalid_filters_response(filterset, "csv")
    return exports.table_response("not-heard", filterset.qs, filterset.active_filters)


@require_safe
def table_export(request, kind):
    return exports.table_response(kind)
