"""The read-only JSON API: published data only, the list's filters, links between
records, JSON errors and CORS."""

import datetime

import pytest
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from statements import stances
from statements.filters import StatementFilter
from statements.models import Statement
from tests import factories
from tests.test_exports import FILTER_COMBINATIONS, corpus  # noqa: F401

HIDDEN = {"hidden-draft", "hidden-in-review", "hidden-withdrawn", "hidden-future"}


def all_slugs(client, url):
    """Slugs over every page of an API list, in order."""
    slugs = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        payload = response.json()
        slugs += [item["slug"] for item in payload["results"]]
        url = payload["next"]
    return slugs


@pytest.mark.parametrize("query", FILTER_COMBINATIONS)
def test_statement_filters_are_the_lists_filters(client, corpus, query):  # noqa: F811
    filterset = StatementFilter(
        QueryDict(query), queryset=Statement.objects.published(), staff=False
    )
    expected = [statement.slug for statement in filterset.qs]
    assert all_slugs(client, f"/api/statements/?{query}&page_size=2") == expected


def test_unpublished_statements_never_reach_the_api(client, corpus):  # noqa: F811
    staff = factories.UserFactory(username="api-staff", is_staff=True)
    for user in (None, staff):
        if user:
            client.force_login(user)
        for query in ("", "include_unpublished=1", "status=draft", "state=TX"):
            assert not set(all_slugs(client, f"/api/statements/?{query}")) & HIDDEN
        for slug in HIDDEN:
            response = client.get(f"/api/statements/{slug}/")
            assert response.status_code == 404
            assert "error" in response.json()
        client.logout()


def test_statement_links_to_its_agency_orders_and_page(
    client,
    corpus,  # noqa: F811
    settings,
):
    """Addresses are on the public site (DJANGO_SITE_URL), whatever Host the request
    came with."""
    settings.SITE_URL = "https://tracker.example.org"
    item = client.get("/api/statements/public-2/", headers={"host": "localhost"}).json()
    assert item["url"] == "https://tracker.example.org/api/statements/public-2/"
    assert item["page_url"] == "https://tracker.example.org/statements/public-2/"
    assert item["agency"]["slug"] == "iacp"
    assert item["agency"]["url"] == "https://tracker.example.org/api/agencies/iacp/"
    agency = client.get("/api/agencies/iacp/").json()
    assert agency["name"] == "International Association of Chiefs of Police"
    assert (
        agency["statements_url"]
        == "https://tracker.example.org/api/statements/?agency=iacp"
    )
    [position] = item["positions"]
    assert position["stance"] == "local_discretion"
    order = client.get(position["order"]["url"].split(settings.SITE_URL)[1]).json()
    assert order["slug"] == "eo-13768"
    assert order["label"] == "EO 13768"
    on_order = all_slugs(client, order["statements_url"].split(settings.SITE_URL)[1])
    assert "public-2" in on_order and not set(on_order) & HIDDEN


def test_lists_are_paginated(client, corpus):  # noqa: F811
    payload = client.get("/api/statements/?page_size=4").json()
    assert payload["count"] == 6
    assert len(payload["results"]) == 4
    assert payload["next"].endswith("page=2&page_size=4")
    assert client.get(payload["next"]).json()["previous"] is not None


def test_agencies_orders_and_agreements(client, corpus):  # noqa: F811
    agreement = factories.AgreementFactory(
        agency=factories.AgencyFactory(slug="polk-sheriff"), model="jail_enforcement"
    )
    agencies = client.get("/api/agencies/?state=TX&kind=sheriff").json()
    assert [a["slug"] for a in agencies["results"]] == ["harris-sheriff"]
    orders = client.get("/api/orders/").json()
    assert {o["slug"] for o in orders["results"]} == {"eo-13768", "eo-14159"}
    listing = client.get("/api/agreements/?model=jail_enforcement&state=FL").json()
    [item] = listing["results"]
    assert item["id"] == agreement.pk
    assert item["url"] == f"{settings.SITE_URL}/api/agreements/{agreement.pk}/"
    assert client.get(item["agency"]["url"]).json()["slug"] == "polk-sheriff"
    assert client.get("/api/agreements/?model=task_force").json()["count"] == 0


def test_cors_allows_any_site_to_read_the_api_only(client, corpus):  # noqa: F811
    response = client.get("/api/statements/", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    page = client.get(
        "/statements/export.csv", headers={"Origin": "https://example.org"}
    )
    assert "Access-Control-Allow-Origin" not in page


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/api/statements/?stance=furious", {"stance"}),
        (
            "/api/statements/?order=no-such-order&issued_after=soon",
            {"order", "issued_after"},
        ),
        ("/api/agreements/?model=handshake", {"model"}),
        ("/api/agencies/?kind=wizard", {"kind"}),
        # PostgreSQL refuses NUL characters in a query: refused before any query.
        ("/api/statements/?order=eo-13768%00&q=a%00b", {"order", "q"}),
        ("/api/orders/?jurisdiction=%00", {"jurisdiction"}),
    ],
)
def test_bad_filter_values_get_a_json_400(client, corpus, url, fields):  # noqa: F811
    response = client.get(url)
    assert response.status_code == 400
    payload = response.json()
    assert payload["error"].startswith("Invalid query parameters")
    assert set(payload["fields"]) == fields


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/statements/no-such-statement/", 404),
        ("get", "/api/nothing-here/", 404),
        ("get", "/api/statements/?page=99", 404),
        ("get", "/api/agreements/not-a-number/", 404),
        ("post", "/api/statements/", 405),
        ("delete", "/api/orders/eo-13768/", 405),
    ],
)
def test_errors_are_json_with_a_message(client, corpus, method, url, status):  # noqa: F811
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error
    # Words for a person, never Python's representation of an object.
    assert "ErrorDetail" not in error and "{" not in error and "code=" not in error


def test_a_missing_record_says_where_to_look(client, corpus):  # noqa: F811
    response = client.get("/api/statements/no-such-statement/")
    assert response.json() == {
        "error": "There is nothing at /api/statements/no-such-statement/. See "
        "/api/docs/ for the addresses the API answers."
    }


def test_the_agency_filter_includes_co_issued_statements(client, db):
    from tests.sample_site import build_site

    build_site()
    slugs = all_slugs(client, "/api/statements/?agency=lakeside-pd")
    assert sorted(slugs) == ["chiefs-guidance", "lakeside-will-not"]


def test_unknown_address_without_slash_ends_in_json_404(client, db):
    response = client.get("/api/nothing-here", follow=True)
    assert response.status_code == 404
    assert response.json()["error"]


def make_statements(count):
    orders = [factories.OrderFactory(number="1"), factories.OrderFactory(number="2")]
    when = timezone.now() - datetime.timedelta(hours=1)
    for n in range(count):
        statement = factories.StatementFactory(
            status="published", published_at=when, slug=f"many-{n}"
        )
        statement.co_issuers.add(factories.AgencyFactory())
        for order in orders:
            factories.PositionFactory(statement=statement, order=order)
        factories.AgreementFactory(agency=statement.agency)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # On PostgreSQL a list reads its page in two steps, its ids then its rows
        # (one query fewer on SQLite).
        # the record's version, count, the page's ids, its rows, co-issuers,
        # positions, and every order (the first time after a change only:
        # querysets.orders_for_cards)
        ("/api/statements/", 8),  # with the statements' corrections
        # The order named in the filter is checked against the orders already
        # read (filters.OrderChoiceField): no query of its own.
        ("/api/statements/?order=eo-1&stance=supports&state=FL", 8),
        ("/api/agencies/", 4),
        ("/api/orders/", 4),
        ("/api/agreements/", 4),
    ],
)
def test_api_lists_take_a_constant_number_of_queries(
    client, db, django_assert_max_num_queries, settings, url, queries
):
    settings.PAGE_CACHE = False  # measured as built afresh; +1 query for the version
    make_statements(30)
    stances.refresh_due()  # a running site knows when the next publication is due
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["count"] >= 2


def test_agencies_api_takes_the_agency_list_filters_and_shows_current_stance(
    client, db
):
    """One FilterSet for the agency list and the API: words against deeds included."""
    from tests.sample_site import build_site

    build_site()
    html = client.get("/agencies/?diverges=words_against_deeds")
    api = client.get("/api/agencies/?diverges=words_against_deeds").json()

    assert [agency["slug"] for agency in api["results"]] == ["lakeside-pd"]
    assert "lakeside-pd" in html.content.decode()
    assert api["results"][0]["current_stance"] == "opposes"
    assert api["results"][0]["current_mandate_view"] == "opposes_mandates"
    assert api["results"][0]["words_and_deeds"] == "words_against_deeds"
    by_stance = client.get("/api/agencies/?stance=local_discretion").json()
    found = {agency["slug"]: agency for agency in by_stance["results"]}
    assert sorted(found) == ["harbor-county-so", "national-chiefs-group"]
    # A local decision while holding agreements is consistent: nothing to note.
    assert found["harbor-county-so"]["words_and_deeds"] is None


def test_schema_generates_and_validates_without_warnings(tmp_path):
    """A warning means a parameter or field the docs describe wrongly."""
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    assert "/api/agencies/" in schema and "diverges" in schema


API_LISTS = ["/api/statements/", "/api/agencies/", "/api/orders/", "/api/agreements/"]


@pytest.mark.parametrize("url", API_LISTS)
@pytest.mark.parametrize(
    "page_size", ["²", "①", "٣", "１０", "1" * 5000, "-1", "0", "501", "2.5", " 2"]
)
def test_a_page_size_that_is_not_an_ascii_whole_number_is_a_400(
    client,
    db,
    url,
    page_size,
):
    response = client.get(url, {"page_size": page_size})
    assert response.status_code == 400
    assert response.json()["fields"]["page_size"] == ["A whole number from 1 to 500."]


@pytest.mark.parametrize("url", API_LISTS)
@pytest.mark.parametrize("page", ["²", "①", "1" * 5000, "-1"])
def test_a_page_that_is_not_a_page_number_is_a_404(client, db, url, page):
    response = client.get(url, {"page": page})
    assert response.status_code == 404
    assert "error" in response.json()


def test_records_are_written_as_drfs_own_serializers_write_them(
    client,
    corpus,  # noqa: F811
    monkeypatch,
    settings,
):
    """``ReadingSerializer`` takes a shorter path per record than DRF: every list
    of the API says byte for byte what DRF's own path says."""
    from rest_framework import serializers as drf

    settings.PAGE_CACHE = False  # each answer written anew

    from api.serializers import ReadingSerializer
    from statements.models import Correction

    statement = Statement.objects.published().filter(positions__order__isnull=False)
    Correction.objects.create(
        statement=statement.first(),
        text="A name was misspelled.",
        corrected_on=datetime.date(2025, 3, 1),
    )
    Correction.objects.create(
        statement=statement.first(),
        text="A date was wrong.",
        corrected_on=datetime.date(2025, 4, 1),
    )
    urls = [
        "/api/statements/",
        "/api/agencies/",
        "/api/orders/",
        "/api/agreements/",
        f"/api/statements/{statement.first().slug}/",
    ]
    shorter = [client.get(url) for url in urls]
    monkeypatch.setattr(
        ReadingSerializer, "to_representation", drf.Serializer.to_representation
    )
    drfs_own = [client.get(url) for url in urls]
    for url, ours, theirs in zip(urls, shorter, drfs_own, strict=True):
        assert ours.status_code == theirs.status_code == 200, url
        assert ours.content == theirs.content, url
    # There was something to write: positions with orders, and the correction.
    detail = shorter[-1].json()
    assert detail["positions"][0]["order"]["label"]
    assert [c["text"] for c in detail["corrections"]] == [
        "A date was wrong.",  # newest first
        "A name was misspelled.",
    ]
    assert detail["corrected_on"] == "2025-04-01"
    listed = {s["slug"]: s for s in shorter[0].json()["results"]}
    assert listed[detail["slug"]]["corrections"] == detail["corrections"]
    assert len(shorter[0].json()["results"]) >= 5
