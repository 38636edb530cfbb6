"""The read-only JSON API under /api/. Statements come from ``published()`` only, for
every caller (staff included: the API authenticates nobody), and are filtered by the
list's own ``StatementFilter``."""

import django_filters
from django.http import JsonResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler

from . import serializers
from .choices import STATE_CHOICES, AgreementModel, AgreementStatus, JurisdictionLevel
from .filters import AgencyFilter, FilterSet, StatementFilter
from .models import Agency, Agreement, Order, Statement


class PublicStatementFilter(StatementFilter):
    """The list's filters without the staff-only ones (editorial status, author):
    the API shows published statements only, so they could never match anything
    else, and the schema should not offer them."""

    STAFF_FILTERS = ()
    status = None
    created_by = None

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix, staff=False)

    def filter_noop(self, queryset, name, value: str):
        # Used by ``sort``, declared on ``issued_on``: the type hint tells the
        # schema that its value is a word (newest, oldest, relevance), not a date.
        return super().filter_noop(queryset, name, value)


class AgencyApiFilter(AgencyFilter):
    """The agency list's filters (name, kind, state, 287(g) model, current stance,
    words and deeds), plus the level of jurisdiction."""

    jurisdiction_level = django_filters.ChoiceFilter(
        label="Level of jurisdiction",
        field_name="jurisdiction_level",
        lookup_expr="exact",
        choices=JurisdictionLevel.choices,
    )


class AgreementFilter(FilterSet):
    agency = django_filters.CharFilter(
        label="Agency (slug)", field_name="agency__slug", lookup_expr="exact"
    )
    state = django_filters.MultipleChoiceFilter(
        label="State of the agency",
        field_name="agency__state",
        lookup_expr="exact",
        choices=STATE_CHOICES,
    )
    model = django_filters.MultipleChoiceFilter(
        label="287(g) model",
        field_name="model",
        lookup_expr="exact",
        choices=AgreementModel.choices,
    )
    status = django_filters.ChoiceFilter(
        label="On ICE's current list or not",
        field_name="status",
        lookup_expr="exact",
        choices=AgreementStatus.choices,
    )

    class Meta(FilterSet.Meta):
        model = Agreement
        fields = []


class Pagination(PageNumberPagination):
    """Pages of 50, or ``page_size`` of them up to 500; a ``page_size`` that is not a
    whole number in that range is refused rather than quietly replaced."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        f"A whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


ERRORS = {
    400: OpenApiResponse(serializers.ErrorSerializer, "Invalid query parameters"),
    404: OpenApiResponse(serializers.ErrorSerializer, "No such record or page"),
}


def documented(serializer):
    """Schema of a list and a detail endpoint, with their JSON errors."""
    return extend_schema_view(
        list=extend_schema(responses={200: serializer(many=True), **ERRORS}),
        retrieve=extend_schema(responses={200: serializer, **ERRORS}),
    )


@documented(serializers.StatementSerializer)
class StatementViewSet(viewsets.ReadOnlyModelViewSet):
    """Published statements, newest first, with their positions. Takes the same
    filter parameters as the statement list on the site."""

    serializer_class = serializers.StatementSerializer
    pagination_class = Pagination
    filter_backends = (DjangoFilterBackend,)
    filterset_class = PublicStatementFilter
    lookup_field = "slug"

    def get_queryset(self):
        return Statement.objects.published().with_related()


@documented(serializers.AgencySerializer)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies and associations, by name."""

    serializer_class = serializers.AgencySerializer
    # Current stances come from published statements only (with_current_stance
    # starts from published()).
    queryset = Agency.objects.with_current_stance().order_by("name", "pk")
    pagination_class = Pagination
    filter_backends = (DjangoFilterBackend,)
    filterset_class = AgencyApiFilter
    lookup_field = "slug"


@documented(serializers.OrderSerializer)
class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    """Orders and laws the statements speak about, newest first."""

    serializer_class = serializers.OrderSerializer
    queryset = Order.objects.select_related("replaced_by").order_by(
        "-signed_on", "title", "pk"
    )
    pagination_class = Pagination
    filter_backends = (DjangoFilterBackend,)
    filterset_fields = ("kind", "status", "jurisdiction")
    lookup_field = "slug"


@documented(serializers.AgreementSerializer)
class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    """287(g) agreements from ICE's lists, by agency."""

    serializer_class = serializers.AgreementSerializer
    queryset = Agreement.objects.select_related("agency").order_by(
        "agency__name", "model", "signed_on", "pk"
    )
    pagination_class = Pagination
    filter_backends = (DjangoFilterBackend,)
    filterset_class = AgreementFilter


def api_exception_handler(exc, context):
    """Every error as ``{"error": message}``; invalid parameters also carry
    ``"fields"`` with the messages for each one."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = response.data if isinstance(response.data, dict) else {}
        response.data = {
            "error": "Invalid query parameters: "
            + "; ".join(
                f"{name}: {' '.join(str(m) for m in messages)}"
                for name, messages in fields.items()
            ),
            "fields": fields,
        }
    else:
        detail = getattr(exc, "detail", None) or response.data
        response.data = {"error": str(detail)}
    return response


def allow_empty_query_values(result, generator, request, public):
    """Schema post-processing: an empty single-valued query parameter (``kind=``)
    means “any”, as the HTML form sends it; say so in the schema, so that clients
    and the contract test know. (Repeatable parameters refuse an empty value.)"""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                is_list = parameter.get("schema", {}).get("type") == "array"
                if parameter.get("in") == "query" and not is_list:
                    parameter["allowEmptyValue"] = True
    return result


def not_found(request, path=""):
    """Unknown addresses under /api/ answer in JSON too."""
    return JsonResponse(
        {"error": f"There is nothing at {request.path}. See /api/docs/."}, status=404
    )
