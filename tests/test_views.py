"""The public pages: what a reader sees on each, every filter of the statement list
(alone, combined and with bad values), staff previews, and pinned query counts."""

import datetime
import re

import pytest
from django import forms
from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from statements import changes, publishing, stances
from statements.filters import AgencyFilter, StatementFilter
from statements.models import Agreement, Order, Position, Statement
from tests import factories
from tests.sample_site import PAST, build_site, published


@pytest.fixture
def site(db):
    return build_site()


def text(response):
    return response.content.decode()


def headlines(response):
    return re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', text(response))


# Pages -------------------------------------------------------------------------


def test_home_shows_counts_latest_statements_orders_and_map(client, site):
    response = client.get("/")
    assert response.status_code == 200
    body = text(response)
    assert '<dt>Statements</dt><dd><a href="/statements/">9</a></dd>' in body
    assert "<dt>287(g) agreements on ICE's current list</dt>" in body
    # Five listed agreements (Harbor 2, Mesa 1, Quiet 1, Lakeside 1); Mesa's dropped
    # one is not counted.
    assert re.search(r"current list</dt><dd><a [^>]+>5</a>", body)
    assert "Harbor sheriff backs" not in body
    assert "Mesa sheriff backs the cooperation act" in body
    assert 'aria-label="Stances on EO 90002:' in body
    assert 'class="chart tile-map"' in body
    assert "Florida: 2 287(g) agreements on ICE&#x27;s current list (1 agency)" in body
    assert 'href="/agencies/?diverges=words_against_deeds"' in body


def test_statement_list_shows_count_and_newest_first(client, site):
    response = client.get("/statements/")
    assert response.status_code == 200
    assert "9 statements" in text(response)
    found = headlines(response)
    assert found[0] == "Mesa sheriff backs the cooperation act"
    assert found[-1] == "Chiefs group asks for clear guidance"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("order=eo-90001", {"harbor-welcomes", "chiefs-guidance"}),
        (
            "order=eo-90001&order=tx-sb-99",
            {"harbor-welcomes", "chiefs-guidance", "mesa-backs-act"},
        ),
        ("stance=opposes", {"lakeside-will-not"}),
        (
            "stance=supports&stance=opposes",
            {
                "harbor-welcomes",
                "mesa-backs-act",
                "lakeside-will-not",
                "pine-ridge-wants",
            },
        ),
        (
            "mandate_view=opposes_mandates",
            {"harbor-county-choice", "lakeside-will-not", "chiefs-guidance"},
        ),
        ("topic=mandates", {"mesa-backs-act"}),
        ("agency=harbor-county-so", {"harbor-welcomes", "harbor-county-choice"}),
        (
            "agency_kind=association_chiefs",
            {
                "chiefs-guidance",
                "chiefs-bulletin-0",
                "chiefs-bulletin-1",
                "chiefs-bulletin-2",
            },
        ),
        (
            "state=FL&state=CA",
            {"harbor-welcomes", "harbor-county-choice", "pine-ridge-wants"},
        ),
        (
            "issued_after=2025-03-01&issued_before=2025-06-01",
            {"harbor-county-choice", "pine-ridge-wants"},
        ),
        ("q=careful+rollout", {"chiefs-guidance"}),
        ("q=county+choice", {"harbor-county-choice"}),
        ("q=Mesa", {"mesa-backs-act"}),
        # Position filters hold on one position: Mesa supports the state law and
        # supports EO 90002 only with conditions, so it is not a plain supporter of it.
        ("order=eo-90002&stance=supports", {"pine-ridge-wants"}),
        ("order=eo-90002&stance=supports_with_conditions&state=TX", {"mesa-backs-act"}),
        (
            "order=eo-90001&stance=local_discretion&mandate_view=opposes_mandates",
            {"chiefs-guidance"},
        ),
        ("stance=opposes&state=FL", set()),
    ],
)
def test_statement_list_filters(client, site, query, expected):
    response = client.get(f"/statements/?{query}")
    assert response.status_code == 200
    slugs = set(
        re.findall(r'class="card-title"><a href="/statements/([^/]+)/"', text(response))
    )
    assert slugs == expected
    assert f"{len(expected)} statement" in text(response)


def test_sort_oldest_and_relevance(client, site):
    oldest = headlines(client.get("/statements/?sort=oldest"))
    assert oldest[0] == "Chiefs group asks for clear guidance"
    relevance = headlines(client.get("/statements/?q=harbor&sort=relevance"))
    assert set(relevance) == {
        "Harbor sheriff welcomes partnership order",
        "Harbor sheriff says joining is a county choice",
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("stance=bogus", "bogus is not one of the available choices"),
        ("issued_after=2025-13-45", "Enter a valid date"),
        ("order=no-such-order", "no-such-order is not one of the available choices"),
        ("state=ZZ", "ZZ is not one of the available choices"),
        ("agency=nobody", "Select a valid choice"),
        ("sort=sideways", "sideways is not one of the available choices"),
    ],
)
def test_invalid_filter_shows_the_error_and_no_results(client, site, query, message):
    response = client.get(f"/statements/?{query}")
    assert response.status_code == 200
    body = text(response)
    assert "Some filters could not be used" in body
    assert message in body
    assert headlines(response) == []
    assert "Clear filters" in body


def test_empty_result_offers_to_clear_filters(client, site):
    body = text(client.get("/statements/?stance=unclear"))
    assert "No statements match these filters." in body
    assert '<a href="/statements/">Clear filters</a>' in body


def test_form_keeps_its_values(client, site):
    body = text(
        client.get("/statements/?q=harbor&stance=supports&issued_after=2017-01-01")
    )
    assert 'name="q" value="harbor"' in body
    assert re.search(r'name="stance" value="supports"[^>]*checked', body)
    assert 'name="issued_after" value="2017-01-01"' in body


def test_every_filter_field_has_a_label(client, site):
    body = text(client.get("/statements/"))
    for field_id in re.findall(r'<(?:input|select)[^>]*id="(id_[a-z_0-9]+)"', body):
        assert f'for="{field_id}"' in body, field_id
    assert "Editorial status" not in body


def test_pagination_keeps_the_filters(client, db):
    agency = factories.AgencyFactory(slug="busy", state="TX")
    for n in range(55):
        published(agency=agency, slug=f"busy-{n}", headline=f"Busy {n}")
    factories.StatementFactory(
        status="published", published_at=PAST, slug="other-state"
    )
    response = client.get("/statements/?state=TX")
    body = text(response)
    assert "55 statements match your filters; showing 1–50." in body
    assert 'href="?state=TX&amp;page=2"' in body
    second = client.get("/statements/?state=TX&page=2")
    assert len(headlines(second)) == 5
    assert 'href="?state=TX&amp;page=1"' in text(second)
    # A page number out of range or not a number still lands on a page.
    assert client.get("/statements/?state=TX&page=999").status_code == 200
    assert client.get("/statements/?page=abc").status_code == 200


def test_pages_follow_one_another_in_order_without_gaps(client, db):
    """Every statement appears once across the pages, newest first, and no draft
    among them (on PostgreSQL each page is read as ids, then rows)."""
    agency = factories.AgencyFactory(slug="busy", state="TX")
    for n in range(60):
        published(
            agency=agency,
            slug=f"busy-{n}",
            headline=f"Busy {n:02d}",
            issued_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
        )
    factories.StatementFactory(agency=agency, headline="Busy draft")
    shown = headlines(client.get("/statements/")) + headlines(
        client.get("/statements/?page=2")
    )
    assert shown == [f"Busy {n:02d}" for n in reversed(range(60))]


def test_download_links_carry_the_same_query(client, site):
    body = text(client.get("/statements/?order=eo-90001&stance=supports&page=1"))
    assert 'href="/statements/export.csv?order=eo-90001&amp;stance=supports"' in body
    assert 'href="/statements/export.json?order=eo-90001&amp;stance=supports"' in body
    assert 'href="/statements/feed/?order=eo-90001&amp;stance=supports"' in body


def test_statement_page_shows_positions_sources_and_citation(client, site):
    site.chiefs_st.source_name = "Police1"
    site.chiefs_st.source_url = "https://www.police1.com/example"
    site.chiefs_st.archived_url = "https://web.archive.org/example"
    site.chiefs_st.speaker_name = "Pat Doe"
    site.chiefs_st.save()
    response = client.get("/statements/chiefs-guidance/")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Chiefs group asks for clear guidance</h1>" in body
    assert "Lakeside Police Department" in body  # co-issuer
    assert "Pat Doe" in body
    assert "Local decision" in body and "Opposes mandates" in body
    assert "Travel and entry" in body
    assert 'href="https://www.police1.com/example"' in body
    assert "Archived copy" in body
    assert "Cite this statement" in body
    assert 'value="http://127.0.0.1:8000/statements/chiefs-guidance/"' in body
    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/statements/chiefs-guidance/">'
        in body
    )
    assert (
        '<meta property="og:title" content="Chiefs group asks for clear guidance">'
        in body
    )
    assert '<meta name="twitter:card" content="summary">' in body
    assert 'href="/agencies/national-chiefs-group/feed/"' in body


def test_statement_page_has_schema_org_data(client, site):
    import json

    body = text(client.get("/statements/chiefs-guidance/"))
    raw = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', body, re.S
    ).group(1)
    data = json.loads(raw)
    assert data["@context"] == "https://schema.org"
    assert data["mainEntity"]["dateCreated"] == "2017-01-30"
    authors = [a["name"] for a in data["mainEntity"]["author"]]
    assert authors == ["National Chiefs Group", "Lakeside Police Department"]
    assert data["mainEntity"]["about"][0]["legislationIdentifier"] == "EO 90001"


def test_json_ld_cannot_close_its_script_element(client, site):
    site.chiefs_st.summary = "Ends here </script><script>alert(1)</script>"
    site.chiefs_st.save()
    body = text(client.get("/statements/chiefs-guidance/"))
    block = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', body, re.S
    ).group(1)
    assert "\\u003C/script\\u003E" in block


def test_unpublished_statement_page_is_404_for_readers(client, site):
    for hidden in site.hidden:
        # A withdrawn statement was public once: its address says it is gone.
        expected = 410 if hidden.status == "withdrawn" else 404
        assert client.get(f"/statements/{hidden.slug}/").status_code == expected


def test_staff_preview_a_draft_never_cached(client, site):
    client.force_login(factories.UserFactory(username="staffer"))
    response = client.get("/statements/zz-secret-draft/")
    assert response.status_code == 200
    assert "Preview." in text(response)
    assert "no-cache" in response["Cache-Control"]
    assert "application/ld+json" not in text(response)


def test_staff_list_shows_unpublished_work_marked_and_staff_filters(client, site):
    client.force_login(factories.UserFactory(username="staffer"))
    response = client.get("/statements/")
    body = text(response)
    assert "You are signed in as staff and see unpublished work too" in body
    assert "Zz secret draft headline" in body
    assert "Draft: not public" in body
    assert "Scheduled: public from" in body
    assert "Editorial status" in body and "Created by" in body
    assert "no-cache" in response["Cache-Control"]
    narrowed = text(client.get("/statements/?status=in_review"))
    assert "Zz secret review headline" in narrowed
    assert "Zz secret draft headline" not in narrowed


def test_signed_in_non_staff_user_is_a_reader(client, site):
    client.force_login(factories.UserFactory(username="reader", is_staff=False))
    body = text(client.get("/statements/?status=draft"))
    assert "Zz secret" not in body
    assert "Editorial status" not in body
    assert client.get("/statements/zz-secret-draft/").status_code == 404


def test_agency_list_shows_current_stance_and_agreements(client, site):
    body = text(client.get("/agencies/"))
    assert "6 agencies" in body
    row = re.search(
        r"Harbor County Sheriff&#x27;s Office</a></th>(.*?)</tr>", body, re.S
    ).group(1)
    assert (
        "Local decision" in row
        and "Task Force Model" in row
        and "Jail Enforcement Model" in row
    )
    quiet = re.search(r"Quiet Hollow Police</a></th>(.*?)</tr>", body, re.S).group(1)
    assert "No statement" in quiet  # its hidden statements do not give it a stance


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("diverges=words_against_deeds", {"Lakeside Police Department"}),
        ("diverges=support_without_agreement", {"Pine Ridge Sheriff&#x27;s Office"}),
        ("kind=association_chiefs", {"National Chiefs Group"}),
        ("state=TX", {"Mesa County Sheriff&#x27;s Office"}),
        ("model=warrant_service_officer", {"Mesa County Sheriff&#x27;s Office"}),
        (
            "model=task_force",
            {
                "Harbor County Sheriff&#x27;s Office",
                "Quiet Hollow Police",
                "Lakeside Police Department",
            },
        ),
        ("stance=opposes", {"Lakeside Police Department"}),
        ("name=ncg", {"National Chiefs Group"}),
        ("name=lakeside&stance=opposes&state=IL", {"Lakeside Police Department"}),
    ],
)
def test_agency_list_filters(client, site, query, expected):
    response = client.get(f"/agencies/?{query}")
    assert response.status_code == 200
    names = set(
        re.findall(
            r'<th scope="row"><a href="/agencies/[^"]+">([^<]+)</a>', text(response)
        )
    )
    assert names == expected


def test_agency_list_download_keeps_the_filters(client, site):
    body = text(client.get("/agencies/?state=TX&model=task_force&page=1"))
    assert 'href="/agencies/export.csv?state=TX&amp;model=task_force"' in body


def test_agency_list_invalid_filter(client, site):
    response = client.get("/agencies/?diverges=maybe&state=XX")
    assert response.status_code == 200
    assert "Some filters could not be used" in text(response)
    assert "<tbody>" not in text(response)


def test_agency_page_timeline_and_agreements(client, site):
    response = client.get("/agencies/harbor-county-so/")
    assert response.status_code == 200
    body = text(response)
    assert body.index("Harbor sheriff welcomes") < body.index(
        "Harbor sheriff says joining"
    )
    assert "Stance changed" not in body  # different orders, not a change of stance
    assert 'href="https://www.ice.gov/doclib/harbor-tfm.pdf"' in body
    assert 'href="/statements/export.csv?agency=harbor-county-so"' in body
    assert 'href="/agencies/harbor-county-so/feed/"' in body


def test_a_local_decision_beside_agreements_is_not_called_a_difference(client, site):
    """Harbor says joining is the county's choice and holds two agreements: its page
    shows its stance and its agreements, and no words-and-deeds note."""
    body = text(client.get("/agencies/harbor-county-so/"))
    assert "Stance on taking part: " in body and "Local decision" in body
    assert "Words beside deeds" not in body
    assert "Harbor County" not in text(
        client.get("/agencies/?diverges=words_against_deeds")
    )


def test_opposing_while_holding_an_agreement_shows_the_dated_evidence(client, site):
    """Lakeside said in February 2025 it would not take part; ICE lists a Task Force
    agreement it signed in May. The page says so in neutral words, with both dates in
    the order they happened."""
    body = text(client.get("/agencies/lakeside-pd/"))
    assert "<strong>Opposes taking part, yet holds an agreement.</strong>" in body
    assert (
        "opposes taking part. ICE&#x27;s current list shows one 287(g) agreement"
        in body
    )
    evidence = body[body.index('<ol class="evidence">') : body.index("</ol>")]
    said = evidence.index("Said:")
    signed = evidence.index("Signed: Task Force Model agreement")
    assert said < signed  # February before May
    assert "February 10, 2025" in evidence and "May 1, 2025" in evidence
    assert 'href="/statements/lakeside-will-not/"' in evidence
    assert "diverge" not in body.lower()


def test_agency_page_marks_a_change_of_stance(client, site):
    later = published(
        agency=site.lake,
        slug="lakeside-later",
        headline="Lakeside later",
        issued_on=datetime.date(2025, 8, 1),
    )
    factories.PositionFactory(statement=later, order=site.eo_new, stance="supports")
    publishing.publish(later, factories.UserFactory(groups=["Editors"]))
    body = text(client.get("/agencies/lakeside-pd/"))
    assert (
        "Stance changed</strong> on EO 90002: from Opposes participation to Supports "
        "participation." in body
    )
    # Now it supports, and holds an agreement: nothing to note any more, on the page
    # or in the agency filter.
    assert "Words beside deeds" not in body
    listed = text(client.get("/agencies/?diverges=words_against_deeds"))
    assert "Lakeside" not in listed


def test_support_without_an_agreement_is_shown_as_a_fact(client, site):
    body = text(client.get("/agencies/pine-ridge-so/"))
    assert (
        "<strong>Supports taking part; no agreement on ICE&#x27;s list.</strong>"
        in body
    )
    assert "shows no 287(g) agreement for it" in body
    assert "This is a fact, not a contradiction" in body
    mesa = text(client.get("/agencies/mesa-county-so/"))
    assert "No longer listed" in mesa
    assert "Words beside deeds" not in mesa


def test_agency_page_lists_co_issued_statements(client, site):
    body = text(client.get("/agencies/lakeside-pd/"))
    assert "Chiefs group asks for clear guidance" in body
    assert "issued by" in body


def test_order_pages_facts_lineage_breakdown(client, site):
    response = client.get("/orders/eo-90001/")
    assert response.status_code == 200
    body = text(response)
    assert "Revoked or replaced by" in body and 'href="/orders/eo-90002/"' in body
    new = text(client.get("/orders/eo-90002/"))
    assert "Revokes or replaces" in new and 'href="/orders/eo-90001/"' in new
    assert "Lineage" in new
    assert (
        'aria-label="Stances on EO 90002: Supports participation: 1, Supports, with conditions: 1, Local decision: 1, Opposes participation: 1, No position: 3"'
        in new
    )
    assert "7 statements" in new
    assert 'href="/statements/export.csv?order=eo-90002"' in new
    assert 'href="/orders/eo-90002/feed/"' in new


def test_order_list(client, site):
    body = text(client.get("/orders/"))
    assert "Texas SB 99" in body
    assert 'href="/statements/?order=eo-90001">2 statements</a>' in body


def test_about_codebook_gives_every_value_a_meaning(client, db):
    from statements.choices import CODEBOOK

    body = text(client.get("/about/"))
    for anchor, _title, choices in CODEBOOK:
        assert f'id="{anchor}"' in body
        for value, _label, description in choices.described():
            assert description, f"{choices.__name__}.{value} has no meaning"
            assert f"<code>{value}</code>" in body
            assert description.replace("'", "&#x27;") in body
    assert "<td>—</td>" not in body


def test_about_explains_words_beside_deeds_with_an_example(client, db):
    body = text(client.get("/about/"))
    assert 'id="words-and-deeds"' in body
    assert "is not opposition" in body
    assert "An example." in body


def test_agency_page_writes_the_county_once(client, db):
    factories.AgencyFactory(slug="alachua-so", county="Alachua County")
    factories.AgencyFactory(
        slug="beauregard-so", county="Beauregard Parish", state="LA"
    )
    assert "Alachua County County" not in text(client.get("/agencies/alachua-so/"))
    assert "· Alachua County" in text(client.get("/agencies/alachua-so/"))
    assert "Beauregard Parish County" not in text(
        client.get("/agencies/beauregard-so/")
    )


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text(response)
    assert "Disallow: /admin/" in text(response)


def test_healthz_answers_when_the_database_does(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_healthz_503_when_the_database_cannot_be_reached(client, db, tmp_path):
    """A real connection to a database file that cannot be opened, not a mock."""
    from django.db import connections
    from django.db.utils import load_backend

    original = connections["default"]
    if original.vendor == "sqlite":
        unreachable = {"NAME": str(tmp_path / "missing" / "db.sqlite3")}
    else:
        # Nothing listens on port 1 of the loopback: the connection is refused.
        unreachable = {"HOST": "127.0.0.1", "PORT": "1", "NAME": "unreachable"}
    broken_settings = {**original.settings_dict, **unreachable}
    broken = load_backend(broken_settings["ENGINE"]).DatabaseWrapper(
        broken_settings, "default"
    )
    connections["default"] = broken
    try:
        response = client.get("/healthz")
    finally:
        broken.close()
        connections["default"] = original
    assert response.status_code == 503
    assert "database unavailable: OperationalError" in text(response)


def test_404_page_in_the_site_style(client, db):
    response = client.get("/agencies/no-such-agency/")
    assert response.status_code == 404
    assert "We could not find that page" in text(response)
    assert 'href="/static/css/site.css"' in text(response)


def broken_view(request):
    raise RuntimeError("a bug, for the 500 page test")


def driver_error_view(request):
    """The database driver's own error, as some driver calls raise it unwrapped by
    Django (closing a server-side cursor whose connection was cut): a real failed
    connection, not a made-up exception."""
    database = connection
    if database.vendor == "sqlite":
        database.Database.connect("file:/no/such/dir/db.sqlite3?mode=ro", uri=True)
    else:
        # Nothing listens on port 1 of the loopback: the connection is refused.
        database.Database.connect(host="127.0.0.1", port=1, dbname="unreachable")
    raise AssertionError("the connection should have failed")


# Used by the 500 and 503 page tests through @pytest.mark.urls: the site's own
# addresses plus two that fail.
urlpatterns = [
    path("broken/", broken_view),
    path("driver-error/", driver_error_view),
    path("api/driver-error/", driver_error_view),
    path("", include("policytracker.urls")),
]
handler500 = "statements.views.errors.server_error"  # as in policytracker/urls.py


@pytest.mark.urls("tests.test_views")
def test_500_page_in_the_site_style(db):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    body = text(response)
    assert "Something went wrong on our side" in body
    assert 'href="/static/css/site.css"' in body
    assert "RuntimeError" not in body


@pytest.mark.urls("tests.test_views")
def test_the_drivers_own_connection_error_gives_the_503_not_a_500(db):
    client = Client(raise_request_exception=False)
    response = client.get("/driver-error/")
    assert response.status_code == 503
    assert "The site is back in a moment" in text(response)
    assert response["Retry-After"] == "30"
    response = client.get("/api/driver-error/")
    assert response.status_code == 503
    assert "The database is unavailable" in response.json()["error"]


# Query counts: a constant number whatever the rows ----------------------------


def add_rows(site, start, count):
    """``count`` more agencies, each with an agreement and a published statement
    co-issued with Lakeside and taking two positions."""
    for n in range(start, start + count):
        agency = factories.AgencyFactory(slug=f"bulk-{n}", state="GA")
        factories.AgreementFactory(agency=agency, model="task_force")
        statement = published(agency=agency, slug=f"bulk-st-{n}")
        statement.co_issuers.add(site.lake)
        factories.PositionFactory(
            statement=statement, order=site.eo_new, stance="opposes"
        )
        factories.PositionFactory(statement=statement, order=site.sb, stance="supports")
    changes.rebuild_derived()  # written directly: derive what the writers would have
    # As on a running site, the time of the next scheduled publication is known
    # (cached): pages are measured in that steady state.
    stances.refresh_due()


@pytest.fixture
def many(site):
    """More rows of every kind, so that a query per row would show."""
    add_rows(site, 0, 12)
    return site


@pytest.mark.parametrize(
    ("url", "limit", "shown"),
    [
        # On PostgreSQL a paginated list reads its page in two steps, the ids then
        # the rows (one query fewer on SQLite).
        # The home page's coverage figures: three grouped counts (per state, the
        # agreements per state, per model), once per version of the record.
        # Measured on an empty cache: pages with positions read every order once
        # per version (querysets.orders_for_cards), one query fewer after that;
        # the statement list's order filter takes them from there too.
        ("/", 18, "Sheriff comments on order"),
        ("/statements/", 7, "Sheriff comments on order"),
        # The orders a reader chose are checked against the orders already read
        # (filters.OrderChoiceField): no query of their own.
        (
            "/statements/?order=eo-90002&stance=opposes&state=GA&q=example",
            7,
            "12 statements",
        ),
        # One more for its corrections.
        ("/statements/chiefs-guidance/", 7, "Chiefs group bulletin 2"),
        ("/agencies/", 5, "Example County Sheriff"),
        ("/agencies/?model=task_force&state=GA", 5, "12 agencies"),
        # Ten, and the inquiries we recorded against the agency.
        ("/agencies/harbor-county-so/", 12, "Jail Enforcement Model"),
        ("/agencies/lakeside-pd/", 12, "Sheriff comments on order"),
        ("/coverage/", 3, "agencies holding a 287(g) agreement"),
        ("/coverage/not-heard/", 6, "Agreement holders we have not heard from"),
        ("/orders/", 4, "19 statements"),
        ("/orders/eo-90002/", 10, "Sheriff comments on order"),
        ("/statements/feed/?order=eo-90002", 6, "Sheriff comments on order"),
        ("/orders/eo-90002/feed/", 6, "Sheriff comments on order"),
        ("/agencies/lakeside-pd/feed/", 6, "Sheriff comments on order"),
        ("/sitemap.xml", 4, "/sitemap-statements.xml"),
        # The count (kept per version), the page's ids, then its rows.
        ("/sitemap-statements.xml", 4, "/statements/bulk-st-11/"),
    ],
)
def test_query_counts_are_constant(
    client, many, django_assert_max_num_queries, settings, url, limit, shown
):
    """Each page, built afresh (page cache off), runs a fixed number of queries
    however many rows it shows; one of them reads the record's version."""
    settings.PAGE_CACHE = False
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    assert shown in text(response)


def test_orders_are_read_once_per_version_and_again_after_a_change(
    client, many, settings
):
    """Cards and the order filter take the orders from a copy kept per version of
    the record: no page reads them again until something changes, and the change
    shows on the next page at once."""
    settings.PAGE_CACHE = False
    order_table = Order._meta.db_table

    def order_queries(url):
        with CaptureQueriesContext(connection) as queries:
            body = text(client.get(url))
        return sum(order_table in q["sql"] for q in queries.captured_queries), body

    read, body = order_queries("/statements/")
    assert read == 1 and "EO 90002" in body
    for url in ("/statements/", "/agencies/lakeside-pd/", "/api/statements/"):
        assert order_queries(url)[0] == 0, url
    many.eo_new.number = "90999"
    many.eo_new.save()  # any change moves the version on
    read, body = order_queries("/statements/")
    assert read == 1
    assert "EO 90999" in body and "EO 90002" not in body
    # A position on an order the kept copy does not have (written without moving
    # the version, as a write racing the page would be) still shows its order.
    (newer,) = Order.objects.bulk_create(
        [Order(kind="executive_order", number="91000", slug="eo-91000", title="New")]
    )
    Position.objects.bulk_create(
        [
            Position(
                statement=Statement.objects.get(slug="bulk-st-11"),
                order=newer,
                stance="opposes",
            )
        ]
    )
    read, body = order_queries("/statements/")
    assert read == 1 and "EO 91000" in body


def test_query_counts_are_the_same_at_two_sizes(client, many, settings):
    """Pinned at two sizes: five times the rows, not one query more on any page."""
    settings.PAGE_CACHE = False
    paths = [
        "/",
        "/statements/",
        "/statements/?order=eo-90002&stance=opposes&state=GA&q=example",
        "/agencies/",
        "/agencies/?model=task_force&state=GA",
        "/agencies/lakeside-pd/",
        "/orders/",
        "/orders/eo-90002/",
        "/statements/feed/?order=eo-90002",
        "/statements/export.csv?order=eo-90002",
        "/api/statements/?order=eo-90002",
        "/sitemap.xml",
    ]

    def counts():
        found = {}
        for address in paths:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(address)
                if response.streaming:
                    b"".join(response.streaming_content)
            assert response.status_code == 200, address
            found[address] = len(queries)
        return found

    at_twelve = counts()
    add_rows(many, 12, 48)
    at_sixty = counts()
    assert at_sixty == at_twelve


def test_staff_list_query_count(client, many, django_assert_max_num_queries):
    client.force_login(factories.UserFactory(username="staffer"))
    with django_assert_max_num_queries(10):
        response = client.get("/statements/?status=draft&status=published")
    assert response.status_code == 200


def test_statement_count_matches_published(site):
    assert Statement.objects.published().count() == site.public_count
    assert Agreement.objects.currently_listed().count() == 5


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "+".join(f"w{i}" for i in range(100)) + "&sort=relevance",
        "q=" + "+".join(f"w{i}" for i in range(10)) + "&sort=relevance",
        "q=" + "x" * 5000,
        "q=a%00b",
        "order=%00",
        "issued_after=0000-00-00",
        "issued_after=99999-01-01",
        "page=-1",
        "page=1e9",
        "stance=" + "&stance=".join(["supports"] * 500),
        "agency=%F0%9F%98%80",
        "state=fl",
        "sort=relevance",
        "diverges=%27%3B+drop+table",
        "model=task_force&model=nonsense",
    ],
)
def test_odd_query_strings_never_give_a_server_error(client, site, query):
    for address in ("/statements/", "/statements/feed/", "/agencies/"):
        response = client.get(f"{address}?{query}")
        assert response.status_code in (200, 400), (address, query)


def test_long_search_is_refused_with_a_message(client, site):
    words = "+".join(f"w{i}" for i in range(11))
    body = text(client.get(f"/statements/?q={words}"))
    assert "Search for at most 10 words" in body


def test_staff_download_links_offer_unpublished_work_and_readers_get_none(client, site):
    reader_body = text(client.get("/statements/?sort=oldest"))
    assert "include_unpublished" not in reader_body

    client.force_login(factories.UserFactory(username="staffer"))
    body = text(client.get("/statements/?sort=oldest"))
    link = re.search(r'href="([^"]*export\.csv[^"]*include_unpublished=1)"', body)
    assert link, "staff see a download of the list with its unpublished work"
    export = client.get(link.group(1).replace("&amp;", "&"))
    exported = b"".join(export.streaming_content).decode()
    assert "Zz secret draft headline" in exported


def test_stance_breakdown_counts_statements_not_positions(client, db):
    """One statement with two positions of the same stance on one order (say, on
    287(g) and on detainers) is one statement in the order's breakdown."""
    order = factories.OrderFactory(number="13768", slug="eo-13768")
    statement = published(headline="Two topics, one stance")
    factories.PositionFactory(statement=statement, order=order, stance="opposes")
    factories.PositionFactory(
        statement=statement, order=order, stance="opposes", topic="detainers"
    )

    page = text(client.get("/orders/eo-13768/"))
    assert 'aria-label="Stances on EO 13768: Opposes participation: 1"' in page
    listing = text(client.get("/orders/"))
    assert 'aria-label="Stances on EO 13768: Opposes participation: 1"' in listing


@pytest.mark.parametrize(
    "path", ["/statements/", "/agencies/", "/orders/", "/agencies/harbor-county-so/"]
)
@pytest.mark.parametrize("page", ["²", "①", "٣", "1" * 5000, "-1", "0"])
def test_a_page_number_in_other_digits_lands_on_a_page(client, db, path, page):
    build_site()
    # Stale or odd page numbers land on the nearest page rather than an error.
    assert client.get(path, {"page": page}).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/", "/statements/", "/api/statements/", "/statements/feed/", "/admin/login/"],
)
def test_every_response_refuses_the_browser_features_the_site_never_uses(
    client, site, path
):
    for _ in range(2):  # built, then from the page cache
        policy = client.get(path)["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=sheriff&issued_after=2025-01-02&issued_before=2025-12-31",
        'q="><script>alert(1)</script>%26amp;&issued_after=soon',
        "q=" + "word+" * 12,
        "issued_after=2025-02-30&issued_before=%27%22",
    ],
)
def test_filter_inputs_are_written_as_djangos_own_widgets_write_them(site, query):
    """The search and date fields of the filter forms are written by
    ``tracker._input``, not by Django's templates: the same markup, for values a
    reader typed, errors and all."""
    from statements.templatetags.tracker import _input

    for filterset in (
        StatementFilter(QueryDict(query), queryset=Statement.objects.all()),
        AgencyFilter(QueryDict(query.replace("q=", "name=")), queryset=None),
    ):
        form = filterset.form
        form.is_valid()
        inputs = [
            form[name]
            for name, field in form.fields.items()
            if isinstance(field.widget, forms.widgets.Input)
        ]
        assert inputs
        for field in inputs:
            attrs = {"aria-describedby": f"{field.auto_id}_error"}
            for given in (None, attrs):
                assert _input(field, given) == field.as_widget(attrs=given)
