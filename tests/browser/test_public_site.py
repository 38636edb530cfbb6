"""A reader's path through the site in real headless Chromium: the home page, the
statement filters used through the form, a statement page, an agency page with its
agreements, the keyboard alone, and no Content Security Policy violation anywhere."""

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, PHONE, ROOT
from tests.sample_site import build_site
from tests.shipped_data import JULY, ice_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(transactional_db):
    return build_site()


def test_reader_filters_by_order_and_stance_and_opens_a_statement(open_tab, site):
    tab = open_tab(DESKTOP)
    page = tab.open("/")
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("What law enforcement says")
    )
    assert page.locator(".stats dd").first.inner_text() == "9"
    assert page.locator("svg.tile-map a").count() == 52
    tab.screenshot("home-1280")

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Statements"
    ).click()
    page.wait_for_url(re.compile(r"/statements/$"))
    assert "9 statements" in page.locator(".count").inner_text()

    form = page.locator("form.filters")
    form.get_by_label("EO 90002: Restoring Partnerships Order").check()
    form.get_by_label("Supports participation").check()
    form.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"order=eo-90002.*stance=supports"))
    assert page.locator(".count").inner_text() == "1 statement matches your filters."
    # The form keeps what the reader chose.
    assert form.get_by_label("Supports participation").is_checked()
    cards = page.locator("article.card")
    assert cards.count() == 1
    assert (
        page.get_by_role("link", name="Download CSV").count() == 0
    )  # the link says "CSV"
    csv = page.locator(".downloads a", has_text="CSV")
    assert (
        csv.get_attribute("href")
        == "/statements/export.csv?order=eo-90002&stance=supports"
    )
    tab.screenshot("statements-filtered-1280")

    cards.get_by_role("link", name="Pine Ridge sheriff wants to join 287(g)").click()
    page.wait_for_url(re.compile(r"/statements/pine-ridge-wants/$"))
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Pine Ridge sheriff wants to join 287(g)"
    )
    assert page.get_by_role("heading", name="Cite this statement").is_visible()
    data = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert data["mainEntity"]["author"][0]["name"] == "Pine Ridge Sheriff's Office"
    tab.screenshot("statement-1280")

    assert tab.csp_violations() == []
    assert tab.console == []


def test_agency_page_shows_agreements_beside_words(open_tab, site):
    for name, viewport in (("1280", DESKTOP), ("390", PHONE)):
        tab = open_tab(viewport)
        page = tab.open("/agencies/harbor-county-so/")
        agreements = page.locator("table.agreements tbody tr")
        assert agreements.count() == 2
        assert "Jail Enforcement Model" in agreements.nth(0).inner_text()
        assert "Task Force Model" in agreements.nth(1).inner_text()
        moa = page.get_by_role("link", name="MOA for the Task Force Model")
        assert moa.get_attribute("href") == "https://www.ice.gov/doclib/harbor-tfm.pdf"
        # A local decision beside agreements is consistent: no words-and-deeds note.
        assert page.locator(".callout-words-deeds").count() == 0
        assert "Local decision" in page.locator(".current").inner_text()
        timeline = page.locator(".stance-timeline > li")
        assert timeline.count() == 2
        tab.screenshot(f"agency-{name}")
        # Nothing is wider than the screen: no sideways scrolling on a phone.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], width
        assert tab.console == []


def test_phone_pages_fit_the_screen(open_tab, site):
    tab = open_tab(PHONE)
    for path, name in [
        ("/", "home-390"),
        ("/statements/?stance=bogus", "statements-error-390"),
        ("/statements/chiefs-guidance/", "statement-390"),
        ("/agencies/", "agencies-390"),
        ("/orders/eo-90002/", "order-390"),
        ("/about/", "about-390"),
    ]:
        page = tab.open(path)
        tab.screenshot(name)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
    assert tab.csp_violations() == []
    assert tab.console == []


def test_keyboard_alone_with_visible_focus(open_tab, site):
    tab = open_tab(DESKTOP)
    page = tab.open("/statements/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    box = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert box >= 0  # the skip link comes into view when focused

    def focus_style():
        return page.evaluate(
            """() => {
                const s = getComputedStyle(document.activeElement);
                return [s.outlineStyle, s.outlineWidth, s.boxShadow];
            }"""
        )

    outline, outline_width, shadow = focus_style()
    assert outline != "none" and outline_width != "0px" or shadow != "none"

    # Tab to the search field, type, and submit with Enter: no mouse at all.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_q":
            break
    assert page.evaluate("document.activeElement.id") == "id_q"
    outline, outline_width, shadow = focus_style()
    assert outline != "none" and outline_width != "0px" or shadow != "none"
    page.keyboard.type("harbor")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=harbor"))
    assert "2 statements match your filters" in page.locator(".count").inner_text()

    # A tile of the map is reachable by keyboard and tells its numbers.
    page = tab.open("/")
    page.focus('svg.tile-map a[href$="state=FL"]')
    detail = page.locator("#map-detail").inner_text()
    assert detail.startswith("Florida: 2 287(g) agreements")
    # Its title is its name for screen readers.
    florida = page.get_by_role("link", name=re.compile(r"^Florida: 2 287\(g\)"))
    assert florida.count() == 1
    tab.screenshot("home-map-focus-1280", full_page=False)
    assert tab.csp_violations() == []


def test_readme_screenshots(open_tab, transactional_db):
    """The home page and an agency page with real content: the seed statement and,
    the agencies on ICE's list of 18 July 2025 shipped in data/."""
    from django.core.management import call_command

    from statements.sample_data import load_sample_data

    load_sample_data()
    call_command("import_agreements", str(ice_file(JULY)), verbosity=0)
    tab = open_tab({"width": 1280, "height": 1000})
    tab.open("/")
    home = tab.screenshot("readme-home", full_page=True)
    tab.open("/agencies/iacp/")
    agency = tab.screenshot("readme-agency", full_page=True)
    assert tab.console == []
    if os.environ.get("POLICYTRACKER_UPDATE_SCREENSHOTS") == "1":
        target = Path(ROOT / "docs" / "screenshots")
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(home, target / "home.png")
        shutil.copy(agency, target / "agency.png")
