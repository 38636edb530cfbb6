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
    return factories.UserFactory(username="ed", groups=["Editors"])


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
