"""What the read-only API says about each record. Related records are linked by
their API address and carry their slug; ``page_url`` is the public HTML page."""

import functools
import inspect
import operator

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from statements.choices import MandateView, Stance, WordsAndDeeds
from statements.models import (
    Agency,
    Agreement,
    Correction,
    Order,
    Position,
    Statement,
)
from statements.site_url import absolute_url, on_site, path_for


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The absolute address of the record's public page."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute_url(value.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class FilteredListURLField(serializers.Field):
    """The API list of ``route`` filtered to this record, e.g. an agency's statements."""

    def __init__(self, route, parameter, **kwargs):
        self.route = route
        self.parameter = parameter
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        url = reverse(f"api:{self.route}-list")
        return absolute_url(f"{url}?{self.parameter}={value.slug}")


class APIURLField(serializers.HyperlinkedIdentityField):
    """The record's API address, on the public site rather than the request's host."""

    def get_url(self, obj, view_name, request, format):
        if self.lookup_field == "slug" and format is None:
            # Reversed once per route (site_url.path_for): a list of 50 statements
            # has some 200 of these addresses.
            return absolute_url(path_for(view_name, obj.slug))
        return on_site(super().get_url(obj, view_name, request, format))


class OptionalChoiceField(serializers.ChoiceField):
    """A vocabulary value that may be missing: null, not an empty string."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, allow_null=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class OptionalURLField(serializers.URLField):
    """An address that may be missing: null, not an empty string (which is no URI)."""

    def __init__(self, **kwargs):
        kwargs["allow_null"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class ReadingSerializer(serializers.ModelSerializer):
    """A model serializer that writes records out as DRF does, with less work per
    record: the fields to write are listed once per serializer (DRF walks them
    anew for every record), and a field that reads one attribute of the record
    reads it directly (DRF's generic lookup tests each step for a mapping and a
    callable). A list of fifty statements writes some 2,500 values, and DRF's
    per-value path was a third of the API's time.

    What DRF does beyond that (a method as a source, a missing attribute that
    falls back to a default, null or nothing) is kept: such fields use DRF's
    own lookup, and a record whose attribute is missing is written by DRF."""

    @functools.cached_property
    def _writers(self):
        model = self.Meta.model
        writers = []
        for field in self._readable_fields:
            attrs = field.source_attrs
            direct = len(attrs) == 1 and not inspect.isfunction(
                getattr(model, attrs[0], None)
            )
            read = operator.attrgetter(attrs[0]) if direct else field.get_attribute
            writers.append((field.field_name, read, field.to_representation))
        return writers

    def to_representation(self, instance):
        record = {}
        try:
            for name, read, write in self._writers:
                value = read(instance)
                record[name] = None if value is None else write(value)
        except (AttributeError, KeyError, ObjectDoesNotExist):
            return super().to_representation(instance)
        return record


class PublicSerializer(ReadingSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: OptionalURLField,
    }


class AgencyRefSerializer(ReadingSerializer):
    url = APIURLField(view_name="api:agency-detail", lookup_field="slug")

    class Meta:
        model = Agency
        fields = ("id", "slug", "url", "name", "short_name", "state")


class OrderRefSerializer(ReadingSerializer):
    url = APIURLField(view_name="api:order-detail", lookup_field="slug")
    label = serializers.CharField(read_only=True, help_text="e.g. EO 13768")

    class Meta:
        model = Order
        fields = ("id", "slug", "url", "label", "title")


class PositionSerializer(ReadingSerializer):
    order = OrderRefSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Position
        fields = ("id", "order", "topic", "stance", "mandate_view", "quote")


class CorrectionSerializer(ReadingSerializer):
    class Meta:
        model = Correction
        fields = ("id", "corrected_on", "text")


class StatementSerializer(PublicSerializer):
    url = APIURLField(view_name="api:statement-detail", lookup_field="slug")
    page_url = PageURLField()
    agency = AgencyRefSerializer(read_only=True)
    co_issuers = AgencyRefSerializer(many=True, read_only=True, source="co_issuer_list")
    positions = PositionSerializer(many=True, read_only=True, source="position_list")
    corrections = CorrectionSerializer(
        many=True,
        read_only=True,
        source="correction_list",
        help_text="Public corrections, newest first.",
    )
    corrected_on = serializers.DateField(
        source="last_corrected_on",
        read_only=True,
        allow_null=True,
        help_text="The date of the latest correction; null if never corrected.",
    )

    class Meta:
        model = Statement
        fields = (
            "id",
            "slug",
            "url",
            "page_url",
            "headline",
            "agency",
            "co_issuers",
            "speaker_name",
            "speaker_title",
            "kind",
            "issued_on",
            "issued_on_precision",
            "summary",
            "text",
            "source_name",
            "source_url",
            "archived_url",
            "published_at",
            "updated_at",
            "corrected_on",
            "corrections",
            "positions",
        )


class AgencySerializer(PublicSerializer):
    url = APIURLField(view_name="api:agency-detail", lookup_field="slug")
    page_url = PageURLField()
    statements_url = FilteredListURLField("statement", "agency")
    agreements_url = FilteredListURLField("agreement", "agency")
    current_stance = OptionalChoiceField(
        choices=Stance.choices,
        help_text="Its stance on taking part, from its latest published statement "
        "that takes a side on 287(g) or mandates.",
    )
    current_mandate_view = OptionalChoiceField(
        choices=MandateView.choices,
        help_text="Its latest published view on mandates, where it gave one.",
    )
    words_and_deeds = OptionalChoiceField(
        choices=WordsAndDeeds.choices,
        help_text="Its stance beside its agreements on ICE's current list, where "
        "there is something to note (see the codebook).",
    )

    class Meta:
        model = Agency
        fields = (
            "id",
            "slug",
            "url",
            "page_url",
            "name",
            "short_name",
            "kind",
            "jurisdiction_level",
            "state",
            "county",
            "city",
            "website",
            "current_stance",
            "current_mandate_view",
            "words_and_deeds",
            "statements_url",
            "agreements_url",
        )


class OrderSerializer(PublicSerializer):
    url = APIURLField(view_name="api:order-detail", lookup_field="slug")
    page_url = PageURLField()
    label = serializers.CharField(read_only=True, help_text="e.g. EO 13768")
    official_url = OptionalURLField(source="url", read_only=True)
    replaced_by = OrderRefSerializer(allow_null=True, read_only=True)
    statements_url = FilteredListURLField("statement", "order")

    class Meta:
        model = Order
        fields = (
            "id",
            "slug",
            "url",
            "page_url",
            "label",
            "kind",
            "number",
            "title",
            "jurisdiction",
            "signed_on",
            "published_on",
            "citation",
            "document_number",
            "official_url",
            "summary",
            "status",
            "replaced_by",
            "ended_on",
            "statements_url",
        )


class AgreementSerializer(PublicSerializer):
    url = APIURLField(view_name="api:agreement-detail")
    agency = AgencyRefSerializer(read_only=True)

    class Meta:
        model = Agreement
        fields = (
            "id",
            "url",
            "agency",
            "model",
            "signed_on",
            "signed_text",
            "status",
            "moa_url",
            "addendum_url",
            "first_listed_on",
            "last_listed_on",
            "ice_state",
            "ice_agency_name",
            "ice_type",
            "ice_county",
            "ice_support_type",
        )


class ErrorSerializer(serializers.Serializer):
    """The body of every error the API returns."""

    error = serializers.CharField(help_text="What went wrong, for a person to read.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For invalid parameters: the messages for each parameter.",
    )
