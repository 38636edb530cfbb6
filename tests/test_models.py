"""The database itself refuses bad data, whatever path it comes by."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from statements import models
from statements.models import Agreement, Position, Statement
from tests import factories


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.django_db
def test_statement_slugs_are_unique():
    factories.StatementFactory(slug="same")
    refused(lambda: factories.StatementFactory(slug="same"))


@pytest.mark.django_db
def test_agency_and_order_slugs_are_unique():
    factories.AgencyFactory(slug="dup")
    agency = factories.AgencyFactory.build(slug="dup", name="Other")
    refused(agency.save)
    factories.OrderFactory(slug="eo-1")
    order = factories.OrderFactory.build(slug="eo-1", number="1")
    refused(order.save)


@pytest.mark.django_db
def test_a_published_statement_must_have_a_publication_time():
    refused(lambda: factories.StatementFactory(status="published", published_at=None))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [("stance", "loves_it"), ("mandate_view", "maybe"), ("topic", "weather")],
)
def test_positions_outside_the_vocabulary_are_refused(field, value):
    statement = factories.StatementFactory()
    refused(
        lambda: Position.objects.create(
            statement=statement, **{"stance": "supports", field: value}
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory, field, value",
    [
        (factories.StatementFactory, "status", "secret"),
        (factories.StatementFactory, "kind", "tweetstorm"),
        (factories.AgencyFactory, "kind", "militia"),
        (factories.AgencyFactory, "state", "ZZ"),
        (factories.OrderFactory, "status", "forgotten"),
        (factories.OrderFactory, "jurisdiction", "XX"),
    ],
)
def test_values_outside_the_vocabulary_are_refused(factory, field, value):
    refused(lambda: factory(**{field: value}))


@pytest.mark.django_db
def test_one_agreement_per_agency_model_and_signed_date():
    agreement = factories.AgreementFactory(signed_on=datetime.date(2025, 5, 8))
    refused(
        lambda: Agreement.objects.create(
            agency=agreement.agency,
            model=agreement.model,
            signed_on=agreement.signed_on,
        )
    )
    # Another model, or another date, is another agreement.
    Agreement.objects.create(
        agency=agreement.agency, model="jail_enforcement", signed_on=agreement.signed_on
    )
    Agreement.objects.create(
        agency=agreement.agency,
        model=agreement.model,
        signed_on=datetime.date(2025, 7, 2),
    )
    assert agreement.agency.agreements.count() == 3


@pytest.mark.django_db
def test_agreements_with_unreadable_dates_are_told_apart_by_the_text_ice_printed():
    agency = factories.AgencyFactory()
    Agreement.objects.create(agency=agency, model="task_force", signed_text="7/72025")
    refused(
        lambda: Agreement.objects.create(
            agency=agency, model="task_force", signed_text="7/72025"
        )
    )
    Agreement.objects.create(
        agency=agency, model="task_force", signed_text="5025-07-07"
    )
    assert agency.agreements.filter(signed_on__isnull=True).count() == 2


@pytest.mark.django_db
def test_an_order_cannot_replace_itself():
    order = factories.OrderFactory()
    order.replaced_by = order
    refused(order.save)


@pytest.mark.django_db
def test_deleting_a_statement_deletes_its_positions_but_an_agency_with_statements_stays():
    position = factories.PositionFactory()
    with pytest.raises(ProtectedError), transaction.atomic():
        position.statement.agency.delete()
    position.statement.delete()
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_issue_date_is_shown_with_only_the_precision_known():
    statement = factories.StatementFactory(issued_on=datetime.date(2017, 1, 30))
    assert statement.issued_on_display == "January 30, 2017"
    statement.issued_on_precision = "month"
    assert statement.issued_on_display == "January 2017"
    statement.issued_on_precision = "year"
    assert statement.issued_on_display == "2017"


@pytest.mark.django_db
def test_order_label_is_the_name_readers_know():
    assert factories.OrderFactory(number="13768").label == "EO 13768"
    state_law = factories.OrderFactory(
        kind="state_law", number="SB 8", jurisdiction="TX", slug="tx-sb-8"
    )
    assert state_law.label == "Texas SB 8"


@pytest.mark.django_db
def test_statements_list_newest_first():
    older = factories.StatementFactory(issued_on=datetime.date(2017, 1, 1))
    newer = factories.StatementFactory(issued_on=datetime.date(2025, 1, 1))
    assert list(Statement.objects.all()) == [newer, older]


@pytest.mark.parametrize(
    ("county", "shown"),
    [
        ("Alachua", "Alachua County"),
        ("Alachua County", "Alachua County"),
        ("Beauregard Parish", "Beauregard Parish"),
        ("Matanuska-Susitna Borough", "Matanuska-Susitna Borough"),
        ("  polk  county ", "polk  county".replace("  ", " ")),
        ("", ""),
    ],
)
def test_county_names_read_right(county, shown):
    """ICE's county cells already say County or Parish: never "County County"."""
    assert models.Agency(county=county).county_name == shown
