"""What every import reads through (statements/importers/reading.py): limits that
keep a hostile or mistaken file from taking the server's memory, and encodings
refused with the fix in the message."""

import csv
import io
import resource
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from statements.importers import ImportFailed, reading
from statements.models import ListSnapshot, Statement
from tests.shipped_data import JULY, ice_file
from tests.test_import_statements import COLUMNS, row, write_csv

SHEET = "xl/worksheets/sheet1.xml"
SHEET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
)
SHEET_CLOSE = b"</sheetData></worksheet>"


def ice_list_with_sheet(write_sheet):
    """ICE's July list with its sheet replaced by what ``write_sheet(stream)`` writes,
    streamed into the archive so the test itself never holds the unpacked sheet."""
    original = zipfile.ZipFile(ice_file(JULY))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in original.infolist():
            if member.filename == SHEET:
                with archive.open(SHEET, "w", force_zip64=True) as stream:
                    write_sheet(stream)
            else:
                archive.writestr(member, original.read(member))
    return out.getvalue()


def zip_bomb(unpacked_mb=200):
    """A small .xlsx whose sheet unpacks to ``unpacked_mb`` MB of blank space."""

    def write(stream):
        stream.write(SHEET_OPEN)
        block = b" " * (1024 * 1024)
        for _ in range(unpacked_mb):
            stream.write(block)
        stream.write(SHEET_CLOSE)

    return ice_list_with_sheet(write)


def sheet_with_rows(count):
    def write(stream):
        stream.write(SHEET_OPEN)
        for n in range(1, count + 1):
            stream.write(
                f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
            )
        stream.write(SHEET_CLOSE)

    return ice_list_with_sheet(write)


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb()


def test_a_zip_bomb_is_refused_at_once_without_unpacking_it(bomb, record_property):
    assert len(bomb) < 1024 * 1024  # under 1 MB on the wire
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ImportFailed) as refused:
        reading.read_rows(bomb, "participatingAgencies08012025am.xlsx")
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    record_property("zip_bomb", f"{len(bomb)} B, {seconds:.3f} s, peak {peak} B")
    message = str(refused.value)
    assert "would unpack to 200 MB" in message
    assert "over 50 MB unpacked is refused" in message
    assert seconds < 1
    assert peak < 5 * 1024 * 1024
    assert rss_growth < 50 * 1024  # kilobytes: no unpacked sheet held anywhere


def test_the_command_refuses_a_zip_bomb_and_writes_nothing(bomb, tmp_path, db):
    path = tmp_path / "participatingAgencies08012025am.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(CommandError, match="would unpack to 200 MB"):
        call_command("import_agreements", str(path))
    assert not ListSnapshot.objects.exists()


def test_the_admin_upload_refuses_a_zip_bomb(bomb, client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/statements/listsnapshot/import/",
        {"file": SimpleUploadedFile("participatingAgencies08012025am.xlsx", bomb)},
    )
    assert response.status_code == 200
    assert "would unpack to 200 MB" in response.content.decode()
    assert not ListSnapshot.objects.exists()


def test_a_spreadsheet_with_more_rows_than_any_list_is_refused():
    data = sheet_with_rows(reading.MAX_ROWS + 1)
    with pytest.raises(ImportFailed, match="more than 20,000 rows; no real list"):
        reading.read_rows(data, "participatingAgencies08012025am.xlsx")


def test_a_csv_with_more_rows_than_any_list_is_refused(tmp_path, db):
    path = tmp_path / "statements.csv"
    write_csv(path, [row(headline=f"Headline {n}") for n in range(reading.MAX_ROWS)])
    with pytest.raises(CommandError, match="more than 20,000 rows"):
        call_command("import_statements", str(path))
    assert not Statement.objects.exists()


def test_commands_refuse_a_file_larger_than_the_upload_limit(tmp_path, db):
    big = tmp_path / "statements.csv"
    with big.open("w") as out:
        out.write(",".join(COLUMNS) + "\n")
        out.write("x" * (reading.MAX_FILE_BYTES + 1))
    started = time.perf_counter()
    with pytest.raises(CommandError, match="files over 10 MB are refused"):
        call_command("import_statements", str(big))
    ice = tmp_path / "ice-export.csv"
    big.rename(ice)
    with pytest.raises(CommandError, match="files over 10 MB are refused"):
        call_command("import_agreements", str(ice), "--listed-on", "2025-08-01")
    assert time.perf_counter() - started < 2


def test_the_admin_refuses_a_file_larger_than_the_limit(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/statements/listsnapshot/import/",
        {
            "file": SimpleUploadedFile(
                "ice-export.csv", b"x" * (reading.MAX_FILE_BYTES + 1)
            )
        },
    )
    assert "files over 10 MB are refused" in response.content.decode()


def test_the_real_lists_read_the_same_in_read_only_mode():
    """Read-only mode streams the rows; the MOA hyperlinks, which it does not load,
    are read from the sheet's XML and must all still be there."""
    import openpyxl

    sheet = openpyxl.load_workbook(ice_file(JULY), data_only=True).active
    expected = {
        (cell.row, cell.column): cell.hyperlink.target
        for row in sheet.iter_rows()
        for cell in row
        if cell.hyperlink
    }
    rows = reading.read_rows(ice_file(JULY).read_bytes(), JULY)
    links = {
        (number, column): link
        for number, _, row_links in rows
        for column, link in enumerate(row_links, start=1)
        if link
    }
    assert links == expected and len(links) > 600
    assert [values[:2] for _, values, _ in rows[:3]] == [
        [cell.value for cell in row[:2]] for row in sheet.iter_rows(max_row=3)
    ]


# Encodings ----------------------------------------------------------------------------


def ice_csv(encoding):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE"]
    )
    writer.writerow(
        ["PUERTO RICO", "Policía de Cataño", "Municipality", "Cataño", "TFM"]
    )
    return out.getvalue().encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_csv_is_refused_with_the_fix(encoding):
    with pytest.raises(ImportFailed) as refused:
        reading.read_rows(ice_csv(encoding), "pendingAgencies08012025am.csv")
    message = str(refused.value)
    assert "is saved as UTF-16" in message
    assert 'save it as "CSV UTF-8 (Comma delimited)"' in message


def test_a_latin1_csv_is_refused_naming_the_line_and_the_fix(tmp_path, db):
    path = tmp_path / "pendingAgencies08012025am.csv"
    path.write_bytes(ice_csv("latin-1"))
    with pytest.raises(CommandError) as refused:
        call_command("import_agreements", str(path))
    message = str(refused.value)
    assert "is not UTF-8: line 2 has a character in another encoding" in message
    assert "CSV UTF-8" in message


def test_a_latin1_statement_file_is_refused_too(tmp_path, db):
    path = tmp_path / "statements.csv"
    write_csv(path, [row(speaker_name="Ana Muñoz")])
    path.write_bytes(path.read_bytes().decode("utf-8").encode("cp1252"))
    with pytest.raises(CommandError, match="not UTF-8: line 2.*CSV UTF-8"):
        call_command("import_statements", str(path))
    assert not Statement.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_or_without_a_byte_order_mark_is_read(encoding):
    rows = reading.read_rows(ice_csv(encoding), "pendingAgencies08012025am.csv")
    assert rows[0][1][0] == "STATE"
    assert rows[1][1][1] == "Policía de Cataño"
