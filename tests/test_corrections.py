"""Public corrections: added by editors in the admin, shown on the statement's page,
on /corrections/ and its feed, in the API, feeds and sitemap as an update; never
changed or deleted; and never shown for a statement readers cannot see. Withdrawn
statements answer 410 with their note; drafts stay 404."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from statements import corrections, publishing
from statements.models import Correction
from tests import factories

ATOM = "{http://www.w3.org/2005/Atom}"
ADD_URL = reverse("admin:statements_correction_add")


def add_in_admin(client, statement, text, corrected_on="2025-03-04"):
    return client.post(
        ADD_URL,
        {"statement": statement.pk, "corrected_on": corrected_on, "text": text},
    )


@pytest.mark.django_db
def test_editor_corrects_a_statement_and_readers_see_it_everywhere(
    client, editor, published_statement
):
    before = published_statement.updated_at
    client.force_login(editor)
    page = client.get(
        reverse("admin:statements_statement_change", args=[published_statement.pk])
    ).content.decode()
    assert f"{ADD_URL}?statement={published_statement.pk}" in page

    response = add_in_admin(
        client, published_statement, "The sheriff spoke on March 2, not March 1."
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.created_by == editor
    client.logout()

    statement_page = client.get(published_statement.get_absolute_url()).content.decode()
    assert "Corrected <time" in statement_page
    assert "The sheriff spoke on March 2, not March 1." in statement_page
    assert f'id="correction-{correction.pk}"' in statement_page

    log = client.get("/corrections/").content.decode()
    assert "The sheriff spoke on March 2, not March 1." in log
    assert published_statement.headline in log

    feed = ET.fromstring(client.get("/corrections/feed/").content)
    (entry,) = feed.iter(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == (
        f"Correction: {published_statement.headline}"
    )
    assert (
        entry.find(f"{ATOM}link").get("href").endswith(f"#correction-{correction.pk}")
    )

    api = client.get(f"/api/statements/{published_statement.slug}/").json()
    assert api["corrected_on"] == "2025-03-04"
    assert api["corrections"] == [
        {
            "id": correction.pk,
            "corrected_on": "2025-03-04",
            "text": "The sheriff spoke on March 2, not March 1.",
        }
    ]
    published_statement.refresh_from_db()
    assert published_statement.updated_at > before
    api_updated = datetime.datetime.fromisoformat(api["updated_at"])
    assert api_updated == published_statement.updated_at

    # The statement counts as updated in its feed and the sitemap.
    statements_feed = ET.fromstring(client.get("/statements/feed/").content)
    entry = next(statements_feed.iter(f"{ATOM}entry"))
    updated = datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    assert updated >= correction.created_at.replace(microsecond=0)
    sitemap = client.get("/sitemap-statements.xml").content.decode()
    lastmod = re.search(
        rf"{published_statement.slug}/</loc><lastmod>([^<]+)</lastmod>", sitemap
    )
    assert lastmod.group(1) >= before.date().isoformat()
    assert lastmod.group(1) in {
        published_statement.updated_at.date().isoformat(),
        timezone.localdate(published_statement.updated_at).isoformat(),
    }


@pytest.mark.django_db
def test_corrections_log_is_newest_first_and_paginated(client, editor):
    statement = factories.StatementFactory(
        status="published", published_at=timezone.now() - datetime.timedelta(days=1)
    )
    for day in range(1, 28):
        corrections.add(
            statement, editor, f"Correction number {day}.", datetime.date(2025, 4, day)
        )
    first = client.get("/corrections/").content.decode()
    assert first.index("Correction number 27.") < first.index("Correction number 3.")
    assert "Correction number 2." not in first
    assert "Page 1 of 2" in first
    second = client.get("/corrections/?page=2").content.decode()
    assert "Correction number 2." in second and "Correction number 1." in second


@pytest.mark.django_db
def test_corrections_cannot_be_changed_or_deleted(client, editor, published_statement):
    correction = corrections.add(published_statement, editor, "Original correction.")
    client.force_login(editor)
    change_url = reverse("admin:statements_correction_change", args=[correction.pk])
    response = client.post(
        change_url, {"corrected_on": "2025-01-01", "text": "Rewritten quietly."}
    )
    assert response.status_code == 403
    delete_url = reverse("admin:statements_correction_delete", args=[correction.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    correction.refresh_from_db()
    assert correction.text == "Original correction."
    # A corrected statement is withdrawn, not deleted: its corrections stay.
    with pytest.raises(ProtectedError):
        published_statement.delete()
    # Even a superuser's admin has no delete for them.
    client.force_login(factories.UserFactory(username="root", is_superuser=True))
    assert client.post(delete_url, {"post": "yes"}).status_code == 403


@pytest.mark.django_db
def test_only_published_statements_take_a_correction(
    client, editor, contributor, draft_statement
):
    client.force_login(editor)
    response = add_in_admin(client, draft_statement, "A fix to a draft.")
    assert response.status_code == 200
    assert "statement" in response.context["adminform"].form.errors
    assert not Correction.objects.exists()

    client.force_login(contributor)
    published = factories.StatementFactory(
        status="published", published_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert add_in_admin(client, published, "Contributors cannot.").status_code == 403
    assert not Correction.objects.exists()


@pytest.mark.django_db
def test_corrections_of_hidden_statements_leak_nowhere(client, editor):
    withdrawn = factories.StatementFactory(
        status="published",
        published_at=timezone.now() - datetime.timedelta(days=2),
        headline="Zz withdrawn after correction",
    )
    corrections.add(withdrawn, editor, "Zz correction text of a withdrawn one.")
    publishing.withdraw(withdrawn, editor)
    scheduled = factories.StatementFactory(
        status="published",
        published_at=timezone.now() + datetime.timedelta(days=2),
        headline="Zz scheduled",
    )
    Correction.objects.create(statement=scheduled, text="Zz scheduled correction.")

    for url in ["/corrections/", "/corrections/feed/", "/api/statements/"]:
        assert "Zz" not in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_withdrawn_statement_says_so_with_its_date_and_note(
    client, editor, published_statement, draft_statement
):
    published_statement.withdrawal_note = (
        "The quote was attributed to the wrong sheriff."
    )
    published_statement.save()
    publishing.withdraw(published_statement, editor)
    published_statement.refresh_from_db()
    assert published_statement.withdrawn_at is not None

    response = client.get(published_statement.get_absolute_url())
    assert response.status_code == 410
    body = response.content.decode()
    assert "This statement was withdrawn" in body
    assert "attributed to the wrong sheriff" in body
    day = timezone.localtime(published_statement.withdrawn_at)
    assert f"{day:%Y-%m-%d}" in body
    assert 'name="robots" content="noindex"' in body

    # A draft, even one that was withdrawn before it was ever public, is not found.
    assert client.get(draft_statement.get_absolute_url()).status_code == 404
    publishing.withdraw(draft_statement, editor)
    assert client.get(draft_statement.get_absolute_url()).status_code == 404

    # Back to published: the address shows the statement again.
    publishing.publish(published_statement, editor)
    published_statement.refresh_from_db()
    assert published_statement.withdrawn_at is None
    assert client.get(published_statement.get_absolute_url()).status_code == 200
