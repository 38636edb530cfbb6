"""Atom feeds: the list feed takes the list's filters; order and agency feeds; bad
filter values get a 400 that says what is wrong."""

import datetime
import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from statements import changes
from tests import factories
from tests.sample_site import build_site


@pytest.fixture
def site(db):
    return build_site()


ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return root, [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")]


def test_latest_feed_lists_public_statements_newest_first(client, site):
    root, titles = entries(client.get("/statements/feed/"))
    assert len(titles) == 9
    assert titles[0] == "Mesa sheriff backs the cooperation act"
    assert root.find(f"{ATOM}title").text == "policytracker: latest statements"


def test_feed_takes_the_list_filters(client, site):
    root, titles = entries(
        client.get("/statements/feed/?order=eo-90002&stance=supports")
    )
    assert titles == ["Pine Ridge sheriff wants to join 287(g)"]
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"].endswith("/statements/?order=eo-90002&stance=supports")
    assert links["self"].endswith("/statements/feed/?order=eo-90002&stance=supports")


def test_feed_entry_carries_author_dates_and_categories(client, site):
    root, _ = entries(client.get("/statements/feed/?agency=mesa-county-so"))
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Mesa County Sheriff's Office"
    assert entry.find(f"{ATOM}link").get("href").endswith("/statements/mesa-backs-act/")
    terms = {c.get("term") for c in entry.findall(f"{ATOM}category")}
    assert {"Supports participation", "Texas SB 99", "EO 90002"} <= terms
    assert entry.find(f"{ATOM}published") is not None


def test_feed_with_a_bad_filter_is_a_clear_400(client, site):
    response = client.get("/statements/feed/?stance=bogus&issued_after=yesterday")
    assert response.status_code == 400
    body = response.content.decode()
    assert "stance:" in body and "bogus" in body
    assert "issued_after: Enter a valid date." in body


def test_order_feed(client, site):
    root, titles = entries(client.get("/orders/eo-90001/feed/"))
    assert titles == [
        "Harbor sheriff welcomes partnership order",
        "Chiefs group asks for clear guidance",
    ]
    assert root.find(f"{ATOM}title").text == "policytracker: statements on EO 90001"


def test_agency_feed_includes_co_issued_statements(client, site):
    _, titles = entries(client.get("/agencies/lakeside-pd/feed/"))
    assert titles == [
        "Lakeside chief will not enforce immigration law",
        "Chiefs group asks for clear guidance",
    ]


def test_unknown_order_or_agency_feed_is_404(client, site):
    assert client.get("/orders/nope/feed/").status_code == 404
    assert client.get("/agencies/nope/feed/").status_code == 404


def test_pages_announce_their_feeds(client, site):
    for url, feed in [
        ("/", "/statements/feed/"),
        ("/statements/?state=TX", "/statements/feed/?state=TX"),
        ("/orders/eo-90001/", "/orders/eo-90001/feed/"),
        ("/agencies/mesa-county-so/", "/agencies/mesa-county-so/feed/"),
    ]:
        body = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in body
        assert f'href="{feed}"' in body, url


def test_a_filtered_feed_says_what_it_is_filtered_by(client, site):
    root, _ = entries(client.get("/statements/feed/?order=eo-90002&stance=supports"))
    assert root.find(f"{ATOM}title").text == (
        "policytracker: statements (Order: EO 90002; Stance: Supports participation)"
    )


def test_feed_addresses_are_on_the_public_site_whatever_the_host(
    client, site, settings
):
    settings.SITE_URL = "https://tracker.example.org"
    root, _ = entries(
        client.get("/agencies/lakeside-pd/feed/", headers={"host": "localhost"})
    )
    hrefs = [link.get("href") for link in root.iter(f"{ATOM}link")]
    hrefs += [uri.text for uri in root.iter(f"{ATOM}uri")]
    hrefs += [entry_id.text for entry_id in root.iter(f"{ATOM}id")]
    assert hrefs
    assert all(h.startswith("https://tracker.example.org/") for h in hrefs), hrefs


class _Tags(HTMLParser):
    """The elements a feed reader would build from an HTML summary."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_markup_typed_into_a_summary_or_order_label_is_shown_not_run(client, db):
    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    order = factories.OrderFactory(number="90009", slug="eo-90009")
    # The label is derived from the order's number, so markup in it must be escaped too.
    order.number = "<b>9</b>"
    order.save()
    statement = factories.StatementFactory(
        status="published",
        published_at=timezone.now() - datetime.timedelta(hours=1),
        summary=f"Before {hostile} after.",
        agency=factories.AgencyFactory(name="Hostile <i>Sheriff</i>"),
    )
    factories.PositionFactory(statement=statement, order=order)
    changes.record_changed(statements=[statement])

    root, _ = entries(client.get("/statements/feed/"))
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    # The XML parser has undone the transport escaping: what is left is the HTML a
    # reader renders. It must hold only our paragraph tags, the markup as text.
    parser = _Tags()
    parser.feed(summary.text)
    assert set(parser.tags) <= {"p", "br"}
    assert html.unescape(summary.text).count(hostile) == 1
    assert "&lt;b&gt;9&lt;/b&gt;" in summary.text
