"""The coverage page in real headless Chromium, with the shipped content: the bars are
drawn (coloured by the site's stylesheet, no inline style under the strict CSP) and
a screenshot is kept in test-artifacts/."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import DESKTOP, PHONE
from tests.shipped_data import JULY, ORDERS_CSV, STATEMENTS_CSV, ice_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shipped(transactional_db):
    from django.apps import apps

    from statements.models import Agency, Inquiry
    from statements.roles import ensure_groups

    # An earlier transactional test emptied the tables, the migration's groups too.
    ensure_groups(apps)
    call_command("create_editor", "--username", "editor", "--password", "x-x-x-x-x")
    call_command("import_orders", str(ORDERS_CSV), verbosity=0)
    call_command("import_agreements", str(ice_file(JULY)), verbosity=0)
    call_command(
        "import_statements", str(STATEMENTS_CSV), "--user", "editor", verbosity=0
    )
    silent = Agency.objects.holding_agreements().filter(state="TX").first()
    Inquiry.objects.create(
        agency=silent, outcome="asked_no_statement", made_on="2026-11-30"
    )
    return silent


def test_coverage_page_draws_its_bars(open_tab, shipped):
    tab = open_tab(DESKTOP)
    page = tab.open("/coverage/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Coverage")

    charts = page.locator("svg.coverage-chart")
    assert charts.count() == 2
    for index in range(2):
        box = charts.nth(index).bounding_box()
        assert box["width"] > 300 and box["height"] > 20, box
    heard = page.locator("svg.coverage-chart rect.coverage-heard").first
    assert heard.bounding_box()["width"] > 0
    # Colours come from the stylesheet, so the picture shows under the strict CSP.
    fill = heard.evaluate("rect => getComputedStyle(rect).fill")
    assert fill == "rgb(23, 84, 143)", fill
    asked = page.locator("svg.coverage-chart rect.coverage-asked")
    assert asked.count() >= 2  # Texas and its model
    not_yet = page.locator("svg.coverage-chart rect.coverage-not_yet").first
    assert not_yet.evaluate("rect => getComputedStyle(rect).fill") != fill
    path = tab.screenshot("coverage-1280")
    assert path.stat().st_size > 20_000
    assert tab.console == []

    phone = open_tab(PHONE)
    page = phone.open("/coverage/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    phone.screenshot("coverage-390")
    assert phone.csp_violations() == []
