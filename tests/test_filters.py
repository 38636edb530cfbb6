"""The FilterSets of the lists: what they narrow, how they describe themselves and
how they report bad parameters (the same words on every path)."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from statements.filters import AgencyFilter, StatementFilter
from statements.models import Agency, Order, Statement
from tests.sample_site import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return build_site()


def statement_filter(query):
    return StatementFilter(
        QueryDict(query), queryset=Statement.objects.published(), staff=False
    )


def test_describe_names_each_filter_with_its_labels(site):
    filterset = statement_filter(
        "order=eo-90002&stance=opposes&stance=supports&state=IL&q=enforce&sort=oldest"
    )
    assert filterset.is_valid()
    assert filterset.describe() == (
        "Order: EO 90002; Stance: Opposes participation, Supports participation; "
        "State: Illinois; Search: “enforce”"
    )
    assert filterset.is_filtered
    assert statement_filter("sort=oldest").describe() == ""
    assert not statement_filter("sort=oldest").is_filtered


def test_invalid_parameters_make_a_list_filtered_and_one_message(site):
    filterset = statement_filter("stance=bogus&issued_after=soon")
    assert not filterset.is_valid()
    assert filterset.is_filtered
    message, fields = filterset.error_message()
    assert message.startswith("Invalid filter parameters: stance: Select a valid")
    assert "issued_after: Enter a valid date." in message
    assert set(fields) == {"stance", "issued_after"}


def test_a_nul_character_is_a_form_error_not_a_database_error(site):
    filterset = statement_filter("q=a%00b")
    assert not filterset.is_valid()
    assert "NUL" in filterset.errors["q"][0]


def test_a_control_character_is_a_form_error_on_every_path(site, client):
    """Found by tests/test_fuzz_routes.py: the feed's title repeats the search words,
    and XML cannot carry a control character, so ``q=%0B`` was a server error."""
    filterset = statement_filter("q=sheriff%0B")
    assert not filterset.is_valid()
    assert filterset.errors["q"] == [
        "Remove the control character (U+000B) from this value."
    ]
    for path in ("/statements/feed/", "/statements/export.csv", "/api/statements/"):
        response = client.get(path, {"q": "sheriff\x0b"})
        assert response.status_code == 400, path
        assert b"Remove the control character (U+000B)" in response.content, path
    # The HTML list shows the message on the page, as for any bad parameter.
    listed = client.get("/statements/", {"q": "a\x01b"})
    assert b"Remove the control character (U+0001)" in listed.content
    # Tabs and line breaks are ordinary white space in a search.
    assert statement_filter("q=sheriff%09wants").is_valid()


def test_the_agency_filter_includes_co_issued_statements(site):
    slugs = {s.slug for s in statement_filter("agency=lakeside-pd").qs}
    assert slugs == {"lakeside-will-not", "chiefs-guidance"}


def test_position_filters_apply_to_one_and_the_same_position(site):
    """Chiefs' 2017 statement has a local-decision position on EO 90001 and an
    informational one on travel: it is not an 'informational on EO 90001'."""
    slugs = {s.slug for s in statement_filter("order=eo-90001&stance=informational").qs}
    assert slugs == set()
    filterset = statement_filter("order=eo-90001&stance=local_discretion")
    assert {s.slug for s in filterset.qs} == {"chiefs-guidance"}
    conditions = filterset.position_conditions()
    assert set(conditions) == {"order__in", "stance__in"}


def test_filtersets_made_together_each_filter_by_their_own_parameters(site):
    """Each FilterSet gets its own copy of the filters (``CopiedPerRequest``): one
    made later, or for staff, changes nothing of another's."""
    by_agency = statement_filter("agency=lakeside-pd&sort=oldest")
    staff = StatementFilter(
        QueryDict("agency=pine-ridge-so&status=draft"),
        queryset=Statement.objects.all(),
        staff=True,
    )
    other = statement_filter("agency=pine-ridge-so")
    # Read in the other order than made.
    assert [s.slug for s in other.qs] == ["pine-ridge-wants"]
    assert [s.slug for s in by_agency.qs] == ["chiefs-guidance", "lakeside-will-not"]
    assert "status" in staff.form.fields and "status" not in other.form.fields
    assert {s.status for s in staff.qs} <= {"draft"}
    assert "status" in StatementFilter.base_filters


def test_agency_filter_reads_the_stored_words_and_deeds(site):
    def names(query):
        filterset = AgencyFilter(QueryDict(query), queryset=Agency.objects.all())
        return {agency.slug for agency in filterset.qs}

    assert names("diverges=words_against_deeds") == {"lakeside-pd"}
    assert names("diverges=support_without_agreement") == {"pine-ridge-so"}
    assert names("stance=local_discretion") == {
        "harbor-county-so",
        "national-chiefs-group",
    }
    assert names("name=ncg") == {"national-chiefs-group"}


def test_each_form_has_its_own_fields_and_the_same_choices(site):
    """The forms' fields are copied with their choices shared
    (``FieldsCopiedLightly``): one form's field set up anew changes nothing of
    another's, and each lists every choice, with its own empty label."""
    first, second = statement_filter("state=TX").form, statement_filter("").form
    first.fields["state"].choices = [("TX", "Texas")]
    first.fields["mandate_view"].empty_label = "Whatever"
    first.fields["q"].widget.attrs["placeholder"] = "changed"
    assert len(second.fields["state"].choices) > 50
    assert list(second.fields["mandate_view"].choices)[0] == ("", "Any")
    assert list(first.fields["mandate_view"].choices)[0] == ("", "Whatever")
    assert "placeholder" not in second.fields["q"].widget.attrs
    assert list(StatementFilter.base_filters["mandate_view"].field.choices)[0] == (
        "",
        "Any",
    )


def test_chosen_orders_come_from_the_kept_copy_in_the_orders_own_order(site):
    """A list filtered by orders it knows reads no order to check them; a slug that
    is no order is still refused with Django's own message."""
    both = statement_filter("order=eo-90002&order=eo-90001")
    both.is_valid()  # reads the kept copy of the orders once
    again = statement_filter("order=eo-90001&order=eo-90002")
    with CaptureQueriesContext(connection) as queries:
        assert again.is_valid()
    table = Order._meta.db_table
    assert not [q for q in queries.captured_queries if table in q["sql"]]
    chosen = again.form.cleaned_data["order"]
    assert [order.slug for order in chosen] == [
        order.slug for order in Order.objects.filter(slug__in=["eo-90002", "eo-90001"])
    ]
    assert again.describe() == both.describe()
    unknown = statement_filter("order=eo-90002&order=no-such-order")
    assert not unknown.is_valid()
    assert "no-such-order is not one of the available choices" in str(
        unknown.errors["order"]
    )
