"""The sitemap lists public statements, agencies, orders and the fixed pages."""

import re

import pytest
from django.conf import settings
from django.http import Http404

from statements.sitemaps import StatementSitemap
from tests.sample_site import build_site


@pytest.fixture
def site(db):
    return build_site()


def read_locations(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def locations(client):
    """Every address of every sitemap page the index at /sitemap.xml lists, as a
    crawler reads them."""
    found = []
    for page in read_locations(client, "/sitemap.xml"):
        found += read_locations(client, page.removeprefix(settings.SITE_URL))
    return found


def test_sitemap_lists_every_public_page(client, site, settings):
    """Every address is on the public site, whatever Host the request came with."""
    settings.SITE_URL = "https://tracker.example.org"
    urls = locations(client)
    assert all(u.startswith("https://tracker.example.org/") for u in urls)
    paths = {u.removeprefix("https://tracker.example.org") for u in urls}
    assert {"/", "/statements/", "/agencies/", "/orders/", "/about/"} <= paths
    assert "/statements/mesa-backs-act/" in paths
    assert "/agencies/harbor-county-so/" in paths
    assert "/orders/tx-sb-99/" in paths
    statement_paths = [
        p for p in paths if p.startswith("/statements/") and p != "/statements/"
    ]
    assert len(statement_paths) == site.public_count


def test_sitemap_has_lastmod_for_statements(client, site):
    body = client.get("/sitemap-statements.xml").content.decode()
    entry = re.search(
        r"<url><loc>[^<]+/statements/mesa-backs-act/</loc><lastmod>(\d{4}-\d\d-\d\d)",
        body,
    )
    assert entry


def test_the_index_lists_every_page_of_a_long_section(client, site, monkeypatch):
    """A section holds ``limit`` addresses a page: at 100,000 statements the
    index lists a hundred pages of them, and a crawler following it finds every
    public statement, each once."""
    monkeypatch.setattr(StatementSitemap, "limit", 2)
    index = read_locations(client, "/sitemap.xml")
    pages = [p for p in index if "/sitemap-statements.xml" in p]
    assert len(pages) == -(-site.public_count // 2) >= 3
    assert pages[1].endswith("/sitemap-statements.xml?p=2")
    statement_paths = [
        loc.removeprefix(settings.SITE_URL)
        for loc in locations(client)
        if re.search(r"/statements/[^/]+/$", loc)
    ]
    assert len(statement_paths) == len(set(statement_paths)) == site.public_count
    beyond = f"/sitemap-statements.xml?p={len(pages) + 1}"
    assert client.get(beyond).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize("section", ["pages", "statements", "orders", "agencies"])
def test_a_section_page_is_what_djangos_sitemap_view_writes(
    client, site, monkeypatch, section
):
    """Sections are written by ``sitemaps.section`` rather than Django's template:
    the same bytes and headers as Django's own view, page by page."""
    from django.contrib.sitemaps import views as django_views
    from django.test import RequestFactory

    from statements.sitemaps import SITEMAPS
    from statements.sitemaps import section as our_view

    for sitemap in SITEMAPS.values():
        monkeypatch.setattr(sitemap, "limit", 3)
    factory = RequestFactory()
    for page in ("", "?p=2"):
        address = f"/sitemap-{section}.xml{page}"
        assert client.get(address).status_code in (200, 404)
        try:
            theirs = django_views.sitemap(
                factory.get(address), sitemaps=SITEMAPS, section=section
            )
        except Http404:
            assert client.get(address).status_code == 404
            continue
        theirs.render()
        ours = our_view(factory.get(address), section)
        assert ours.content == theirs.content
        for header in ("Content-Type", "Last-Modified", "X-Robots-Tag"):
            assert ours.get(header) == theirs.get(header)
