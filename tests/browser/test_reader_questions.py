"""The three questions of the public site, each answered in a few clicks from the
home page, in real headless Chromium: what did agency X say about order Y, who
opposes mandates, and which agencies hold 287(g) agreements while saying taking part
should be a local choice."""

import re

import pytest

from tests.browser.conftest import DESKTOP
from tests.sample_site import build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(transactional_db):
    return build_site()


def card_headlines(page):
    return sorted(page.locator("article.card h3, article.card h2").all_inner_texts())


def test_what_did_an_agency_say_about_an_order(open_tab, site):
    tab = open_tab(DESKTOP)
    page = tab.open("/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Agencies"
    ).click()
    page.get_by_role("link", name="Harbor County Sheriff's Office").first.click()
    page.wait_for_url(re.compile(r"/agencies/harbor-county-so/$"))
    timeline = page.locator(".stance-timeline")
    # Its words on the newer order, with the stance in text as well as colour.
    entry = timeline.locator("li", has_text="Harbor sheriff says joining is a county")
    assert "Local decision" in entry.inner_text()
    assert "EO 90002" in entry.inner_text()
    assert tab.console == []


def test_who_opposes_mandates(open_tab, site):
    tab = open_tab(DESKTOP)
    page = tab.open("/")
    page.get_by_role("link", name="Who opposes mandates to take part?").click()
    page.wait_for_url(re.compile(r"mandate_view=opposes_mandates"))
    assert card_headlines(page) == [
        "Chiefs group asks for clear guidance",
        "Harbor sheriff says joining is a county choice",
        "Lakeside chief will not enforce immigration law",
    ]
    # The filter form shows the question that was asked.
    assert page.get_by_label("Mandate view").input_value() == "opposes_mandates"
    assert tab.console == []


def test_agencies_that_oppose_taking_part_yet_hold_an_agreement(open_tab, site):
    tab = open_tab(DESKTOP)
    page = tab.open("/")
    page.get_by_role("link", name=re.compile("yet hold an agreement")).click()
    page.wait_for_url(re.compile(r"/agencies/\?diverges=words_against_deeds"))
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "Lakeside Police Department" in rows.first.inner_text()
    assert "Task Force Model" in rows.first.inner_text()
    rows.first.get_by_role("link", name="Lakeside Police Department").click()
    callout = page.locator(".callout-words-deeds")
    assert callout.is_visible()
    evidence = callout.locator(".evidence li")
    assert evidence.count() == 2
    assert evidence.nth(0).inner_text().startswith("February 10, 2025")
    assert "Signed: Task Force Model" in evidence.nth(1).inner_text()
    tab.screenshot("words-against-deeds-1280")
    assert tab.console == []
