"""No unpublished statement reaches an anonymous reader by any public path.

The walk starts from the home page and follows every link on the site, then adds the
addresses a link does not reach (feeds and downloads with filters, the sitemap). On
each response, the headline and slug of a draft, an in-review, a sent-back, a
withdrawn and a scheduled statement are absent, and counts and charts leave them out.
A second walk takes every route of the URL configuration (tests/routes.py), so that
no route added later escapes: filled with the hidden statements' own slugs and ids,
none shows them.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests import routes
from tests.sample_site import build_site


@pytest.fixture
def site(db):
    return build_site()


HIDDEN_MARKERS = ["Zz secret", "zz-secret"]

EXTRA_URLS = [
    "/statements/?status=draft",  # a staff-only filter, ignored for readers
    "/statements/?q=secret",
    "/statements/?stance=mixed",
    "/statements/?mandate_view=supports_mandates",
    "/statements/?agency=quiet-hollow",
    "/statements/?order=eo-90002&stance=mixed&state=NV",
    "/statements/?issued_after=2025-07-01&issued_before=2025-07-01",
    "/statements/?sort=oldest",
    "/statements/?q=zz&sort=relevance",
    "/agencies/?stance=mixed",
    "/agencies/?diverges=support_without_agreement",
    "/statements/feed/",
    "/statements/feed/?stance=mixed",
    "/statements/feed/?agency=quiet-hollow",
    "/statements/feed/?q=secret",
    "/orders/eo-90001/feed/",
    "/orders/eo-90002/feed/",
    "/orders/tx-sb-99/feed/",
    "/agencies/quiet-hollow/feed/",
    "/agencies/harbor-county-so/feed/",
    "/sitemap.xml",
    "/sitemap-statements.xml",
    "/sitemap-agencies.xml",
    "/robots.txt",
    # Downloads and the API (issue 4) start from published() too.
    "/statements/export.csv",
    "/statements/export.json?stance=mixed",
    "/statements/export.csv?agency=quiet-hollow&status=draft",
    "/api/statements/",
    "/api/statements/?stance=mixed",
    "/api/agencies/",
    "/api/orders/",
]

SKIP_PREFIXES = ("/admin/", "/static/", "/staff/", "/api/docs", "/api/schema")
LINK = re.compile(r'href="([^"#]+)')


def internal_links(body, base):
    for href in LINK.findall(body):
        href = href.replace("&amp;", "&")
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIP_PREFIXES):
            yield path


def walk(client, limit=600):
    seen, todo, pages = set(), ["/"], {}
    todo.extend(EXTRA_URLS)
    while todo and len(seen) < limit:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        raw = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        body = raw.decode("utf-8", errors="replace")
        pages[url] = (response.status_code, body)
        if response["Content-Type"].startswith("text/html"):
            todo.extend(u for u in internal_links(body, url) if u not in seen)
    return pages


@pytest.mark.django_db
def test_no_unpublished_statement_on_any_public_url(client, site):
    pages = walk(client)
    # The walk reached the places a leak could hide.
    for must in [
        "/",
        "/statements/",
        "/statements/mesa-backs-act/",
        "/agencies/",
        "/agencies/quiet-hollow/",
        "/agencies/harbor-county-so/",
        "/orders/",
        "/orders/eo-90002/",
        "/about/",
        "/statements/feed/",
        "/sitemap.xml",
        "/sitemap-statements.xml",
        "/coverage/",
        "/coverage/not-heard/",
        "/agreements/changes/",
    ]:
        assert pages[must][0] == 200, must
    assert len(pages) > 80

    for url, (status, body) in pages.items():
        assert status < 500, url
        for marker in HIDDEN_MARKERS:
            assert marker not in body, f"{marker!r} on {url}"
        # Hidden statements are all "Mixed"; no public one is.
        assert '<rect class="stance-mixed"' not in body, url
        assert "Mixed: " not in body, url

    for hidden in site.hidden:
        # A withdrawn statement was public: its address says it is gone (410) and
        # no more; drafts, reviews and scheduled ones are not found.
        expected = 410 if hidden.status == "withdrawn" else 404
        assert pages.get(f"/statements/{hidden.slug}/", (expected,))[0] == expected
        response = client.get(f"/statements/{hidden.slug}/")
        assert response.status_code == expected
        if expected == 410:
            assert "This statement was withdrawn" in response.content.decode()


@pytest.mark.django_db
def test_counts_and_charts_leave_unpublished_statements_out(client, site):
    home = client.get("/").content.decode()
    assert '<dt>Statements</dt><dd><a href="/statements/">9</a></dd>' in home
    # Quiet Hollow (Nevada) has only hidden statements: its tile says so.
    assert (
        "Nevada: 1 287(g) agreement on ICE&#x27;s current list (1 agency); no statements."
        in home
    )
    # Five agencies spoke in public; Quiet Hollow did not.
    assert "<dt>Agencies that spoke</dt><dd>5</dd>" in home

    order = client.get("/orders/eo-90001/").content.decode()
    assert "2 statements" in order
    assert "Supports mandates" not in order
    assert (
        'aria-label="Stances on EO 90001: Supports participation: 1, Local decision: 1"'
        in order
    )

    orders = client.get("/orders/").content.decode()
    assert 'href="/statements/?order=tx-sb-99">1 statement</a>' in orders

    agencies = client.get("/agencies/?name=quiet").content.decode()
    assert "No statement" in agencies

    listed = client.get("/statements/").content.decode()
    assert "9 statements" in listed


@pytest.mark.django_db
def test_hidden_statements_are_really_there(client, site):
    """The walk proves something only if staff do see the hidden statements."""
    from tests import factories

    client.force_login(factories.UserFactory(username="staffer"))
    body = client.get("/statements/").content.decode()
    for word in ("draft", "review", "sent-back", "withdrawn", "scheduled"):
        assert f"Zz secret {word} headline" in body


@pytest.mark.django_db
def test_every_route_of_the_url_configuration_hides_unpublished_statements(
    client, site
):
    """The link walk reaches what is linked; this reaches every route there is, so a
    route added later is checked without anyone listing it. Each route open to
    anonymous readers is filled with each hidden statement's slug or id (and the
    agency, order and agreement they belong to), and asked for them by filters too."""
    quiet_agreement = site.quiet.agreements.first()
    public = routes.public_routes()
    assert len(public) >= 25
    asked = 0
    for hidden in site.hidden:
        records = {
            "statement": hidden,
            "agency": site.quiet,
            "order": site.eo_new,
            "agreement": quiet_agreement,
        }
        for route in public:
            url = routes.fill(route, records)
            for query in ("", HOSTILE_TO_DRAFTS):
                response = client.get(f"{url}?{query}" if query else url)
                asked += 1
                body = (
                    b"".join(response.streaming_content)
                    if response.streaming
                    else response.content
                ).decode("utf-8", errors="replace")
                assert response.status_code < 500, url
                assert "Zz secret" not in body, f"hidden text on {url}?{query}"
                if hidden.slug not in url:
                    assert hidden.slug not in body, f"hidden slug on {url}?{query}"
            if route.name in ("statements:statement-detail", "api:statement-detail"):
                # A once-public withdrawn statement's page says it was withdrawn
                # (410, without repeating it); every other hidden one is not found.
                withdrawn_page = (
                    hidden.status == "withdrawn"
                    and route.name == "statements:statement-detail"
                )
                assert response.status_code == (410 if withdrawn_page else 404), url
    assert asked >= 4 * 2 * 25


# Everything a reader could try to see hidden statements: staff switches, the
# statuses, the agency that has only hidden statements, their words.
HOSTILE_TO_DRAFTS = (
    "include_unpublished=1&status=draft&status=in_review&status=withdrawn"
    "&agency=quiet-hollow&q=secret&stance=mixed&sort=newest"
)


def test_coverage_counts_only_public_statements(client, site):
    """Quiet Hollow holds an agreement and has only hidden statements: for coverage
    we have not heard from it, on the page, the list and the CSV."""
    not_heard = client.get("/coverage/not-heard/?state=NV").content.decode()
    assert "/agencies/quiet-hollow/" in not_heard
    download = client.get("/coverage/not-heard.csv")
    assert "quiet-hollow" in b"".join(download.streaming_content).decode()
    coverage = client.get("/coverage/").content.decode()
    assert "Nevada: 0 of 1 heard from" in coverage
    for marker in HIDDEN_MARKERS:
        assert marker not in not_heard and marker not in coverage
