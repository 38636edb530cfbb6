"""The API docs page renders in a real browser under the site's strict Content
Security Policy, from the site's own files (no CDN)."""

import pytest

from statements.sample_data import load_sample_data

pytestmark = pytest.mark.browser


def test_api_docs_render_without_csp_violations_or_outside_requests(
    open_tab, transactional_db
):
    load_sample_data()
    tab = open_tab()
    requested = []
    tab.page.on("request", lambda request: requested.append(request.url))

    page = tab.open("/api/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/statements/" in paths
    assert "/api/agreements/{id}/" in paths
    assert "policytracker API" in page.locator(".info .title").inner_text()

    # Try one operation, as a reader of the docs would.
    page.locator("#operations-statements-statements_list .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.wait_for_selector(".live-responses-table .response-col_status")
    assert "IACP" in page.locator(".live-responses-table").inner_text()

    tab.screenshot("api-docs")
    assert tab.csp_violations() == []
    assert not [m for m in tab.console if m.startswith("pageerror")], tab.console
    outside = [url for url in requested if not url.startswith(tab.base_url)]
    assert outside == [], outside
