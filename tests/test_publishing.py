"""Status changes: one rule whatever the path (the publishing functions, the admin
form, the admin's actions, the statement import), and what publishing needs."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from statements import publishing
from statements.importers import ImportFailed, import_statement_csv
from statements.models import Statement
from tests import factories
from tests.admin_forms import statement_change
from tests.test_admin import ADD_URL, statement_form

pytestmark = pytest.mark.django_db


def test_publishing_sets_the_time_and_unpublishing_clears_it(editor, draft_statement):
    publishing.publish(draft_statement, editor)
    assert draft_statement.published_at is not None
    assert draft_statement.updated_by == editor
    publishing.unpublish(draft_statement, editor)
    draft_statement.refresh_from_db()
    assert (draft_statement.status, draft_statement.published_at) == ("draft", None)


def test_sending_a_published_statement_back_to_review_unpublishes_it(
    editor, published_statement
):
    publishing.change_status(published_statement, editor, "in_review")
    published_statement.refresh_from_db()
    assert published_statement.published_at is None
    assert not Statement.objects.published().exists()


def test_withdrawing_keeps_the_time_it_was_public_from(editor, published_statement):
    was_public_from = published_statement.published_at
    publishing.withdraw(published_statement, editor)
    published_statement.refresh_from_db()
    assert published_statement.status == "withdrawn"
    assert published_statement.published_at == was_public_from


def test_a_future_time_schedules_publication(editor, draft_statement):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    publishing.publish(draft_statement, editor, published_at=tomorrow)
    assert list(Statement.objects.scheduled()) == [draft_statement]
    assert not Statement.objects.published().exists()


def test_a_refused_change_leaves_the_statement_as_it_was(contributor, draft_statement):
    with pytest.raises(publishing.PublishingNotAllowed):
        publishing.publish(draft_statement, contributor)
    assert draft_statement.status == "draft"
    draft_statement.refresh_from_db()
    assert draft_statement.status == "draft"


# Every public statement links to its source ---------------------------------------


def test_the_database_refuses_a_published_statement_without_a_source():
    statement = factories.StatementFactory(source_url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(
            status="published", published_at=timezone.now()
        )


def test_publishing_without_a_source_is_refused_with_the_reason(editor):
    statement = factories.StatementFactory(source_url="")
    with pytest.raises(publishing.NotPublishable) as refusal:
        publishing.publish(statement, editor)
    assert (
        "needs the address of its source" in refusal.value.message_dict["source_url"][0]
    )
    statement.refresh_from_db()
    assert statement.status == "draft"


def test_the_admin_form_shows_the_missing_source_on_its_field(client, editor):
    client.force_login(editor)
    agency = factories.AgencyFactory()
    response = client.post(
        ADD_URL,
        statement_form(
            agency,
            [(factories.OrderFactory(), "supports")],
            status="published",
            source_url="",
        ),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "needs the address of its source" in errors["source_url"][0]
    assert not Statement.objects.exists()
    # As a draft it saves: the source can come later.
    response = client.post(
        ADD_URL,
        statement_form(agency, [(factories.OrderFactory(), "supports")], source_url=""),
    )
    assert response.status_code == 302


def test_the_publish_action_says_which_statement_lacks_its_source(client, editor):
    statement = factories.StatementFactory(source_url="", headline="No source yet")
    client.force_login(editor)
    changelist = reverse("admin:statements_statement_changelist")
    response = client.post(
        changelist,
        {
            "action": "publish_selected",
            "_selected_action": [statement.pk],
            "publish_unchecked": "yes",
        },
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any(
        "No source yet" in m and "needs the address of its source" in m
        for m in messages
    )
    statement.refresh_from_db()
    assert statement.status == "draft"


def test_the_import_refuses_a_published_row_without_a_source(editor):
    csv = (
        b"agency,agency_kind,agency_state,headline,issued_on,summary,stance,status\n"
        b"Bay County Sheriff,sheriff,FL,Bay sheriff speaks,2025-02-10,A summary.,"
        b"opposes,published\n"
    )
    with pytest.raises(ImportFailed) as failure:
        import_statement_csv(csv, "s.csv", user=editor)
    assert any(
        p.startswith("row 2, source_url:") and "source" in p
        for p in failure.value.problems
    )
    assert not Statement.objects.exists()


# One path: the admin form and the import follow the same rule -----------------------


def test_unpublishing_in_the_admin_form_clears_the_time(client, editor):
    statement = factories.PositionFactory(
        statement__status="published",
        statement__published_at=timezone.now() - datetime.timedelta(days=1),
    ).statement
    client.force_login(editor)
    url, data = statement_change(
        client,
        statement,
        status="draft",
        published_at_0=f"{statement.published_at:%Y-%m-%d}",
        published_at_1="10:00:00",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement.refresh_from_db()
    assert (statement.status, statement.published_at) == ("draft", None)


def test_unpublishing_by_import_clears_the_time(editor):
    statement = factories.StatementFactory(
        agency=factories.AgencyFactory(
            name="Bay County Sheriff", slug="bay", state="FL"
        ),
        headline="Bay sheriff speaks",
        issued_on=datetime.date(2025, 2, 10),
        status="published",
        published_at=timezone.now() - datetime.timedelta(days=1),
        summary="A summary.",
        source_url="https://news.example.org/bay",
    )
    csv = (
        b"agency,agency_state,headline,issued_on,summary,stance,status,source_url\n"
        b"Bay County Sheriff,FL,Bay sheriff speaks,2025-02-10,A summary.,opposes,draft,"
        b"https://news.example.org/bay\n"
    )
    report = import_statement_csv(csv, "s.csv", user=editor)
    assert report.updated == [statement]
    statement.refresh_from_db()
    assert (statement.status, statement.published_at) == ("draft", None)
    assert statement.updated_by == editor
