"""The FilterSets of the public lists: statements (shared by the HTML list, the
feeds, the exports and the API) and agencies. They only ever narrow the queryset they
are given, which starts from ``Statement.objects.visible_to(user)``.

What the base ``FilterSet`` adds, once for every list: NUL and other control
characters refused as a form error, the filters in use (``active_filters``, ``is_filtered``), a sentence
saying what the list is filtered by (``describe``) and one error message for
every path that answers bad parameters (``error_message``)."""

import copy
import re

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q

from . import search
from .choices import (
    STATE_CHOICES,
    AgencyKind,
    AgreementModel,
    EditorialStatus,
    MandateView,
    Stance,
    Topic,
    WordsAndDeeds,
)
from .models import Agency, AgencyAlias, Agreement, Position, Statement
from .querysets import card_orders, narrowed_to_ids, orders_for_cards
from .roles import sees_unpublished

SORT_CHOICES = [
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("relevance", "Best match (with a search)"),
]
SORT_ORDERINGS = {
    "newest": ("-issued_on", "-id"),
    "oldest": ("issued_on", "id"),
}

# Position-level filters. They are applied together to the *same* position, so that
# “order=eo-13768&stance=opposes” finds statements that oppose that order, not ones
# that mention the order in one position and oppose something else in another.
POSITION_FILTERS = {
    "order": "order__in",
    "stance": "stance__in",
    "mandate_view": "mandate_view",
    "topic": "topic",
}


# Characters no parameter has a use for and XML 1.0 cannot carry (a feed's title
# repeats the search words): the C0 controls but tab, line feed and carriage return.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _copied_field(field, memo):
    """What Django's deep copy of a form field gives, but for the choices of a
    choice field, which are shared rather than copied one by one: nothing changes
    them in place, and copying every choice of every filter (fifty-odd states among
    them) for every form was a tenth of a list page's fixed cost."""
    if type(field).__deepcopy__ is not forms.ChoiceField.__deepcopy__:
        return copy.deepcopy(field, memo)
    copied = forms.Field.__deepcopy__(field, memo)
    choices = field._choices
    if getattr(choices, "field", None) is field:
        # django-filter wraps the choices in an iterator that reads the field's
        # empty and null labels: the copy's iterator reads the copy's.
        choices = copy.copy(choices)
        choices.field = copied
    copied._choices = choices
    return copied


class FieldsCopiedLightly(dict):
    """A form class's ``base_fields``, which Django deep-copies for every form it
    makes: each field is copied by ``_copied_field``."""

    def __deepcopy__(self, memo):
        return {name: _copied_field(field, memo) for name, field in self.items()}


class ParameterFormMetaclass(forms.forms.DeclarativeFieldsMetaclass):
    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_fields = FieldsCopiedLightly(new_class.base_fields)
        return new_class


class ParameterForm(forms.Form, metaclass=ParameterFormMetaclass):
    """The form behind every FilterSet. A NUL or other control character in any
    parameter is refused as a form error before any field looks it up: PostgreSQL
    rejects NUL in a query, and a feed cannot carry control characters, which would
    otherwise be server errors on the paths that filter."""

    NUL_MESSAGE = "Remove the NUL character (a zero byte) from this value."
    CONTROL_MESSAGE = "Remove the control character ({code}) from this value."

    def full_clean(self):
        tainted = {}
        for name in self.fields:
            if not hasattr(self.data, "getlist"):
                break
            for value in self.data.getlist(name):
                if found := CONTROL_CHARACTER.search(value):
                    tainted[name] = found.group()
                    break
        if tainted:
            self.data = self.data.copy()
            for name in tainted:
                self.data.pop(name)
        super().full_clean()
        for name, character in tainted.items():
            self.add_error(
                name,
                self.NUL_MESSAGE
                if character == "\x00"
                else self.CONTROL_MESSAGE.format(code=f"U+{ord(character):04X}"),
            )


def describe_errors(errors):
    """``"stance: Select a valid choice…; q: …"``: one line for a 400 answer, from a
    form's (or the API's) errors by parameter name."""
    return "; ".join(
        f"{name}: {' '.join(str(message) for message in messages)}"
        for name, messages in errors.items()
    )


class CopiedPerRequest(dict):
    """A FilterSet's ``base_filters``, which django-filter deep-copies for every
    FilterSet it makes, that is for every list page, feed and API call. A deep copy
    also copied each filter's queryset, choices and widget (a tenth of a filtered
    list's time), which nothing changes: the form copies its fields anew anyway.
    So each filter is copied alone, with its own ``extra`` (the field's arguments,
    which django-filter writes the queryset into) and a filter method bound to the
    copy, as django-filter binds it."""

    def __deepcopy__(self, memo):
        copies = type(self)()
        for name, original in self.items():
            filter_ = copy.copy(original)
            filter_.extra = dict(original.extra)
            filter_.__dict__.pop("_field", None)  # made from the copy, when asked
            if filter_.method is not None:
                filter_.method = filter_.method  # a FilterMethod of the copy
            copies[name] = filter_
        return copies


class FilterSet(django_filters.FilterSet):
    """Base of the project's FilterSets."""

    # Parameters that do not narrow the list (so they do not make it "filtered").
    NOT_FILTERS = ("sort",)

    class Meta:
        form = ParameterForm

    @classmethod
    def get_filters(cls):
        return CopiedPerRequest(super().get_filters())

    @property
    def active_filters(self):
        """The query parameters in use, as given: for file names, feed titles and
        "clear" links."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        return {
            name: self.data.getlist(name)
            if hasattr(self.data, "getlist")
            else [self.data[name]]
            for name in self.filters
            if name not in self.NOT_FILTERS and self.data.get(name)
        }

    @property
    def is_filtered(self):
        """Does the list show less than everything? A list with invalid parameters
        counts as filtered: it shows the error and nothing else."""
        return bool(self.active_filters) or (self.is_bound and not self.is_valid())

    def describe(self):
        """What the list is filtered by, for people: "Order: EO 13768; Stance:
        Opposes participation". Empty when it is not filtered."""
        parts = []
        for name in self.active_filters:
            field = self.form.fields[name]
            value = self.form.cleaned_data.get(name)
            if isinstance(
                field, forms.ModelMultipleChoiceField | forms.ModelChoiceField
            ):
                items = (
                    list(value)
                    if isinstance(field, forms.ModelMultipleChoiceField)
                    else [value]
                )
                shown = [getattr(item, "label", None) or str(item) for item in items]
            else:
                labels = dict(getattr(field, "choices", None) or ())
                items = value if isinstance(value, list | tuple) else [value]
                shown = [
                    item.isoformat()
                    if hasattr(item, "isoformat")
                    else f"“{item}”"
                    if name == "q"
                    else str(labels.get(item, item))
                    for item in items
                ]
            parts.append(f"{field.label}: {', '.join(shown)}")
        return "; ".join(parts)

    def error_message(self):
        """``(message, {parameter: [messages]})`` for a 400 answer."""
        fields = {
            name: [str(message) for message in messages]
            for name, messages in self.errors.items()
        }
        return "Invalid filter parameters: " + describe_errors(fields), fields


# A search is for a few words; a pasted paragraph is refused with a reason rather
# than matched against nothing.
MAX_SEARCH_WORDS = 10


def validate_search_words(value):
    if search.words_in(value) > MAX_SEARCH_WORDS:
        raise ValidationError(
            f"Search for at most {MAX_SEARCH_WORDS} words; "
            "narrow the list with the other filters instead."
        )


class _KeptOrders(forms.models.ModelChoiceIterator):
    """Django's choices of a model field, taken from ``orders_for_cards`` (kept
    per version of the record) rather than from a query on every page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for order in orders_for_cards().values():
            yield self.choice(order)

    def __len__(self):
        return len(orders_for_cards()) + (self.field.empty_label is not None)


class KeptOrderChoices(django_filters.fields.ModelChoiceIterator, _KeptOrders):
    """django-filter's choices (with its null choice) over the kept orders."""


class OrderChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """The order filter's field: its choices, and the orders a reader picks, come
    from the kept copy of every order (``orders_for_cards``)."""

    iterator = KeptOrderChoices

    def _check_values(self, value):
        """The chosen orders, in the orders' own order, from the kept copy when it
        has them all (a query, and a queryset built per value, saved on every list
        filtered by order); otherwise from the database, which also says what is
        wrong with a choice that is not an order."""
        try:
            wanted = {str(slug) for slug in value}
        except TypeError:
            return super()._check_values(value)
        key = self.to_field_name or "pk"
        chosen = [
            order
            for order in orders_for_cards().values()
            if str(getattr(order, key)) in wanted
        ]
        if len(chosen) != len(wanted):
            return super()._check_values(value)
        return chosen


class OrderFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = OrderChoiceField


class StatementFilter(FilterSet):
    order = OrderFilter(
        label="Order",
        field_name="positions__order",
        to_field_name="slug",
        # The columns a choice shows (label and title), not the orders' texts.
        queryset=card_orders(),
        widget=forms.CheckboxSelectMultiple,
        method="filter_position",
    )
    stance = django_filters.MultipleChoiceFilter(
        label="Stance",
        field_name="positions__stance",
        choices=Stance.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_position",
    )
    mandate_view = django_filters.ChoiceFilter(
        label="Mandate view",
        field_name="positions__mandate_view",
        choices=MandateView.choices,
        empty_label="Any",
        method="filter_position",
    )
    topic = django_filters.ChoiceFilter(
        label="Topic",
        field_name="positions__topic",
        choices=Topic.choices,
        empty_label="Any",
        method="filter_position",
    )
    agency = django_filters.ModelChoiceFilter(
        label="Agency",
        field_name="agency",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Agency.objects.all(),
        method="filter_agency",
    )
    agency_kind = django_filters.MultipleChoiceFilter(
        label="Kind of agency",
        field_name="agency__kind",
        lookup_expr="exact",
        distinct=False,
        choices=AgencyKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    state = django_filters.MultipleChoiceFilter(
        label="State",
        field_name="agency__state",
        lookup_expr="exact",
        distinct=False,
        choices=STATE_CHOICES,
    )
    issued_after = django_filters.DateFilter(
        label="Issued on or after",
        field_name="issued_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    issued_before = django_filters.DateFilter(
        label="Issued on or before",
        field_name="issued_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = django_filters.CharFilter(
        label="Search",
        max_length=200,
        validators=[validate_search_words],
        field_name="headline",
        lookup_expr="icontains",
        method="filter_search",
    )
    sort = django_filters.ChoiceFilter(
        label="Sort",
        field_name="issued_on",
        lookup_expr="exact",
        choices=SORT_CHOICES,
        method="filter_noop",
        empty_label=None,
    )
    # Staff only: removed from the form for everyone else (see __init__).
    status = django_filters.MultipleChoiceFilter(
        label="Editorial status",
        field_name="status",
        lookup_expr="exact",
        distinct=False,
        choices=EditorialStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    created_by = django_filters.ModelChoiceFilter(
        label="Created by",
        field_name="created_by",
        lookup_expr="exact",
        to_field_name="username",
        queryset=get_user_model().objects.filter(is_staff=True),
    )

    STAFF_FILTERS = ("status", "created_by")

    class Meta(FilterSet.Meta):
        model = Statement
        fields = []

    def __init__(
        self, data=None, queryset=None, *, request=None, prefix=None, staff=None
    ):
        super().__init__(data, queryset, request=request, prefix=prefix)
        if staff is None:
            user = getattr(request, "user", None)
            staff = sees_unpublished(user)
        self.is_staff_view = staff
        if not staff:
            for name in self.STAFF_FILTERS:
                self.filters.pop(name)

    def filter_position(self, queryset, name, value):
        # Applied all at once in filter_queryset, on a single position.
        return queryset

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_agency(self, queryset, name, value):
        # Issued or co-issued, as on the agency's page and in its feed.
        return queryset.by_agency(value)

    def filter_search(self, queryset, name, value):
        ranked = self.form.cleaned_data.get("sort") == "relevance"
        return search.search(queryset, value, ranked=ranked)

    def position_conditions(self):
        """The position filters in use (order, stance, mandate view, topic) as
        lookups on ``Position``: a statement matches when one of its positions meets
        them all, and an export of the list keeps only such positions."""
        conditions = {}
        for name, lookup in POSITION_FILTERS.items():
            value = self.form.cleaned_data.get(name)
            if value:
                conditions[lookup] = value
        return conditions

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        conditions = self.position_conditions()
        if conditions:
            # IN, not EXISTS: the matching positions are found once (an index on
            # order and stance) instead of being looked for from every statement.
            queryset = narrowed_to_ids(
                queryset, Position.objects.filter(**conditions).values("statement_id")
            )
        return self.sort_queryset(queryset)

    def sort_queryset(self, queryset):
        sort = self.form.cleaned_data.get("sort") or "newest"
        if sort == "relevance" and search.is_ranked(queryset):
            return queryset.order_by("-rank", "-issued_on", "-id")
        return queryset.order_by(*SORT_ORDERINGS.get(sort, SORT_ORDERINGS["newest"]))


class AgencyFilter(FilterSet):
    """Filters of the public agency list. The stance and words-and-deeds filters
    read each agency's stored result of the rule (``stances.py``), computed from its
    published statements only."""

    name = django_filters.CharFilter(
        label="Name", field_name="name", lookup_expr="icontains", method="filter_name"
    )
    kind = django_filters.MultipleChoiceFilter(
        label="Kind of agency",
        field_name="kind",
        lookup_expr="exact",
        distinct=False,
        choices=AgencyKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    state = django_filters.MultipleChoiceFilter(
        label="State",
        field_name="state",
        lookup_expr="exact",
        choices=STATE_CHOICES,
        distinct=False,
    )
    model = django_filters.MultipleChoiceFilter(
        label="287(g) model on ICE's current list",
        field_name="agreements__model",
        lookup_expr="exact",
        choices=AgreementModel.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_model",
    )
    stance = django_filters.MultipleChoiceFilter(
        label="Current stance",
        field_name="current_stance",
        lookup_expr="exact",
        distinct=False,
        choices=Stance.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    diverges = django_filters.ChoiceFilter(
        label="Words and deeds",
        field_name="words_and_deeds",
        lookup_expr="exact",
        choices=WordsAndDeeds.choices,
        empty_label="Any",
    )

    class Meta(FilterSet.Meta):
        model = Agency
        fields = []

    def filter_name(self, queryset, name, value):
        aliases = AgencyAlias.objects.filter(name__icontains=value).values("agency")
        return queryset.filter(
            Q(name__icontains=value)
            | Q(short_name__icontains=value)
            | Q(pk__in=aliases)
        )

    def filter_model(self, queryset, name, value):
        listed = Agreement.objects.currently_listed().filter(
            agency=OuterRef("pk"), model__in=value
        )
        return queryset.filter(Exists(listed))


class CoverageFilter(AgencyFilter):
    """The list of agreement holders we have no statement from: by state and by
    287(g) model on ICE's current list, exactly as the agency list filters them."""

    name = kind = stance = diverges = None
