"""Reading a spreadsheet the way people hand them over: an Excel .xlsx file or a CSV
file (UTF-8, with or without the byte-order mark Excel writes)."""

import csv
import io
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

XLSX_SIGNATURE = b"PK\x03\x04"
OLD_EXCEL_SIGNATURE = b"\xd0\xcf\x11\xe0"


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
        if data.startswith(XLSX_SIGNATURE) or b"\x00" in data[:4096]:
            raise ImportFailed(f"{file_name} is not a text CSV file.")
        return "csv"
    raise ImportFailed(
        f"{file_name} is not a spreadsheet: expected a .xlsx or .csv file."
    )


def read_rows(data, file_name):
    """Every row of the file as ``(row number, [values], [hyperlink targets])``,
    numbered as a spreadsheet program shows them (the first row is 1)."""
    if file_format(data, file_name) == "xlsx":
        return list(_xlsx_rows(data, file_name))
    return list(_csv_rows(data, file_name))


def _xlsx_rows(data, file_name):
    import openpyxl

    try:
        # Not read-only: hyperlinks (the MOA links) are only loaded in full mode.
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFailed(f"{file_name} could not be read as .xlsx: {error}") from None
    sheet = workbook.active
    for row in sheet.iter_rows():
        values = [cell.value for cell in row]
        links = [cell.hyperlink.target if cell.hyperlink else None for cell in row]
        yield row[0].row, values, links


def _csv_rows(data, file_name):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the Windows code page unless told otherwise.
        text = data.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for number, values in enumerate(reader, start=1):
            yield number, values, [None] * len(values)
    except csv.Error as error:
        raise ImportFailed(f"{file_name} is not a readable CSV file: {error}") from None


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
