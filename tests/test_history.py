"""Revision history: every save keeps a version of a statement with its positions
(and of agencies and orders); the admin compares any two field by field, or one
with the published version, and reverts (itself a new version) under the rules of
publishing."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from statements import history
from statements.models import Statement
from tests import factories
from tests.admin_forms import as_posted, statement_change


def signed_in(username, group):
    user = factories.UserFactory(username=username, groups=[group])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(db):
    return signed_in("ed", "Editors")


@pytest.fixture
def statement(db):
    return factories.PositionFactory(
        stance="supports", statement__headline="First headline"
    ).statement


def save(client, statement, **changes):
    url, data = statement_change(client, statement)
    if changes.get("status") == "published":
        # Publishing from the form asks for the source check (or its waiver).
        changes.setdefault("publish_unchecked", "on")
    response = client.post(url, data | changes)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement.refresh_from_db()
    return response


def compare(client, statement, a, b):
    url = reverse("admin:statements_statement_compare", args=[statement.pk])
    response = client.get(url, {"a": a, "b": b})
    assert response.status_code == 200
    return {d.label: (d.before, d.after) for d in response.context["differences"]}


@pytest.mark.django_db
def test_every_admin_save_keeps_a_version_with_its_positions(editor_client, statement):
    save(editor_client, statement, headline="Second headline")
    save(editor_client, statement, **{"positions-0-stance": "opposes"})

    versions = list(history.versions_of(statement))
    assert len(versions) == 2
    newest = versions[0]
    assert newest.revision.user.username == "ed"
    assert "Changed" in newest.revision.get_comment()
    positions = newest.revision.version_set.filter(content_type__model="position")
    assert [v.field_dict["stance"] for v in positions] == ["opposes"]

    page = editor_client.get(
        reverse("admin:statements_statement_history", args=[statement.pk])
    )
    assert page.status_code == 200
    assert "Open to revert" in page.content.decode()


@pytest.mark.django_db
def test_two_versions_compare_field_by_field_with_positions(editor_client, statement):
    save(editor_client, statement, headline="Second headline")
    save(editor_client, statement, **{"positions-0-stance": "opposes"})
    newer, older = history.versions_of(statement)

    differences = compare(editor_client, statement, older.pk, newer.pk)

    assert differences == {
        "Position 1, stance": ("Supports participation", "Opposes participation")
    }
    against_now = compare(editor_client, statement, older.pk, "current")
    assert against_now == {
        "Position 1, stance": ("Supports participation", "Opposes participation")
    }


@pytest.mark.django_db
def test_compare_with_the_published_version(editor_client, statement):
    save(
        editor_client,
        statement,
        status="published",
        published_at_0=timezone.localdate().isoformat(),
        published_at_1="00:00:00",
    )
    # Taken back to a draft and rewritten: what readers saw is kept to compare with.
    save(editor_client, statement, headline="Rewritten draft", status="draft")

    differences = compare(editor_client, statement, "published", "current")

    assert differences["Headline"] == ("First headline", "Rewritten draft")
    assert differences["Status"] == ("Published", "Draft")


@pytest.mark.django_db
def test_revert_restores_fields_and_positions_as_a_new_version(
    editor_client, statement
):
    save(editor_client, statement, headline="Second headline")
    save(
        editor_client,
        statement,
        headline="Third headline",
        **{"positions-0-stance": "opposes"},
    )
    first = list(history.versions_of(statement))[-1]
    url = reverse("admin:statements_statement_revision", args=[statement.pk, first.pk])

    response = editor_client.post(url, as_posted(editor_client.get(url)))

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.headline == "Second headline"
    assert statement.positions.get().stance == "supports"
    versions = list(history.versions_of(statement))
    assert len(versions) == 3  # the revert is a version too; nothing was lost
    assert "Reverted" in versions[0].revision.get_comment()


@pytest.mark.django_db
def test_a_contributor_cannot_publish_by_reverting(editor_client, statement):
    save(
        editor_client,
        statement,
        status="published",
        published_at_0=timezone.localdate().isoformat(),
        published_at_1="00:00:00",
    )
    save(editor_client, statement, status="draft")  # unpublished by an editor
    published = list(history.versions_of(statement))[-1]
    assert published.field_dict["status"] == "published"

    contributor = signed_in("cora", "Contributors")
    url = reverse(
        "admin:statements_statement_revision", args=[statement.pk, published.pk]
    )
    response = contributor.get(url, follow=True)

    assert response.redirect_chain[-1][0].endswith(
        reverse("admin:statements_statement_history", args=[statement.pk])
    )
    assert (
        "Only editors can set a statement to “Published”" in response.content.decode()
    )
    statement.refresh_from_db()
    assert statement.status == "draft"
    assert not Statement.objects.published().exists()


@pytest.mark.django_db
def test_a_contributor_cannot_unpublish_by_reverting(editor_client, statement):
    save(editor_client, statement, headline="Draft headline")
    draft_version = history.versions_of(statement).first()
    save(
        editor_client,
        statement,
        status="published",
        published_at_0=timezone.localdate().isoformat(),
        published_at_1="00:00:00",
    )

    contributor = signed_in("cora", "Contributors")
    url = reverse(
        "admin:statements_statement_revision", args=[statement.pk, draft_version.pk]
    )
    assert contributor.get(url).status_code == 403
    assert contributor.post(url, {}).status_code == 403
    statement.refresh_from_db()
    assert statement.status == "published"


@pytest.mark.django_db
def test_status_changes_from_actions_keep_versions(editor_client, statement):
    editor_client.post(
        reverse("admin:statements_statement_changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [statement.pk],
            "publish_unchecked": "yes",
        },
    )
    newest = history.versions_of(statement).first()
    assert newest.field_dict["status"] == "published"
    assert newest.revision.user.username == "ed"
    assert "Draft → Published" in newest.revision.get_comment()


@pytest.mark.django_db
def test_an_import_keeps_a_version_of_each_statement(tmp_path):
    factories.UserFactory(username="ed", groups=["Editors"])
    factories.AgencyFactory(name="Lee County Sheriff's Office", state="FL")
    path = tmp_path / "statements.csv"
    path.write_text(
        "agency,agency_state,headline,issued_on,summary,stance\n"
        "Lee County Sheriff's Office,FL,Sheriff speaks,2025-02-01,A summary.,opposes\n"
    )
    call_command("import_statements", str(path), "--user", "ed", stdout=io.StringIO())

    statement = Statement.objects.get()
    version = history.versions_of(statement).get()
    assert version.revision.user.username == "ed"
    assert version.revision.get_comment() == "Imported from a statements file."
    assert version.revision.version_set.filter(content_type__model="position").count()


@pytest.mark.django_db
def test_agencies_and_orders_keep_versions(editor_client):
    order = factories.OrderFactory(title="Old title")
    url = reverse("admin:statements_order_change", args=[order.pk])
    data = as_posted(editor_client.get(url))
    assert editor_client.post(url, data | {"title": "New title"}).status_code == 302

    assert history.versions_of(order).get().field_dict["title"] == "New title"
    history_page = reverse("admin:statements_order_history", args=[order.pk])
    assert editor_client.get(history_page).status_code == 200
