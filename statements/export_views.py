"""Downloads of the public data: every filtered statement list as CSV or JSON, and the
agencies, orders and agreements as CSV. The statement exports take exactly the list's
query parameters, through the same ``StatementFilter``, and keep the list's order."""

from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from . import exports
from .filters import AgencyFilter, StatementFilter
from .models import Agency, Statement

INCLUDE_UNPUBLISHED = "include_unpublished"
YES = {"1", "true", "yes", "on"}


def exportable_statements(request):
    """``(queryset, includes_unpublished)``. Readers get ``published()``; staff get
    unpublished statements too, but only when they ask with ``include_unpublished=1``,
    so that a download passed on from a staff member's screen holds public data by
    default. Anyone else's flag is ignored."""
    asked = request.GET.get(INCLUDE_UNPUBLISHED, "").strip().lower() in YES
    user = request.user
    if asked and user.is_authenticated and user.is_active and user.is_staff:
        return Statement.objects.all(), True
    return Statement.objects.published(), False


def null_character_fields(query):
    """Names of parameters holding a NUL character, which PostgreSQL refuses in any
    query (a database error, hence a 500, if it got that far)."""
    return sorted(
        name for name, values in query.lists() if any("\x00" in v for v in values)
    )


def refuse_null_characters(query, extension):
    names = null_character_fields(query)
    if not names:
        return None
    message = "Invalid filter parameters: NUL characters in " + ", ".join(names)
    fields = {name: ["Null characters are not allowed."] for name in names}
    if extension == "json":
        return JsonResponse({"error": message, "fields": fields}, status=400)
    return HttpResponse(
        message + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


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
    if refused := refuse_null_characters(request.GET, extension):
        return refused
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
    if refused := refuse_null_characters(request.GET, "csv"):
        return refused
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
