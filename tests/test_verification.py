"""Checking statements against their source, and the warning about a second
statement by the same agency on the same day, through the admin as editors use it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from statements.models import Statement
from tests import factories
from tests.admin_forms import statement_change
from tests.test_admin import ADD_URL, statement_form


@pytest.mark.django_db
def test_publishing_unchecked_asks_for_confirmation(client, editor):
    agency, order = factories.AgencyFactory(), factories.OrderFactory()
    client.force_login(editor)

    response = client.post(
        ADD_URL, statement_form(agency, [(order, "supports")], status="published")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "I checked this against the source" in errors["publish_unchecked"][0]
    assert not Statement.objects.exists()

    response = client.post(
        ADD_URL,
        statement_form(
            agency, [(order, "supports")], status="published", publish_unchecked="on"
        ),
    )
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.status == "published" and statement.verified_at is None
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "Checked against the source" not in page


@pytest.mark.django_db
def test_the_check_is_recorded_and_shown_to_readers(client, editor):
    statement = factories.StatementFactory(
        status="published", published_at=timezone.now()
    )
    factories.PositionFactory(statement=statement)
    client.force_login(editor)
    url, data = statement_change(client, statement, checked_against_source="on")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement.refresh_from_db()
    assert statement.verified_by == editor
    day = timezone.localdate(statement.verified_at)
    client.logout()
    page = client.get(statement.get_absolute_url()).content.decode()
    assert f'Checked against the source on <time datetime="{day:%Y-%m-%d}">' in page


@pytest.mark.django_db
def test_drafts_save_without_a_check(client, contributor):
    agency, order = factories.AgencyFactory(), factories.OrderFactory()
    client.force_login(contributor)
    response = client.post(ADD_URL, statement_form(agency, [(order, "supports")]))
    assert response.status_code == 302


@pytest.mark.django_db
def test_same_agency_and_date_warns_and_links_to_the_other(client, editor):
    agency, order = factories.AgencyFactory(), factories.OrderFactory()
    other = factories.StatementFactory(
        agency=agency, issued_on="2025-02-03", headline="The earlier entry"
    )
    client.force_login(editor)

    response = client.post(ADD_URL, statement_form(agency, [(order, "supports")]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This agency already has a statement on this date" in body
    other_url = reverse("admin:statements_statement_change", args=[other.pk])
    assert f'href="{other_url}"' in body and "The earlier entry" in body
    assert Statement.objects.count() == 1

    response = client.post(
        ADD_URL, statement_form(agency, [(order, "supports")], save_duplicate="on")
    )
    assert response.status_code == 302
    assert Statement.objects.count() == 2

    # Saving it again later, on the same agency and day, asks nothing more.
    statement = Statement.objects.get(slug="sheriff-welcomes-the-order")
    url, data = statement_change(client, statement, headline="A better headline")
    assert client.post(url, data).status_code == 302


@pytest.mark.django_db
def test_another_agency_or_day_is_no_duplicate(client, editor):
    agency, order = factories.AgencyFactory(), factories.OrderFactory()
    factories.StatementFactory(agency=agency, issued_on="2025-02-04")
    factories.StatementFactory(issued_on="2025-02-03")
    client.force_login(editor)
    response = client.post(ADD_URL, statement_form(agency, [(order, "supports")]))
    assert response.status_code == 302
