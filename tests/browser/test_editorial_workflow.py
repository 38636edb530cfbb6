"""Editors in real headless Chromium: two of them on one statement (the conflict
screen), and a statement going through review with the buttons on its page."""

import re

import pytest
from django.apps import apps

from statements import roles
from statements.models import Statement
from tests import factories
from tests.browser.conftest import ARTIFACTS, DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def people(transactional_db):
    # Transactional tests empty the tables the data migration filled.
    roles.ensure_groups(apps)
    return {
        "alice": factories.UserFactory(username="alice", groups=["Editors"]),
        "bruno": factories.UserFactory(username="bruno", groups=["Editors"]),
        "cora": factories.UserFactory(username="cora", groups=["Contributors"]),
    }


def signed_in(open_tab, username):
    tab = open_tab(DESKTOP)
    page = tab.open("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return tab


def test_conflict_screen_keeps_both_editors_work(open_tab, people):
    statement = factories.PositionFactory(
        statement__headline="Sheriff backs order"
    ).statement
    path = f"/admin/statements/statement/{statement.pk}/change/"
    alice, bruno = signed_in(open_tab, "alice"), signed_in(open_tab, "bruno")
    alice_page, bruno_page = alice.open(path), bruno.open(path)

    alice_page.get_by_label("Headline").fill("Sheriff welcomes order")
    alice_page.get_by_role("button", name="Save", exact=True).first.click()
    alice_page.wait_for_url(re.compile(r"/admin/statements/statement/$"))

    bruno_page.get_by_label("Summary").fill("Bruno's summary, to be merged.")
    bruno_page.get_by_role("button", name="Save", exact=True).first.click()

    errors = bruno_page.locator(".errorlist.nonfield")
    errors.first.wait_for()
    text = errors.first.inner_text()
    assert "alice saved this statement" in text
    assert "Headline: now “Sheriff welcomes order” (was “Sheriff backs order”)" in text
    assert (
        bruno_page.get_by_label("Summary").input_value()
        == "Bruno's summary, to be merged."
    )
    assert Statement.objects.get().headline == "Sheriff welcomes order"
    ARTIFACTS.mkdir(exist_ok=True)
    bruno.screenshot("admin-conflict-1280")

    # Bruno merges Alice's headline and saves: both editors' work is kept.
    bruno_page.get_by_label("Headline").fill("Sheriff welcomes order")
    bruno_page.get_by_role("button", name="Save", exact=True).first.click()
    bruno_page.wait_for_url(re.compile(r"/admin/statements/statement/$"))
    saved = Statement.objects.get()
    assert (saved.headline, saved.summary) == (
        "Sheriff welcomes order",
        "Bruno's summary, to be merged.",
    )
    for tab in (alice, bruno):
        assert tab.csp_violations() == []


def test_review_buttons_take_a_statement_from_draft_to_published(open_tab, people):
    statement = factories.PositionFactory(
        statement__headline="Chief explains the order", statement__status="draft"
    ).statement
    path = f"/admin/statements/statement/{statement.pk}/change/"

    cora = signed_in(open_tab, "cora")
    page = cora.open(path)
    review = page.locator("#review")
    assert review.get_by_role("button", name="Publish").count() == 0
    review.get_by_label("Note").fill("Ready for a look.")
    review.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(re.compile(re.escape(path)))
    assert "is now in review" in page.locator(".messagelist").inner_text()

    alice = signed_in(open_tab, "alice")
    queue = alice.open("/admin/statements/statement/review-queue/")
    assert "Ready for a look." in queue.locator(".review-queue").inner_text()
    queue.get_by_role("link", name="Chief explains the order").click()
    page = alice.page
    page.wait_for_url(re.compile(re.escape(path)))
    review = page.locator("#review")
    review.get_by_role("button", name="Send back to the author").click()
    assert (
        "Say what the author should change" in page.locator(".messagelist").inner_text()
    )
    review = page.locator("#review")
    review.get_by_label("Note").fill("Name the chief.")
    review.get_by_role("button", name="Send back to the author").click()
    assert "is now sent back" in page.locator(".messagelist").inner_text()
    assert "Name the chief." in page.locator("#review").inner_text()
    alice.screenshot("admin-review-sent-back-1280")

    page = cora.open(path)
    page.locator("#review").get_by_role("button", name="Submit for review").click()
    page = alice.open(path)
    page.locator("#review").get_by_role("button", name="Publish").click()
    assert "is now published" in page.locator(".messagelist").inner_text()
    assert list(Statement.objects.published()) == [statement]
    for tab in (cora, alice):
        assert tab.csp_violations() == []
