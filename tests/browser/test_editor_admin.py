"""Editors in the admin in real headless Chromium: the statement list fits a 1280 px
screen with readable headlines, and a correction added in the admin shows on the
statement's public page."""

import datetime

import pytest
from django.utils import timezone

from tests import factories
from tests.browser.conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def sign_in(tab, user):
    page = tab.page
    page.goto(tab.base_url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


@pytest.fixture
def editor(transactional_db):
    # A superuser: a transactional test flushes the groups the migrations made.
    return factories.UserFactory(username="ed", is_superuser=True)


@pytest.fixture
def statements(transactional_db):
    agency = factories.AgencyFactory(
        name="Metropolitan Police Department of the District of Columbia"
    )
    made = []
    for n in range(12):
        made.append(
            factories.StatementFactory(
                agency=agency,
                headline=f"Sheriff says the county will not renew its 287(g) task "
                f"force agreement after the board's vote, number {n}",
                status="published",
                published_at=timezone.now() - datetime.timedelta(days=n),
                issued_on=datetime.date(2025, 2, 1) + datetime.timedelta(days=n),
            )
        )
    return made


def test_statement_list_fits_1280_px(open_tab, editor, statements):
    tab = open_tab(DESKTOP)
    page = sign_in(tab, editor)
    tab.open("/admin/statements/statement/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    tab.screenshot("admin-statement-list-1280", full_page=False)
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"
    # Nor does the table scroll sideways within its box.
    hidden = page.evaluate(
        "(() => { const r = document.querySelector('#changelist .results');"
        " return r.scrollWidth - r.clientWidth; })()"
    )
    assert hidden <= 0, f"{hidden} px of the list's columns are off-screen"
    # Headlines read as lines, not a word per line: the column is wide enough.
    width = page.locator("#result_list tbody th.field-headline").first.bounding_box()[
        "width"
    ]
    assert width >= 280
    assert tab.csp_violations() == []


def test_enter_before_the_agency_search_answers_picks_nothing(open_tab, editor):
    factories.AgencyFactory(name="Aardvark County Sheriff's Office", slug="aardvark")
    factories.AgencyFactory(name="Zeta City Police Department", slug="zeta")
    tab = open_tab(DESKTOP)
    page = sign_in(tab, editor)
    tab.open("/admin/statements/statement/add/")
    # Two empty positions on a new statement, with no topic chosen for them.
    assert (
        page.locator(".inline-related:not(.empty-form) select[name$='-topic']").count()
        == 2
    )
    assert page.locator("#id_positions-0-topic").input_value() == ""
    # Confirmations show only when the form asks for one.
    assert not page.locator("#id_save_duplicate").is_visible()
    assert not page.locator("#id_publish_unchecked").is_visible()
    assert page.locator("#id_checked_against_source").is_visible()

    page.click("#id_agency + .select2-container .select2-selection")
    page.wait_for_selector(".select2-results__option:has-text('Aardvark')")
    # The newsroom's connection is slow: searches answer only when let through.
    held = []
    page.route("**/admin/autocomplete/**", lambda route: held.append(route))
    search = page.locator(".select2-container--open .select2-search__field")
    search.type("Zeta", delay=0)
    page.wait_for_timeout(300)
    search.press("Enter")  # the search for "Zeta" has not answered yet
    assert page.locator("#id_agency").input_value() == ""
    assert held, "the search should be under way"

    # Let the search answer (again, from the box's current words).
    page.unroute("**/admin/autocomplete/**")
    search.press("End")
    search.type(" ")
    search.press("Backspace")
    page.wait_for_selector(
        ".select2-results__option--highlighted:has-text('Zeta City')"
    )
    search.press("Enter")
    zeta = page.evaluate("document.querySelector('#id_agency').value")
    assert page.locator("#select2-id_agency-container").inner_text().startswith("Zeta")
    assert zeta
    assert tab.csp_violations() == []


def test_correction_added_in_the_admin_shows_on_the_statement_page(
    open_tab, editor, statements
):
    statement = statements[0]
    tab = open_tab(DESKTOP)
    page = sign_in(tab, editor)
    tab.open(f"/admin/statements/statement/{statement.pk}/change/")
    page.get_by_role("link", name="Add a public correction").click()
    page.wait_for_url("**/admin/statements/correction/add/**")
    page.fill("#id_text", "An earlier version named the wrong county.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/statements/correction/")

    public = tab.open(statement.get_absolute_url())
    corrections = public.get_by_role("region", name="Correction")
    assert "An earlier version named the wrong county." in corrections.inner_text()
    # Signed-in staff see the staff desk in the site's header.
    assert public.get_by_role("link", name="Staff desk").count() == 1
    assert tab.csp_violations() == []
