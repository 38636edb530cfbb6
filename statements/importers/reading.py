"""Reading a spreadsheet the way people hand them over: an Excel .xlsx file or a CSV
file (UTF-8, with or without the byte-order mark Excel writes).

Every import (admin upload and commands alike) reads through here, so the limits on
what a file may hold are checked once: a file far larger than any real list, a
spreadsheet that unpacks to far more than it weighs (a "zip bomb"), or more rows
than a list could have, is refused before it can take the server's memory."""

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

XLSX_SIGNATURE = b"PK\x03\x04"
OLD_EXCEL_SIGNATURE = b"\xd0\xcf\x11\xe0"
UTF16_SIGNATURES = (b"\xff\xfe", b"\xfe\xff")

# ICE's lists weigh about 100 KB and unpack to under 1 MB with ~1,500 rows; every
# law-enforcement agency in the country is about 18,000. The limits leave room for
# that and refuse what no real list or statement file could be.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 20_000

SAVE_AS_UTF8 = (
    'Open it in a spreadsheet program and save it as "CSV UTF-8 (Comma delimited)" '
    "(Excel) or as CSV with the character set UTF-8 (LibreOffice), then import that."
)


class ImportFailed(Exception):
    """The file cannot be imported; ``problems`` says why, one line each. Nothing
    has been written when this is raised."""

    def __init__(self, problems):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


def file_format(data, file_name):
    """``"xlsx"`` or ``"csv"``, judged by the content and the name together, so that
    a PDF renamed to .csv or a CSV renamed to .xlsx is refused with a reason."""
    suffix = PurePath(file_name).suffix.lower()
    if not data:
        raise ImportFailed(f"{file_name} is empty.")
    if data.startswith(OLD_EXCEL_SIGNATURE):
        raise ImportFailed(
            f"{file_name} is an old-style Excel file (.xls). Open it in a spreadsheet "
            "program and save it as .xlsx or .csv."
        )
    if suffix in {".xlsx", ".xlsm"}:
        if not data.startswith(XLSX_SIGNATURE):
            raise ImportFailed(f"{file_name} is not an Excel .xlsx file.")
        return "xlsx"
    if suffix == ".csv":
        if data.startswith(UTF16_SIGNATURES) or _looks_like_utf16(data[:4096]):
            raise ImportFailed(
                f'{file_name} is saved as UTF-16 (Excel\'s "Unicode text"); only '
                f"UTF-8 is read. {SAVE_AS_UTF8}"
            )
        if data.startswith(XLSX_SIGNATURE) or b"\x00" in data[:4096]:
            raise ImportFailed(f"{file_name} is not a text CSV file. {SAVE_AS_UTF8}")
        return "csv"
    raise ImportFailed(
        f"{file_name} is not a spreadsheet: expected a .xlsx or .csv file."
    )


def _looks_like_utf16(sample):
    """UTF-16 without its byte-order mark: text in it has a NUL byte beside nearly
    every ASCII letter, at every other position."""
    if len(sample) < 4:
        return False
    odd_nuls = sample[1::2].count(0)
    even_nuls = sample[0::2].count(0)
    half = len(sample) // 2
    return max(odd_nuls, even_nuls) > half * 0.6


def check_file_size(size, file_name):
    """Refuse a file heavier than any real list, before it is read."""
    if size > MAX_FILE_BYTES:
        raise ImportFailed(
            f"{file_name} is {size / 1024 / 1024:.1f} MB; files over "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB are refused (ICE's lists are about "
            "100 KB). Check that it is the right file, or split it into smaller ones."
        )


def read_file(path):
    """The bytes of a file named on the command line, after the same size check as
    an upload in the admin."""
    check_file_size(path.stat().st_size, path.name)
    return path.read_bytes()


def read_rows(data, file_name):
    """Every row of the file as ``(row number, [values], [hyperlink targets])``,
    numbered as a spreadsheet program shows them (the first row is 1)."""
    check_file_size(len(data), file_name)
    rows = (
        _xlsx_rows(data, file_name)
        if file_format(data, file_name) == "xlsx"
        else _csv_rows(data, file_name)
    )
    read = []
    for row in rows:
        if len(read) >= MAX_ROWS:
            raise ImportFailed(
                f"{file_name} has more than {MAX_ROWS:,} rows; no real list has that "
                "many. Check that it is the right file, or split it into smaller ones."
            )
        read.append(row)
    return read


def _open_zip(data, file_name):
    """The .xlsx as a zip archive, once its members' sizes are known to be sane.
    The sizes are those the archive declares; Python's zipfile never unpacks more
    than the declared size of a member, so the sum is a true upper bound."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFailed(f"{file_name} could not be read as .xlsx: {error}") from None
    unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFailed(
            f"{file_name} would unpack to {unpacked / 1024 / 1024:,.0f} MB; a "
            f"spreadsheet over {MAX_UNPACKED_BYTES // 1024 // 1024} MB unpacked is "
            "refused (ICE's lists unpack to under 1 MB). Check that it is the right "
            "file; save it again from a spreadsheet program if it is."
        )
    return archive


def _xlsx_rows(data, file_name):
    archive = _open_zip(data, file_name)
    import openpyxl

    try:
        # Read-only: rows are streamed from the archive, not all held as cells.
        workbook = openpyxl.load_workbook(archive.fp, read_only=True, data_only=True)
        sheet = workbook.active
        # Some programs write a wrong sheet size; read the rows that are there.
        sheet.reset_dimensions()
        links = _hyperlinks(archive, sheet)
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = list(row)
            yield (
                number,
                values,
                [links.get((number, column)) for column in range(1, len(values) + 1)],
            )
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ET.ParseError) as error:
        raise ImportFailed(f"{file_name} could not be read as .xlsx: {error}") from None


RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATION_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _hyperlinks(archive, sheet):
    """``{(row, column): address}`` of the sheet's hyperlinks (ICE's MOA links),
    which openpyxl's read-only mode does not load: read from the sheet's XML as a
    stream, and its relationships file for the addresses."""
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.utils.cell import range_boundaries

    # The read-only sheet knows which part of the archive it is read from.
    sheet_path = sheet._worksheet_path
    targets = {}
    rels_path = get_rels_path(sheet_path)
    if rels_path in archive.namelist():
        with archive.open(rels_path) as rels:
            for _, element in ET.iterparse(rels):
                if element.tag == f"{RELATIONSHIPS}Relationship":
                    targets[element.get("Id")] = element.get("Target")
    links = {}
    with archive.open(sheet_path) as source:
        for _, element in ET.iterparse(source):
            if element.tag == f"{SHEET}hyperlink":
                target = targets.get(element.get(RELATION_ID))
                if target:
                    first_col, first_row, last_col, last_row = range_boundaries(
                        element.get("ref")
                    )
                    for row in range(first_row, last_row + 1):
                        for column in range(first_col, last_col + 1):
                            links[(row, column)] = target
            # Cells are read by openpyxl; only the hyperlinks are kept here.
            element.clear()
    return links


def _csv_rows(data, file_name):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFailed(
            f"{file_name} is not UTF-8: line {line} has a character in another "
            'encoding (most likely Windows-1252 or Latin-1, Excel\'s plain "CSV"). '
            f"{SAVE_AS_UTF8}"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for number, values in enumerate(reader, start=1):
            yield number, values, [None] * len(values)
    except csv.Error as error:
        raise ImportFailed(f"{file_name} is not a readable CSV file: {error}") from None


def read_table(data, file_name, columns, required, noun):
    """A file with a heading row of known ``columns`` (``required`` among them):
    ``(header, rows)``, the header as lower-case names and the rows after it as
    ``read_rows`` gives them. Unknown or missing columns, or no rows at all, are
    refused with the list of columns the file may have."""
    rows = read_rows(data, file_name)
    if not rows or not any(clean_text(v) for v in rows[0][1]):
        raise ImportFailed(f"{file_name} is empty.")
    header = [clean_text(value).lower() for value in rows[0][1]]
    unknown = [name for name in header if name and name not in columns]
    missing = [name for name in required if name not in header]
    if unknown or missing:
        problems = [f"{file_name}: unknown column “{name}”." for name in unknown]
        problems += [f"{file_name}: missing column “{name}”." for name in missing]
        problems.append(f"The columns are: {', '.join(columns)}.")
        raise ImportFailed(problems)
    if len(rows) < 2:
        raise ImportFailed(f"{file_name} has a heading row but no {noun}.")
    return header, rows[1:]


def row_values(header, cells):
    """One row's cells by column name, cleaned ('' where the row is short)."""
    return {
        name: clean_text(cells[i]) if i < len(cells) else ""
        for i, name in enumerate(header)
        if name
    }


def clean_text(value):
    """A cell as a trimmed single-spaced string ('' for an empty cell)."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\xa0", " ").split())


_web_address = URLValidator(schemes=["http", "https"])


def is_web_address(text):
    """Is ``text`` an http(s) address a reader's browser can open?"""
    try:
        _web_address(text)
    except ValidationError:
        return False
    return True
