"""No silent overwrites: a form opened before someone else saved does not save over
their work; the editor sees what changed and by whom, keeps their input, decides."""

import pytest
from django.test import Client
from django.urls import reverse

from statements.models import Agency, Order, Statement
from tests import factories
from tests.admin_forms import as_posted, statement_change


def editor_client(username, **names):
    user = factories.UserFactory(username=username, groups=["Editors"], **names)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def statement(db):
    position = factories.PositionFactory(
        stance="supports", quote="", statement__headline="Sheriff backs order"
    )
    return position.statement


def errors_of(response):
    return " ".join(response.context["adminform"].form.non_field_errors())


@pytest.mark.django_db
def test_second_editor_saving_an_older_form_sees_the_first_editors_headline(
    statement,
):
    alice = editor_client("alice", first_name="Alice", last_name="Ng")
    bruno = editor_client("bruno")
    # Both open the same statement.
    alice_url, alice_form = statement_change(alice, statement)
    bruno_url, bruno_form = statement_change(bruno, statement)

    saved = alice.post(alice_url, alice_form | {"headline": "Sheriff welcomes order"})
    assert saved.status_code == 302

    refused = bruno.post(
        bruno_url, bruno_form | {"summary": "Bruno's better summary, merged later."}
    )

    assert refused.status_code == 200  # the form again, not a redirect
    statement.refresh_from_db()
    assert statement.headline == "Sheriff welcomes order"  # Alice's work is kept
    assert statement.summary != "Bruno's better summary, merged later."
    errors = errors_of(refused)
    assert "Alice Ng (alice) saved this statement" in errors
    assert (
        "Headline: now “Sheriff welcomes order” (was “Sheriff backs order”)" in errors
    )
    page = refused.content.decode()
    assert "Bruno&#x27;s better summary, merged later." in page  # his input is kept

    # Having seen Alice's change, Bruno merges it and saves: now that is his choice.
    token = refused.context["adminform"].form["edit_token"].value()
    merged = bruno.post(
        bruno_url,
        bruno_form
        | {
            "headline": "Sheriff welcomes order",
            "summary": "Bruno's better summary, merged later.",
            "edit_token": token,
        },
    )
    assert merged.status_code == 302
    statement.refresh_from_db()
    assert statement.headline == "Sheriff welcomes order"
    assert statement.summary == "Bruno's better summary, merged later."


@pytest.mark.django_db
def test_positions_edited_on_both_sides_conflict(statement):
    alice = editor_client("alice")
    bruno = editor_client("bruno")
    alice_url, alice_form = statement_change(alice, statement)
    bruno_url, bruno_form = statement_change(bruno, statement)

    saved = alice.post(alice_url, alice_form | {"positions-0-stance": "opposes"})
    assert saved.status_code == 302

    refused = bruno.post(
        bruno_url, bruno_form | {"positions-0-quote": "we will not take part"}
    )

    assert refused.status_code == 200
    position = statement.positions.get()
    assert (position.stance, position.quote) == ("opposes", "")
    errors = errors_of(refused)
    assert "alice saved this statement" in errors
    assert (
        "Position 1, stance: now “Opposes participation” "
        "(was “Supports participation”)" in errors
    )
    assert "we will not take part" in refused.content.decode()


@pytest.mark.django_db
def test_a_position_added_by_someone_else_is_listed(statement):
    bruno = editor_client("bruno")
    bruno_url, bruno_form = statement_change(bruno, statement)
    factories.PositionFactory(statement=statement, stance="opposes", quote="no")

    refused = bruno.post(bruno_url, bruno_form | {"headline": "Bruno's headline"})

    assert refused.status_code == 200
    assert "Position 2: now “added: " in errors_of(refused)
    assert statement.positions.count() == 2


@pytest.mark.django_db
def test_an_unchanged_statement_saves_at_once(statement):
    bruno = editor_client("bruno")
    url, form = statement_change(bruno, statement)
    assert bruno.post(url, form | {"headline": "New headline"}).status_code == 302
    assert Statement.objects.get().headline == "New headline"


@pytest.mark.django_db
def test_a_forged_token_is_refused(statement):
    bruno = editor_client("bruno")
    url, form = statement_change(bruno, statement)
    refused = bruno.post(url, form | {"edit_token": "made-up", "headline": "X"})
    assert refused.status_code == 200
    assert Statement.objects.get().headline == "Sheriff backs order"


def admin_form(client, url):
    form = client.get(url).context["adminform"].form
    return {
        name: value
        for name, value in form.initial.items()
        if value not in (None, []) and not isinstance(value, list)
    }


@pytest.mark.django_db
def test_agency_saved_over_a_stale_form_conflicts():
    agency = factories.AgencyFactory(name="Lee County Sheriff", city="")
    alice = editor_client("alice")
    bruno = editor_client("bruno")
    url = reverse("admin:statements_agency_change", args=[agency.pk])
    # The forms as rendered, with their inlines (aliases, inquiries).
    alice_form = as_posted(alice.get(url))
    bruno_form = as_posted(bruno.get(url))

    assert alice.post(url, alice_form | {"city": "Fort Myers"}).status_code == 302
    refused = bruno.post(url, bruno_form | {"county": "Lee"})

    assert refused.status_code == 200
    assert "City: now “Fort Myers” (was “(empty)”)" in errors_of(refused)
    agency = Agency.objects.get()
    assert (agency.city, agency.county) == ("Fort Myers", "")


@pytest.mark.django_db
def test_order_saved_over_a_stale_form_conflicts():
    order = factories.OrderFactory(title="Protecting the American People")
    alice = editor_client("alice")
    bruno = editor_client("bruno")
    url = reverse("admin:statements_order_change", args=[order.pk])
    alice_form = admin_form(alice, url) | {"signed_on": "2025-01-20"}
    bruno_form = admin_form(bruno, url) | {"signed_on": "2025-01-20"}

    assert alice.post(url, alice_form | {"citation": "90 FR 8443"}).status_code == 302
    refused = bruno.post(url, bruno_form | {"title": "A stale title"})

    assert refused.status_code == 200
    assert "Citation: now “90 FR 8443”" in errors_of(refused)
    assert Order.objects.get().title == "Protecting the American People"
