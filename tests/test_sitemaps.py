"""The sitemap lists public statements, agencies, orders and the fixed pages."""

import re

import pytest

from tests.sample_site import build_site


@pytest.fixture
def site(db):
    return build_site()


def locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


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
    body = client.get("/sitemap.xml").content.decode()
    entry = re.search(
        r"<url><loc>[^<]+/statements/mesa-backs-act/</loc><lastmod>(\d{4}-\d\d-\d\d)",
        body,
    )
    assert entry
