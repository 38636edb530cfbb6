"""Statements in bulk from a CSV file: all or nothing, every error by row and column,
re-import updates, and publishing only by someone who may publish."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from statements.models import Agency, Position, Statement
from tests import factories

COLUMNS = [
    "agency", "agency_kind", "agency_state", "speaker_name", "speaker_title",
    "headline", "issued_on", "kind", "summary", "source_name", "source_url",
    "orders", "topic", "stance", "mandate_view", "quote", "status",
]  # fmt: skip


def row(**values):
    base = {
        "agency": "International Association of Chiefs of Police",
        "headline": "Chiefs call 287(g) a local decision",
        "issued_on": "2017-01-30",
        "summary": "The association says joining is for each agency to decide.",
        "source_name": "Police1",
        "source_url": "https://www.police1.com/example",
        "orders": "EO 13768",
        "topic": "287g_agreements",
        "stance": "local_discretion",
        "mandate_view": "opposes_mandates",
    }
    return base | values


def write_csv(path, rows, columns=COLUMNS, bom=False):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8-sig" if bom else "utf-8"))
    return str(path)


def run(path, *args):
    out = io.StringIO()
    call_command("import_statements", path, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def orders(db):
    return {
        number: factories.OrderFactory(number=number, slug=f"eo-{number}")
        for number in ("13768", "13769", "14159")
    }


@pytest.fixture
def iacp(db):
    return factories.AgencyFactory(
        name="International Association of Chiefs of Police",
        short_name="IACP",
        slug="iacp",
        kind="association_chiefs",
        jurisdiction_level="national",
        state="",
    )


def test_rows_with_the_same_agency_date_and_headline_form_one_statement(
    tmp_path, orders, iacp
):
    path = write_csv(
        tmp_path / "s.csv",
        [
            row(orders="eo-13768", quote="an inherently local decision"),
            row(
                orders="EO 13769",
                topic="travel_entry",
                stance="informational",
                mandate_view="not_addressed",
            ),
        ],  # fmt: skip
        bom=True,
    )
    output = run(path)

    statement = Statement.objects.get()
    assert statement.agency == iacp
    assert statement.status == "draft" and statement.published_at is None
    assert statement.issued_on == datetime.date(2017, 1, 30)
    positions = {p.order.number: p for p in statement.positions.all()}
    assert positions["13768"].stance == "local_discretion"
    assert positions["13768"].quote == "an inherently local decision"
    assert positions["13769"].topic == "travel_entry"
    assert "1 statements created" in output


def test_month_and_year_dates_set_the_precision(tmp_path, orders, iacp):
    path = write_csv(
        tmp_path / "s.csv",
        [
            row(headline="Spring letter", issued_on="2017-03"),
            row(headline="Annual report", issued_on="2018", orders=""),
        ],
    )
    run(path)

    letter = Statement.objects.get(headline="Spring letter")
    assert (letter.issued_on, letter.issued_on_precision) == (
        datetime.date(2017, 3, 1),
        "month",
    )
    report = Statement.objects.get(headline="Annual report")
    assert report.issued_on_precision == "year"
    assert report.positions.get().order is None


def test_reimport_updates_and_never_duplicates(tmp_path, orders, iacp):
    path = write_csv(tmp_path / "s.csv", [row(), row(orders="EO 14159")])
    run(path)
    position = Position.objects.get(order=orders["13768"])
    position.note = "Coded from the full text."
    position.save()

    path = write_csv(
        tmp_path / "s.csv",
        [row(summary="A better summary.", quote="local decision")],
    )
    output = run(path)

    statement = Statement.objects.get()
    assert statement.summary == "A better summary."
    position = statement.positions.get()
    assert position.quote == "local decision"
    assert position.note == "Coded from the full text."
    assert "1 updated" in output
    assert "0 statements created, 0 updated, 1 unchanged" in run(path)


BAD_ROWS = [
    ({"issued_on": ""}, "row 2, issued_on: is empty."),
    ({"issued_on": "30/01/2017"}, "row 2, issued_on: “30/01/2017” is not a date"),
    ({"issued_on": "2017-02-30"}, "row 2, issued_on: “2017-02-30” is not a date"),
    ({"stance": "hates it"}, "row 2, stance: unknown value “hates it”"),
    ({"stance": ""}, "row 2, stance: is empty."),
    ({"orders": "EO 99999"}, "row 2, orders: unknown order “EO 99999”."),
    ({"source_url": "police1 dot com"}, "row 2, source_url: “police1 dot com” is not"),
    ({"topic": "weather"}, "row 2, topic: unknown value “weather”"),
    ({"mandate_view": "maybe"}, "row 2, mandate_view: unknown value “maybe”"),
    ({"kind": "tweet storm"}, "row 2, kind: unknown value “tweet storm”"),
    ({"status": "final"}, "row 2, status: unknown value “final”"),
    ({"headline": ""}, "row 2, headline: is empty."),
    ({"headline": "x" * 301}, "row 2, headline: longer than 300 characters."),
    ({"summary": ""}, "row 2, summary: is empty."),
    ({"agency": ""}, "row 2, agency: is empty."),
    ({"agency_state": "Narnia"}, "row 2, agency_state: unknown state “Narnia”."),
    ({"agency_kind": "wizards"}, "row 2, agency_kind: unknown kind “wizards”."),
    (
        {"agency": "Nowhere Sheriff's Office", "agency_state": "TX"},
        "row 2, agency: no agency “Nowhere Sheriff's Office” in TX; give agency_kind",
    ),
    (
        {"status": "published"},
        "row 2, status: Only editors can set a statement to “Published”",
    ),
]


@pytest.mark.parametrize(("values", "message"), BAD_ROWS)
def test_a_bad_row_stops_the_import_naming_row_and_column(
    tmp_path, orders, iacp, values, message
):
    path = write_csv(tmp_path / "s.csv", [row(**values), row(headline="Another one")])

    with pytest.raises(CommandError) as refusal:
        run(path)

    assert message in str(refusal.value)
    assert "Nothing was imported." in str(refusal.value)
    assert not Statement.objects.exists()


def test_every_error_is_listed_at_once(tmp_path, orders, iacp):
    path = write_csv(
        tmp_path / "s.csv",
        [row(stance="nope"), row(headline="B"), row(headline="C", issued_on="soon")],
    )
    with pytest.raises(CommandError) as refusal:
        run(path)
    message = str(refusal.value)
    assert "row 2, stance" in message and "row 4, issued_on" in message
    assert not Statement.objects.exists()


def test_rows_of_one_statement_must_agree_on_statement_columns(tmp_path, orders, iacp):
    path = write_csv(
        tmp_path / "s.csv", [row(), row(orders="EO 13769", summary="Different.")]
    )
    with pytest.raises(CommandError, match="row 3, summary: differs from row 2"):
        run(path)


def test_the_same_position_twice_is_refused(tmp_path, orders, iacp):
    path = write_csv(tmp_path / "s.csv", [row(), row(stance="opposes")])
    with pytest.raises(CommandError, match="row 3, orders: row 2 of the same"):
        run(path)


def test_skip_invalid_imports_whole_valid_statements_and_lists_the_rest(
    tmp_path, orders, iacp
):
    path = write_csv(
        tmp_path / "s.csv",
        [
            row(headline="Good one"),
            row(headline="Half bad"),
            row(headline="Half bad", orders="EO 13769", stance="??"),
            row(headline="Bad date", issued_on="later"),
        ],
    )
    output = run(path, "--skip-invalid")

    assert list(Statement.objects.values_list("headline", flat=True)) == ["Good one"]
    assert "row 4, stance: unknown value" in output
    assert "row 3: skipped because row 4 of the same statement is invalid" in output
    assert "row 5, issued_on" in output


def test_unknown_agency_is_created_from_its_kind_and_state(tmp_path, orders):
    path = write_csv(
        tmp_path / "s.csv",
        [
            row(
                agency="Example County Sheriff's Office",
                agency_kind="sheriff",
                agency_state="Texas",
            )
        ],
    )
    output = run(path, "--dry-run")
    assert "new agency: Example County Sheriff's Office (TX) (sheriff)" in output
    assert not Agency.objects.exists()

    run(path)
    agency = Agency.objects.get()
    assert (agency.kind, agency.state, agency.jurisdiction_level) == (
        "sheriff",
        "TX",
        "county",
    )
    assert agency.statements.count() == 1


def test_agency_found_by_short_name_or_variant_spelling(tmp_path, orders):
    sheriff = factories.AgencyFactory(
        name="Example County Sheriff's Office", slug="ex", state="FL"
    )
    path = write_csv(
        tmp_path / "s.csv",
        [row(agency="Example Co. Sheriffs Office", agency_state="FL")],
    )
    run(path)
    assert sheriff.statements.count() == 1


def test_an_editor_may_import_published_statements(tmp_path, orders, iacp, editor):
    path = write_csv(tmp_path / "s.csv", [row(status="published")])

    run(path, "--user", editor.username)

    statement = Statement.objects.published().get()
    assert statement.created_by == editor
    assert statement.published_at is not None


def test_a_contributor_may_not_publish_by_file(tmp_path, orders, iacp, contributor):
    path = write_csv(tmp_path / "s.csv", [row(status="published")])
    with pytest.raises(CommandError, match="Only editors"):
        run(path, "--user", contributor.username)
    assert not Statement.objects.exists()

    path = write_csv(tmp_path / "s.csv", [row(status="in_review")])
    run(path, "--user", contributor.username)
    assert Statement.objects.get().status == "in_review"


def test_a_published_statement_is_not_changed_without_an_editor(
    tmp_path, orders, iacp, editor
):
    path = write_csv(tmp_path / "s.csv", [row(status="published")])
    run(path, "--user", editor.username)

    path = write_csv(tmp_path / "s.csv", [row(summary="Sneaky rewrite.")])
    with pytest.raises(CommandError, match="only an editor may change it"):
        run(path)
    assert Statement.objects.get().summary != "Sneaky rewrite."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"agency,headline\n", "missing column “issued_on”"),
        (
            ",".join([*COLUMNS, "stnace"]).encode() + b"\n",
            "unknown column “stnace”",
        ),
        (",".join(COLUMNS).encode() + b"\n", "no statements"),
    ],
)
def test_files_that_are_not_statement_csvs_are_refused(tmp_path, db, content, message):
    path = tmp_path / "s.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(str(path))


def test_a_spreadsheet_is_refused_as_wrong_file_type(tmp_path, db):
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="not an Excel"):
        run(str(path))


def test_a_row_with_several_problems_lists_them_all(tmp_path, orders):
    """An unknown agency, a bad stance, a bad address and an unknown order on one
    row: all four are named, so the file is fixed in one pass."""
    path = write_csv(
        tmp_path / "s.csv",
        [
            row(
                agency="Nowhere Sheriff",
                agency_state="FL",
                stance="maybe",
                source_url="not an address",
                orders="EO 99999",
            )
        ],
    )
    with pytest.raises(CommandError) as refusal:
        run(path)
    message = str(refusal.value)
    for column in ("agency", "stance", "source_url", "orders"):
        assert f"row 2, {column}:" in message, column
    assert not Statement.objects.exists()
