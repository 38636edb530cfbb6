"""Importing ICE's 287(g) lists exactly as ICE publishes them (the real files in
data/ice-287g/ in the repository), and refusing what is not one."""

import csv
import datetime
import hashlib
import io
import time
from collections import Counter

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from statements.choices import US_STATES
from statements.importers import import_ice_list
from statements.models import (
    Agency,
    AgencyAlias,
    Agreement,
    AgreementRequest,
    ListSnapshot,
)
from statements.normalize import normalize_agency_name
from tests import factories
from tests.shipped_data import ICE_DIR, JULY, JUNE, MAY, PENDING, ice_file

STATE_NAMES = {name.upper(): code for code, name in US_STATES.items()}


def import_file(name, **options):
    path = ice_file(name)
    return import_ice_list(path.read_bytes(), path.name, **options)


def rows_in_file(name):
    """The file's agency rows, read here with openpyxl alone, as dicts by heading."""
    sheet = openpyxl.load_workbook(ice_file(name)).active
    rows = sheet.iter_rows(values_only=True)
    headings = [str(h).strip() if h else None for h in next(rows)]
    return [
        dict(zip(headings, values, strict=False))
        for values in rows
        if any(v is not None and str(v).strip() for v in values)
    ]


def counts_from_file(name):
    per_state, per_model = Counter(), Counter()
    for row in rows_in_file(name):
        per_state[STATE_NAMES[row["STATE"].strip()]] += 1
        per_model[row["SUPPORT TYPE"].strip()] += 1
    return per_state, per_model


def counts_in_database():
    listed = Agreement.objects.currently_listed()
    per_state = {row["state"]: row["total"] for row in listed.counts_by_state()}
    labels = dict(Agreement._meta.get_field("model").choices)
    per_model = {labels[m]: n for m, n in listed.counts_by_model().items()}
    return Counter(per_state), Counter(per_model)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [MAY, JUNE, JULY])
def test_each_participating_list_imports_with_the_counts_ice_published(name):
    report = import_file(name)

    assert counts_in_database() == counts_from_file(name)
    assert report.rows_read == len(rows_in_file(name))
    assert Agreement.objects.count() == report.rows_read
    snapshot = ListSnapshot.objects.get()
    assert (snapshot.kind, snapshot.file_name, snapshot.rows_read) == (
        "participating",
        name,
        report.rows_read,
    )
    assert len(snapshot.sha256) == 64


@pytest.mark.django_db
def test_july_list_matches_the_published_totals():
    """ICE's list of 18 July 2025: 832 agreements in 40 states (TFM 415, WSO 300,
    JEM 117), as reported at the time."""
    import_file(JULY)

    per_state, per_model = counts_in_database()
    assert sum(per_state.values()) == 832
    assert len(per_state) == 40
    assert per_model == {
        "Task Force Model": 415,
        "Warrant Service Officer": 300,
        "Jail Enforcement Model": 117,
    }
    assert ListSnapshot.objects.get().listed_on == datetime.date(2025, 7, 18)


@pytest.mark.django_db
def test_pending_list_becomes_requests_not_agreements():
    import_file(PENDING)

    rows = rows_in_file(PENDING)
    assert AgreementRequest.objects.filter(status="pending").count() == len(rows)
    assert not Agreement.objects.exists()
    assert ListSnapshot.objects.get().kind == "pending"
    florida = sum(1 for row in rows if row["STATE"] == "FLORIDA")
    assert AgreementRequest.objects.filter(agency__state="FL").count() == florida


@pytest.mark.django_db
def test_agencies_match_by_normalised_name_and_two_letter_state():
    """An agency typed by hand as “Colbert Co. Sheriffs Office”, AL, is ICE's
    “Colbert County Sheriff's Office”, ALABAMA."""
    by_hand = factories.AgencyFactory(
        name="Colbert Co. Sheriffs Office", slug="colbert", state="AL"
    )
    import_file(JULY)

    in_file = [
        row
        for row in rows_in_file(JULY)
        if row["LAW ENFORCEMENT AGENCY"] == "Colbert County Sheriff's Office"
    ]
    assert by_hand.agreements.count() == len(in_file) >= 2
    assert not Agency.objects.filter(name__icontains="Colbert County Sheriff").exists()


@pytest.mark.django_db
def test_new_agencies_get_a_kind_from_type_and_name_and_unique_slugs():
    import_file(JULY)

    def kind(name, state):
        return Agency.objects.get(name=name, state=state).kind

    assert kind("Colbert County Sheriff's Office", "AL") == "sheriff"
    assert kind("Tampa Police Department", "FL") == "municipal_police"
    assert kind("Florida Department of Corrections", "FL") == "state_agency"
    assert kind("Idaho State Police Department", "ID") == "state_police"
    assert kind("Nassau County Police Department", "NY") == "county_police"
    assert kind("University of Florida Police Department", "FL") == "campus_police"
    # Same name in two states: two agencies, two addresses.
    holly_hill = Agency.objects.filter(name="Holly Hill Police Department")
    assert sorted(holly_hill.values_list("state", flat=True)) == ["FL", "SC"]
    assert len(set(Agency.objects.values_list("slug", flat=True))) == (
        Agency.objects.count()
    )


def final_state():
    """Everything a reader or editor could see of the imported lists."""
    agreements = sorted(
        (
            a.agency.state,
            normalize_agency_name(a.agency.name),
            a.model,
            a.signed_on,
            a.signed_text,
            a.status,
            a.first_listed_on,
            a.last_listed_on,
            a.moa_url,
            a.addendum_url,
            a.ice_agency_name,
            a.ice_county,
        )
        for a in Agreement.objects.select_related("agency")
    )
    requests = sorted(
        (r.agency.state, normalize_agency_name(r.agency.name), r.model, r.status)
        for r in AgreementRequest.objects.select_related("agency")
    )
    agencies = sorted(
        (a.state, normalize_agency_name(a.name), a.kind) for a in Agency.objects.all()
    )
    return agreements, requests, agencies


@pytest.mark.django_db
def test_lists_in_either_order_give_the_same_result():
    """Importing an older list after a newer one never undoes the newer state."""
    for name in (MAY, JUNE, PENDING, JULY):
        import_file(name)
    in_date_order = final_state()

    for model in (Agreement, AgreementRequest, ListSnapshot, Agency):
        model.objects.all().delete()
    for name in (JULY, PENDING, JUNE, MAY):
        import_file(name)
    in_reverse_order = final_state()

    assert in_reverse_order == in_date_order
    assert counts_in_database() == counts_from_file(JULY)


@pytest.mark.django_db
def test_agreements_dropped_from_a_newer_list_are_kept_as_no_longer_listed():
    import_file(MAY)
    report = import_file(JULY)

    def key(row):
        return (
            STATE_NAMES[row["STATE"].strip()],
            normalize_agency_name(row["LAW ENFORCEMENT AGENCY"]),
            row["SUPPORT TYPE"].strip(),
            row["SIGNED"],
        )

    dropped = {key(r) for r in rows_in_file(MAY)} - {key(r) for r in rows_in_file(JULY)}
    gone = Agreement.objects.filter(status="no_longer_listed")
    assert gone.count() == len(dropped) == len(report.marked_no_longer_listed) > 0
    assert all(a.last_listed_on == datetime.date(2025, 5, 16) for a in gone)
    kept = Agreement.objects.filter(status="listed")
    assert all(a.first_listed_on <= a.last_listed_on for a in kept)
    assert kept.filter(first_listed_on=datetime.date(2025, 5, 16)).exists()


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(django_assert_max_num_queries):
    import_file(JULY)
    before = final_state(), ListSnapshot.objects.count()

    with django_assert_max_num_queries(1):
        report = import_file(JULY)

    assert report.already_imported is not None
    assert (final_state(), ListSnapshot.objects.count()) == before


@pytest.mark.django_db
def test_malformed_signed_values_are_kept_as_text_with_a_warning_naming_the_row():
    report = import_file(JULY)

    unread = Agreement.objects.filter(signed_on__isnull=True)
    assert sorted(unread.values_list("signed_text", flat=True)) == [
        "05/082025",
        "5025-07-07",
        "7/72025",
    ]
    warned_rows = {w.split(":")[0] for w in report.warnings if "SIGNED" in w}
    assert warned_rows == {"row 639", "row 775", "row 785"}


@pytest.mark.django_db
def test_moa_links_are_kept_and_link_pending_means_none():
    import_file(JULY)
    rows = rows_in_file(JULY)
    pending = sum(1 for row in rows if "pending" in str(row["MOA"]).lower())

    assert Agreement.objects.filter(moa_url="").count() == pending
    linked = Agreement.objects.exclude(moa_url="")
    hosts = {url.split("/")[2] for url in linked.values_list("moa_url", flat=True)}
    assert hosts == {"www.ice.gov"}
    # ICE's Outlook "safe links" wrapper is removed; the document's address is kept.
    colbert = Agreement.objects.get(
        agency__name="Colbert County Sheriff's Office", model="warrant_service_officer"
    )
    assert colbert.moa_url.endswith("ColbertCoSheriffsOfficeAL_WSO_MOA_05.08.25.pdf")
    addenda = sum(1 for row in rows if row.get("ADDENDUM"))
    assert Agreement.objects.exclude(addendum_url="").count() == addenda


def write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


HEADINGS = ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE"]


@pytest.mark.django_db
def test_command_refuses_a_list_missing_a_column_and_writes_nothing(tmp_path):
    path = write_xlsx(
        tmp_path / "participatingAgencies08012025am.xlsx",
        [
            [*HEADINGS, "SIGNED"],
            ["TEXAS", "Example Sheriff's Office", "County", "Example", "JEM", 45800],
        ],
    )
    with pytest.raises(CommandError, match="lacks the column\\(s\\) MOA"):
        call_command("import_agreements", str(path))
    assert not ListSnapshot.objects.exists() and not Agency.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file_name", "content", "message"),
    [
        ("participatingAgencies08012025am.xlsx", b"", "is empty"),
        ("participatingAgencies08012025am.csv", b"\xef\xbb\xbf", "is empty"),
        (
            "participatingAgencies08012025am.xlsx",
            b"%PDF-1.7 not a sheet",
            "not an Excel",
        ),
        ("participatingAgencies08012025am.xlsx", b"\xd0\xcf\x11\xe0rest", "old-style"),
        ("participatingAgencies08012025am.pdf", b"%PDF-1.7", "not a spreadsheet"),
        ("participatingAgencies08012025am.csv", b"PK\x03\x04zip", "not a text CSV"),
        ("participatingAgencies08012025am.csv", b"name,age\nBob,4\n", "no heading row"),
    ],
)
def test_command_refuses_what_is_not_an_ice_list(tmp_path, file_name, content, message):
    path = tmp_path / file_name
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        call_command("import_agreements", str(path))
    assert not ListSnapshot.objects.exists()


@pytest.mark.django_db
def test_an_xlsx_with_headings_only_is_refused_rather_than_ending_every_agreement(
    tmp_path,
):
    factories.AgreementFactory(first_listed_on=None, last_listed_on=None)
    path = write_xlsx(
        tmp_path / "participatingAgencies08012025am.xlsx",
        [[*HEADINGS, "SIGNED", "MOA"], [None] * 7],
    )
    with pytest.raises(CommandError, match="no agency rows"):
        call_command("import_agreements", str(path))
    assert Agreement.objects.get().status == "listed"


@pytest.mark.django_db
def test_csv_with_byte_order_mark_imports_like_the_spreadsheet(tmp_path):
    """A CSV saved by Excel (UTF-8 with BOM) with ICE's headings; the date is given
    because the file name does not carry one."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*HEADINGS, "SIGNED", "MOA", ""])
    writer.writerow(
        ["FLORIDA", "Example Co. Sheriff’s Office", "County", "Example", "TFM",
         "3/4/2025", "https://www.ice.gov/doclib/287gMOA/Example.pdf", ""]
    )  # fmt: skip
    writer.writerow(
        ["FLORIDA", "Example Police Dept", "Municipality", "Example", "WSO",
         "45721", "link pending", ""]
    )  # fmt: skip
    writer.writerow(
        ["TEXAS", "Other County Sheriff's Office", "County", "Other", "JEM",
         "7/72025", "link pending", ""]
    )  # fmt: skip
    path = tmp_path / "ice-export.csv"
    path.write_bytes(out.getvalue().encode("utf-8-sig"))

    out = io.StringIO()
    call_command(
        "import_agreements", str(path), "--listed-on", "2025-08-01", stdout=out
    )

    tfm = Agreement.objects.get(model="task_force")
    assert tfm.agency.name == "Example Co. Sheriff’s Office"
    assert tfm.agency.state == "FL" and tfm.agency.kind == "sheriff"
    assert tfm.signed_on == datetime.date(2025, 3, 4)
    assert tfm.moa_url == "https://www.ice.gov/doclib/287gMOA/Example.pdf"
    wso = Agreement.objects.get(model="warrant_service_officer")
    assert wso.signed_on == datetime.date(2025, 3, 5) and wso.moa_url == ""
    jem = Agreement.objects.get(model="jail_enforcement")
    assert (jem.signed_on, jem.signed_text) == (None, "7/72025")
    assert "row 4: SIGNED “7/72025”" in out.getvalue()
    assert ListSnapshot.objects.get().listed_on == datetime.date(2025, 8, 1)


@pytest.mark.django_db
def test_a_file_name_without_a_date_needs_listed_on(tmp_path):
    path = write_xlsx(
        tmp_path / "ice.xlsx", [HEADINGS, ["TEXAS", "X PD", "", "", "TFM"]]
    )
    with pytest.raises(CommandError, match="--listed-on"):
        call_command("import_agreements", str(path))


@pytest.mark.django_db
def test_unknown_state_or_model_stops_the_import_naming_row_and_column(tmp_path):
    path = write_xlsx(
        tmp_path / "pendingAgencies08012025am.xlsx",
        [
            HEADINGS,
            ["TEXAS", "A Sheriff's Office", "County", "A", "Jail Enforcement Model"],
            ["TEXSA", "B Sheriff's Office", "County", "B", "Jail Enforcement Model"],
            ["TEXAS", "C Sheriff's Office", "County", "C", "Border Model"],
        ],
    )
    with pytest.raises(CommandError) as refusal:
        call_command("import_agreements", str(path))
    assert "row 3, STATE: unknown state “TEXSA”" in str(refusal.value)
    assert "row 4, SUPPORT TYPE: unknown model “Border Model”" in str(refusal.value)
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_dry_run_reports_the_changes_and_writes_nothing():
    import_file(MAY)
    before = final_state()
    out = io.StringIO()

    call_command("import_agreements", str(ice_file(JULY)), "--dry-run", stdout=out)

    output = out.getvalue()
    assert "Dry run: nothing was written." in output
    assert "agreements would be created" in output
    assert "no longer on the list:" in output
    assert "new agency: Cherokee County Sheriff's Office (AL)" in output
    assert final_state() == before
    assert ListSnapshot.objects.count() == 1


@pytest.mark.django_db
def test_command_imports_several_files_and_skips_what_it_already_has():
    files = [str(ice_file(name)) for name in (MAY, JULY, PENDING)]
    call_command("import_agreements", *files, stdout=io.StringIO())
    out = io.StringIO()

    call_command("import_agreements", *files, stdout=out)

    assert out.getvalue().count("already imported") == 3
    assert ListSnapshot.objects.count() == 3


@pytest.mark.django_db
def test_later_imports_remember_a_merged_duplicate_by_its_alias():
    keeper = factories.AgencyFactory(
        name="Sheriff of Colbert County", slug="colbert-sheriff", state="AL"
    )
    AgencyAlias.objects.create(
        agency=keeper, name="Colbert County Sheriff's Office", state="AL"
    )
    import_file(JULY)

    assert keeper.agreements.count() >= 2
    assert not Agency.objects.filter(name="Colbert County Sheriff's Office").exists()


@pytest.mark.django_db
def test_import_time_of_the_july_list_against_a_plain_openpyxl_read(capsys):
    """Measured, not assumed: the import costs a small multiple of reading the file."""
    path = ice_file(JULY)
    start = time.perf_counter()
    workbook = openpyxl.load_workbook(path)
    sum(1 for _ in workbook.active.iter_rows(values_only=True))
    read_seconds = time.perf_counter() - start

    start = time.perf_counter()
    import_file(JULY)
    import_seconds = time.perf_counter() - start

    ratio = import_seconds / read_seconds
    with capsys.disabled():
        print(
            f"\nJuly list: openpyxl read {read_seconds:.2f}s, import "
            f"{import_seconds:.2f}s, ratio {ratio:.1f}"
        )
    assert ratio < 10


def test_the_lists_in_the_repository_are_ices_files_unchanged():
    """bin/serve imports data/ice-287g/; each file is ICE's download byte for byte, as
    recorded in its SHA256SUMS when it was copied in."""
    sums = {}
    for line in (ICE_DIR / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        sums[name] = digest
    assert sorted(sums) == sorted([MAY, JUNE, JULY, PENDING])
    assert sorted(p.name for p in ICE_DIR.glob("*.xlsx")) == sorted(sums)
    for name, digest in sums.items():
        assert hashlib.sha256(ice_file(name).read_bytes()).hexdigest() == digest


@pytest.mark.django_db
def test_agencies_holding_agreements_are_those_on_the_latest_list(
    django_assert_num_queries,
):
    import_file(MAY)
    import_file(JULY)
    on_july = {
        (
            STATE_NAMES[r["STATE"].strip()],
            normalize_agency_name(r["LAW ENFORCEMENT AGENCY"]),
        )
        for r in rows_in_file(JULY)
    }
    holding = Agency.objects.holding_agreements()
    assert {(a.state, normalize_agency_name(a.name)) for a in holding} == on_july
    only_may = Agency.objects.exclude(pk__in=holding).filter(agreements__isnull=False)
    assert only_may.exists()

    with django_assert_num_queries(2):
        agencies = list(Agency.objects.with_listed_agreements())
    assert all(
        agreement.status == "listed"
        for agency in agencies
        for agreement in agency.listed_agreements
    )
    counted = sum(len(agency.listed_agreements) for agency in agencies)
    assert counted == Agreement.objects.currently_listed().count()


@pytest.mark.django_db
def test_the_same_problem_on_many_rows_is_reported_once_with_its_rows(tmp_path):
    """A CSV copy of a list keeps the word “link” but not the hyperlink behind it:
    the editor sees that once, with the rows, and the rare warnings stay visible."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*HEADINGS, "SIGNED", "MOA"])
    for number in range(12):
        writer.writerow(
            ["FLORIDA", f"Town {number} Police Department", "Municipality", "X",
             "TFM", "3/4/2025", "link"]
        )  # fmt: skip
    writer.writerow(
        ["TEXAS", "Other County Sheriff's Office", "County", "Other", "JEM",
         "7/72025", "link pending"]
    )  # fmt: skip
    path = tmp_path / "participatingAgencies08012025am.csv"
    path.write_text(out.getvalue(), encoding="utf-8")

    out = io.StringIO()
    call_command("import_agreements", str(path), stdout=out)

    warnings = [line for line in out.getvalue().splitlines() if "warning:" in line]
    assert warnings == [
        "  warning: 12 rows (2, 3, 4, 5, 6, 7, 8, 9 and 4 more), "
        "MOA: “link” has no link behind it.",
        warnings[1],
    ]
    assert "row 14" in warnings[1] and "7/72025" in warnings[1]
    assert "13 warnings" in out.getvalue()  # the summary still counts every row
