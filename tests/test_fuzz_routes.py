"""Hostile query strings on every route of the site: never a server error.

Routes come from the URL configuration (tests/routes.py), filled with real slugs and
ids from the small sample site, so a route added later is fuzzed without anyone
listing it here. Hypothesis makes the query strings: the filters' own parameter
names and unknown ones, repeated; values with digits of other scripts (², ①, ٣),
numbers far beyond any integer type, NUL, thousands of characters, bytes that are
not UTF-8, and plain random text.
"""

import datetime
from urllib.parse import quote, quote_from_bytes

import django_filters
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statements import models
from tests import factories, routes
from tests.sample_site import build_site

# Per route. With the sweep below, about 2,000 requests for the whole file.
EXAMPLES = 25


def _filter_names(cls=django_filters.FilterSet):
    names = set(cls.base_filters) if cls is not django_filters.FilterSet else set()
    for subclass in cls.__subclasses__():
        names |= _filter_names(subclass)
    return names


# Every filter of every list, feed, export and API list, plus paging and switches.
# (Walking the routes first imports every view, hence every filter set.)
ROUTES = routes.all_routes()
PARAMETERS = sorted(
    _filter_names() | {"page", "page_size", "include_unpublished", "format", "o"}
)

NASTY = [
    "²",
    "①",
    "٣",
    "١٢",
    "１２",
    "Ⅻ",
    "-1",
    "0",
    "1e309",
    "NaN",
    "-inf",
    "9" * 400,
    "9" * 5000,
    "\x00",
    "a\x00b",
    "",
    " ",
    "\t\r\n",
    "2025-02-30",
    "0000-00-00",
    "99999-12-31",
    "2025-13-01",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "%%32%35",
    "eo-90002",
    "harbor-county-so",
    "supports",
    "FL",
]

# Values that sink a careless int(): every parameter gets each of them alone.
NUMBER_TRAPS = ["²", "9" * 5000]

values = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(NASTY),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6),
    st.text(max_size=40),
    st.integers(min_value=1_000, max_value=20_000).map(lambda n: "z" * n),
    st.dates().map(str),
)
names = st.one_of(
    st.sampled_from(PARAMETERS), st.sampled_from(PARAMETERS), st.text(max_size=12)
)


@st.composite
def query_strings(draw):
    """A raw query string: pairs encoded as UTF-8, or as arbitrary bytes, or a
    parameter with no value at all, joined by "&" (sometimes ";" or "&&")."""
    parts = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        name = quote(draw(names), safe="")
        shape = draw(st.sampled_from(["text", "bytes", "bare", "repeat"]))
        if shape == "bytes":
            parts.append(f"{name}={quote_from_bytes(draw(st.binary(max_size=16)))}")
        elif shape == "bare":
            parts.append(name)
        else:
            value = quote(draw(values), safe="")
            parts.append(f"{name}={value}")
            if shape == "repeat":
                parts.append(f"{name}={quote(draw(values), safe='')}")
    separator = draw(st.sampled_from(["&", "&", "&", ";", "&&"]))
    return separator.join(parts)


@pytest.fixture(scope="module")
def records(django_db_setup, django_db_blocker):
    """The sample site, built once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            site = build_site()
            editor = factories.UserFactory(username="fuzz-editor", groups=["Editors"])
            # Admin pages of the ICE list records need one of each to open.
            request = models.AgreementRequest.objects.create(
                agency=site.pine, model="task_force"
            )
            snapshot = models.ListSnapshot.objects.create(
                kind="participating",
                file_name="participatingAgencies07182025am.xlsx",
                listed_on=datetime.date(2025, 7, 18),
                sha256="0" * 64,
                members_recorded=True,
            )
            # ... and so do those of corrections, link checks, inquiries and the
            # sign-in throttle's records.
            now = timezone.now()
            models.Correction.objects.create(
                statement=site.mesa_sb,
                corrected_on=datetime.date(2025, 8, 1),
                text="An earlier version misdated the statement.",
                created_by=editor,
            )
            models.SourceCheck.objects.create(
                statement=site.mesa_sb,
                link="source",
                url="https://example.org/source",
                checked_at=now,
                status_code=200,
                ok=True,
            )
            models.Inquiry.objects.create(
                agency=site.pine,
                outcome="asked_no_statement",
                made_on=datetime.date(2025, 8, 1),
                recorded_by=editor,
            )
            AccessAttempt.objects.create(
                username="someone",
                ip_address="192.0.2.1",
                attempt_time=now,
                failures_since_start=1,
            )
            AccessLog.objects.create(
                username="someone", ip_address="192.0.2.1", attempt_time=now
            )
            AccessFailureLog.objects.create(
                username="someone", ip_address="192.0.2.1", attempt_time=now
            )
            yield {
                "agreementrequest": request,
                "listsnapshot": snapshot,
                "statement": site.mesa_sb,
                "agency": site.harbor,
                "order": site.eo_new,
                "agreement": site.harbor_tfm,
                "user": editor,
            }
            transaction.set_rollback(True)


def get(client, url):
    response = client.get(url)
    if response.streaming:
        # Downloads are written while they are sent: an error may come late.
        b"".join(response.streaming_content)
    return response


@pytest.mark.django_db
def test_every_route_can_be_filled(records):
    """A new route with a parameter this suite cannot fill fails here, by name."""
    for route in routes.all_routes():
        routes.fill(route, records)
    assert len(routes.public_routes()) >= 25


@pytest.mark.django_db
@pytest.mark.parametrize("route", routes.public_routes(), ids=lambda r: r.template)
def test_public_route_never_answers_a_server_error(route, records):
    url = routes.fill(route, records)
    client = Client()
    # The filled address is a real page (the catch-alls excepted), so the fuzzing
    # reaches the view rather than a 404.
    first = get(client, url).status_code
    assert first < 500 and (first != 404 or url.endswith("no-such-page/")), url

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(query=query_strings())
    def fuzz(query):
        response = get(client, f"{url}?{query}")
        assert response.status_code < 500, f"{url}?{query}"

    fuzz()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [route for route in routes.public_routes() if not route.parameters],
    ids=lambda r: r.template,
)
def test_each_parameter_alone_with_a_number_trap(route, records):
    """Random pairs rarely put the one value that breaks a parameter on that very
    parameter: the lists, feeds, exports and API lists get each pair once."""
    url = routes.fill(route, records)
    client = Client()
    for name in PARAMETERS:
        for value in NUMBER_TRAPS:
            query = f"{name}={quote(value)}"
            assert get(client, f"{url}?{query}").status_code < 500, f"{url}?{query}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", routes.login_routes(), ids=lambda r: r.template)
def test_staff_routes_send_anonymous_readers_away_without_an_error(route, records):
    url = routes.fill(route, records)
    client = Client()
    for query in [
        "",
        "page_size=%C2%B2&o=%E2%91%A0",
        "q=%00" + "9" * 5000,
        "e=1&_popup=1",
    ]:
        response = get(client, f"{url}?{query}")
        assert response.status_code in (301, 302, 403, 404), f"{url}?{query}"
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("route", routes.login_routes(), ids=lambda r: r.template)
def test_staff_routes_take_hostile_query_strings_from_an_editor(route, records):
    url = routes.fill(route, records)
    client = Client()
    client.force_login(records["user"])

    @settings(max_examples=5, deadline=None, database=None)
    @given(query=query_strings())
    def fuzz(query):
        response = get(client, f"{url}?{query}")
        assert response.status_code < 500, f"{url}?{query}"

    fuzz()


@pytest.mark.django_db
def test_api_page_size_that_int_refuses(client, records):
    for url in [
        "/api/statements/",
        "/api/agencies/",
        "/api/orders/",
        "/api/agreements/",
    ]:
        for value in ("²", "①", "9" * 5000):
            assert client.get(url, {"page_size": value}).status_code == 400
