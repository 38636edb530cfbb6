"""The read-only JSON API under /api/. Statements come from ``published()`` only, for
every caller (staff included: the API authenticates nobody), and are filtered by the
list's own ``StatementFilter``."""

from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.views import exception_handler

from statements.filters import describe_errors
from statements.models import Agency, Agreement, Order, Statement

from . import serializers
from .filters import AgencyApiFilter, AgreementFilter, PublicStatementFilter
from .pagination import Pagination

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
        return Statement.objects.published().with_related().with_corrections()


@documented(serializers.AgencySerializer)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies and associations, by name."""

    serializer_class = serializers.AgencySerializer
    # Current stances are stored on each agency, computed from published
    # statements only (statements/stances.py).
    queryset = Agency.objects.order_by("name", "pk")
    pagination_class = Pagination
    filter_backends = (DjangoFilterBackend,)
    filterset_class = AgencyApiFilter
    lookup_field = "slug"

    def retrieve(self, request, *args, **kwargs):
        # A merged or renamed agency's old address leads to the agency now.
        agency = Agency.objects.at_address(kwargs["slug"])
        if agency is not None and agency.slug != kwargs["slug"]:
            return HttpResponsePermanentRedirect(
                reverse("api:agency-detail", kwargs={"slug": agency.slug})
            )
        return super().retrieve(request, *args, **kwargs)


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
        fields = {
            name: [
                str(m) for m in (messages if isinstance(messages, list) else [messages])
            ]
            for name, messages in fields.items()
        }
        response.data = {
            "error": "Invalid query parameters: " + describe_errors(fields),
            "fields": fields,
        }
    elif isinstance(exc, Http404 | exceptions.NotFound) and not str(
        getattr(exc, "detail", "")
    ).startswith("Invalid page"):
        request = context["request"]
        response.data = {
            "error": f"There is nothing at {request.path}. See /api/docs/ for "
            "the addresses the API answers."
        }
    else:
        detail = (
            response.data.get("detail") if isinstance(response.data, dict) else None
        )
        response.data = {"error": str(detail or response.data)}
    return response


def not_found(request, path=""):
    """Unknown addresses under /api/ answer in JSON too."""
    return JsonResponse(
        {"error": f"There is nothing at {request.path}. See /api/docs/."}, status=404
    )
