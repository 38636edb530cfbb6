"""The API's FilterSets: the site's own statement and agency filters (so the API
cannot drift from the HTML lists), and a small one for agreements."""

import django_filters

from statements.choices import (
    STATE_CHOICES,
    AgreementModel,
    AgreementStatus,
    JurisdictionLevel,
)
from statements.filters import AgencyFilter, FilterSet, StatementFilter
from statements.models import Agreement


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
