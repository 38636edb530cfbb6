"""The review workflow: draft → in review → published, sent back with a note,
withdrawn; who may take each step, the buttons on the statement's own admin page,
the review queue, and the log of every step."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from statements import publishing
from statements.models import Statement, StatusChange
from tests import factories
from tests.admin_forms import statement_change


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def statement_in(status, **fields):
    published_at = timezone.now() - datetime.timedelta(hours=1)
    return factories.PositionFactory(
        statement__status=status,
        statement__published_at=published_at if status != "draft" else None,
        **{f"statement__{k}": v for k, v in fields.items()},
    ).statement


def step(client, statement, name, note=""):
    url = reverse("admin:statements_statement_review", args=[statement.pk])
    response = client.post(url, {"step": name, "note": note}, follow=True)
    statement.refresh_from_db()
    return response


# Who may take which step, on the rule itself.

STEPS = [
    # (step, from status, contributor may, editor may)
    ("submit", "draft", True, True),
    ("submit", "sent_back", True, True),
    ("publish", "in_review", False, True),
    ("publish", "draft", False, True),
    ("send_back", "in_review", False, True),
    ("withdraw", "published", False, True),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "source", "contributor_may", "editor_may"), STEPS)
def test_who_may_take_each_step(
    editor, contributor, name, source, contributor_may, editor_may
):
    for user, allowed in ((contributor, contributor_may), (editor, editor_may)):
        statement = statement_in(source)
        names = [t.name for t in publishing.transitions_for(user, statement)]
        assert (name in names) == allowed, (user, name, source)
        if allowed:
            publishing.transition(statement, user, name, note="Looks right.")
            target = next(t.target for t in publishing.TRANSITIONS if t.name == name)
            assert Statement.objects.get(pk=statement.pk).status == target
            entry = statement.status_changes.get()
            assert (entry.from_status, entry.to_status) == (source, target)
            assert (entry.changed_by, entry.note) == (user, "Looks right.")
        else:
            with pytest.raises((PermissionDenied, ValidationError)):
                publishing.transition(statement, user, name, note="Looks right.")
            assert Statement.objects.get(pk=statement.pk).status == source
            assert not statement.status_changes.exists()


@pytest.mark.django_db
def test_a_step_from_the_wrong_status_is_refused(editor):
    statement = statement_in("draft")
    with pytest.raises(ValidationError, match="cannot be given"):
        publishing.transition(statement, editor, "withdraw")


@pytest.mark.django_db
def test_sending_back_needs_a_note(editor):
    statement = statement_in("in_review")
    with pytest.raises(ValidationError, match="Say what the author should change"):
        publishing.transition(statement, editor, "send_back", note="  ")
    assert Statement.objects.get(pk=statement.pk).status == "in_review"


@pytest.mark.django_db
def test_a_sent_back_statement_is_never_public(editor, client):
    statement = statement_in("in_review", headline="Sent back headline")
    publishing.transition(statement, editor, "send_back", note="Check the date.")
    assert not Statement.objects.published().exists()
    assert client.get(statement.get_absolute_url()).status_code == 404
    assert "Sent back headline" not in client.get("/statements/").content.decode()


# The buttons on the statement's own admin page.


@pytest.mark.django_db
def test_contributor_submits_editor_sends_back_then_publishes(editor, contributor):
    statement = statement_in("draft", created_by=contributor)
    cora, ed = signed_in(contributor), signed_in(editor)
    change_url = reverse("admin:statements_statement_change", args=[statement.pk])

    page = cora.get(change_url).content.decode()
    assert 'value="submit"' in page
    assert 'value="publish"' not in page  # contributors are offered no publishing

    step(cora, statement, "submit", note="Ready, I think.")
    assert statement.status == "in_review"

    page = ed.get(change_url).content.decode()
    for button in ('value="publish"', 'value="send_back"'):
        assert button in page
    refused = step(ed, statement, "send_back")
    assert statement.status == "in_review"
    assert "Say what the author should change" in refused.content.decode()

    step(ed, statement, "send_back", note="Add the sheriff's title.")
    assert statement.status == "sent_back"
    page = cora.get(change_url).content.decode()
    assert "Add the sheriff&#x27;s title." in page  # the thread, on the page

    step(cora, statement, "submit")
    step(ed, statement, "publish")
    assert statement.status == "published"
    assert list(Statement.objects.published()) == [statement]

    log = [
        (e.from_status, e.to_status, e.changed_by.username, e.note)
        for e in statement.status_changes.all()
    ]
    assert log == [
        ("draft", "in_review", "cora", "Ready, I think."),
        ("in_review", "sent_back", "ed", "Add the sheriff's title."),
        ("sent_back", "in_review", "cora", ""),
        ("in_review", "published", "ed", ""),
    ]
    history = ed.get(reverse("admin:statements_statement_history", args=[statement.pk]))
    assert "Sent back → In review by cora" in history.content.decode()


@pytest.mark.django_db
def test_contributor_cannot_forge_a_publish_button(contributor):
    statement = statement_in("in_review")
    response = step(signed_in(contributor), statement, "publish")
    assert statement.status == "in_review"
    assert "Only editors can publish" in response.content.decode()


@pytest.mark.django_db
def test_editor_withdraws_from_the_page(editor):
    statement = statement_in("published")
    step(signed_in(editor), statement, "withdraw", note="Agency retracted it.")
    assert statement.status == "withdrawn"
    assert statement.published_at is not None  # kept, for the record


@pytest.mark.django_db
def test_a_note_alone_joins_the_thread(contributor):
    statement = statement_in("in_review")
    step(signed_in(contributor), statement, "note", note="Source moved; see archive.")
    assert statement.status == "in_review"
    assert statement.status_changes.get().note == "Source moved; see archive."


@pytest.mark.django_db
def test_status_set_in_the_form_is_logged_and_send_back_needs_a_note(editor):
    statement = statement_in("in_review")
    ed = signed_in(editor)
    url, data = statement_change(ed, statement)

    refused = ed.post(url, data | {"status": "sent_back"})
    assert refused.status_code == 200
    assert "Say what the author should change" in str(
        refused.context["adminform"].form.errors
    )

    saved = ed.post(
        url, data | {"status": "sent_back", "review_note": "Quote is too long."}
    )
    assert saved.status_code == 302
    entry = StatusChange.objects.get()
    assert (entry.to_status, entry.note, entry.changed_by) == (
        "sent_back",
        "Quote is too long.",
        editor,
    )


# The review queue.


@pytest.mark.django_db
def test_review_queue_lists_what_waits_oldest_first_with_notes(editor, contributor):
    newer = statement_in("draft", headline="Submitted second")
    older = statement_in("draft", headline="Submitted first")
    publishing.transition(older, contributor, "submit", note="First one.")
    publishing.transition(newer, contributor, "submit", note="Second one.")
    sent_back = statement_in("in_review", headline="Needs work")
    publishing.transition(sent_back, editor, "send_back", note="Fix the summary.")
    statement_in("draft", headline="Still a draft")

    ed = signed_in(editor)
    changelist = ed.get(reverse("admin:statements_statement_changelist"))
    assert "Review queue (2 waiting)" in changelist.content.decode()

    page = ed.get(reverse("admin:statements_statement_review_queue"))
    waiting, returned = page.context["queues"]
    assert [s.headline for s in waiting["statements"]] == [
        "Submitted first",
        "Submitted second",
    ]
    assert [s.headline for s in returned["statements"]] == ["Needs work"]
    html = page.content.decode()
    for text in ("First one.", "Second one.", "Fix the summary."):
        assert text in html
    assert "Still a draft" not in html


@pytest.mark.django_db
def test_review_queue_is_for_staff_only(client, published_statement):
    url = reverse("admin:statements_statement_review_queue")
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_an_import_cannot_send_back_without_a_note(tmp_path):
    import io

    from django.core.management import CommandError, call_command

    factories.UserFactory(username="ed", groups=["Editors"])
    factories.AgencyFactory(name="Lee County Sheriff's Office", state="FL")
    path = tmp_path / "statements.csv"
    path.write_text(
        "agency,agency_state,headline,issued_on,summary,stance,status\n"
        "Lee County Sheriff's Office,FL,Sheriff speaks,2025-02-01,A summary.,"
        "opposes,sent_back\n"
    )
    with pytest.raises(CommandError, match="row 2, status: a statement is sent back"):
        call_command(
            "import_statements", str(path), "--user", "ed", stdout=io.StringIO()
        )
    assert not Statement.objects.exists()


@pytest.mark.django_db
def test_review_queue_queries_do_not_grow_with_the_queue(
    editor, contributor, django_assert_max_num_queries
):
    for n in range(12):
        statement = statement_in("draft", headline=f"Waiting {n}")
        publishing.transition(statement, contributor, "submit", note=f"Note {n}.")
    ed = signed_in(editor)
    with django_assert_max_num_queries(12):
        page = ed.get(reverse("admin:statements_statement_review_queue"))
    assert len(page.context["queues"][0]["statements"]) == 12
