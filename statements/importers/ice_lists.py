"""Reading ICE's published 287(g) lists exactly as ICE publishes them: the list's kind
and date, and each row checked and cleaned, before anything is written
(``ice_import.py`` applies them)."""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from ..choices import (
    AgreementModel,
    ListKind,
    state_code,
)
from .reading import ImportFailed, clean_text, is_web_address, read_rows

AGENCY = "LAW ENFORCEMENT AGENCY"
PENDING_COLUMNS = ("STATE", AGENCY, "TYPE", "COUNTY", "SUPPORT TYPE")
PARTICIPATING_COLUMNS = (*PENDING_COLUMNS, "SIGNED", "MOA")
OPTIONAL_COLUMNS = ("ADDENDUM",)

MODEL_NAMES = {
    "jail enforcement model": AgreementModel.JAIL_ENFORCEMENT,
    "jail enforcement": AgreementModel.JAIL_ENFORCEMENT,
    "jem": AgreementModel.JAIL_ENFORCEMENT,
    "task force model": AgreementModel.TASK_FORCE,
    "task force": AgreementModel.TASK_FORCE,
    "tfm": AgreementModel.TASK_FORCE,
    "warrant service officer": AgreementModel.WARRANT_SERVICE_OFFICER,
    "warrant service officer model": AgreementModel.WARRANT_SERVICE_OFFICER,
    "warrant service": AgreementModel.WARRANT_SERVICE_OFFICER,
    "wso": AgreementModel.WARRANT_SERVICE_OFFICER,
}
# ICE's names carry the list's date as a run of digits of its own: month, day and
# four-digit year (participatingAgencies07182025pm.xlsx) or, since September 2026,
# sometimes a two-digit year (ParticipatingAgency091826am.xlsx). The run must stand
# alone, so the "287" of 287gParticipatingAgencies091526pm.xlsx is not read as a date.
FILE_DATE = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{4}|\d{2})(?!\d)")
SIGNED_TEXT_FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y", "%m-%d-%Y")
# Section 287(g) dates from 1996; the first agreements were signed in 2002.
EARLIEST_AGREEMENT = datetime.date(1996, 9, 30)
RAW_LIMITS = {
    "ice_state": 60,
    "ice_agency_name": 300,
    "ice_type": 60,
    "ice_county": 120,
    "ice_support_type": 120,
}


@dataclass
class IceRow:
    number: int
    state: str
    agency_name: str
    agency_type: str
    county: str
    model: str
    raw: dict
    signed_on: datetime.date | None = None
    signed_text: str = ""
    moa_url: str = ""
    addendum_url: str = ""


@dataclass
class IceList:
    """A file read and checked, before anything is written."""

    file_name: str
    kind: str
    listed_on: datetime.date
    sha256: str
    rows: list
    warnings: list = field(default_factory=list)


def list_date_from_name(file_name):
    """The date in an ICE file name, or None when it has none (the last run of
    digits that is a real date wins: ICE puts the date at the end)."""
    found = None
    for match in FILE_DATE.finditer(file_name):
        month, day, year = (int(part) for part in match.groups())
        if year < 100:
            year += 2000  # ICE's lists start in the 2000s
        try:
            found = datetime.date(year, month, day)
        except ValueError:
            continue
    return found


def read_ice_list(data, file_name, listed_on=None, progress=None):
    """Read and check an ICE list; raises ImportFailed and writes nothing."""
    rows = read_rows(data, file_name)
    listed_on = listed_on or list_date_from_name(file_name)
    if listed_on is None:
        raise ImportFailed(
            f"Cannot tell the date of {file_name} from its name (ICE names its files "
            "like participatingAgencies07182025pm.xlsx); give the date with "
            "--listed-on YYYY-MM-DD."
        )
    header_index, columns = _find_heading(rows, file_name)
    kind = (
        ListKind.PARTICIPATING if {"SIGNED", "MOA"} & set(columns) else ListKind.PENDING
    )
    needed = (
        PARTICIPATING_COLUMNS if kind == ListKind.PARTICIPATING else PENDING_COLUMNS
    )
    missing = [name for name in needed if name not in columns]
    if missing:
        raise ImportFailed(
            f"{file_name} lacks the column(s) {', '.join(missing)}; an ICE "
            f"{ListKind(kind).label.lower()} list has {', '.join(needed)}."
        )
    ice_list = IceList(
        file_name=file_name,
        kind=kind,
        listed_on=listed_on,
        sha256=hashlib.sha256(data).hexdigest(),
        rows=[],
    )
    errors = []
    body = rows[header_index + 1 :]
    for done, (number, values, links) in enumerate(body, start=1):
        cells = {
            name: (
                values[i] if i < len(values) else None,
                links[i] if i < len(links) else None,
            )
            for name, i in columns.items()
        }
        if progress:
            progress(done, len(body))
        if not any(clean_text(value) for value, _ in cells.values()):
            continue
        row = _read_row(number, cells, ice_list, errors)
        if row:
            ice_list.rows.append(row)
    if errors:
        raise ImportFailed(errors)
    if not ice_list.rows:
        # An empty participating list would mark every agreement as ended.
        raise ImportFailed(f"{file_name} has a heading row but no agency rows.")
    return ice_list


def _find_heading(rows, file_name):
    for index, (_number, values, _links) in enumerate(rows[:20]):
        names = [clean_text(value).upper() for value in values]
        if AGENCY in names:
            return index, {
                name: i
                for i, name in enumerate(names)
                if name in PARTICIPATING_COLUMNS or name in OPTIONAL_COLUMNS
            }
    if not any(any(clean_text(v) for v in values) for _n, values, _l in rows):
        raise ImportFailed(f"{file_name} is empty.")
    raise ImportFailed(
        f"{file_name} has no heading row with the column {AGENCY}; it does not look "
        "like an ICE 287(g) list (missing columns: "
        f"{', '.join(PENDING_COLUMNS)})."
    )


def _read_row(number, cells, ice_list, errors):
    def text(name):
        return clean_text(cells.get(name, (None, None))[0])

    raw = {
        "ice_state": text("STATE"),
        "ice_agency_name": text(AGENCY),
        "ice_type": text("TYPE"),
        "ice_county": text("COUNTY"),
        "ice_support_type": text("SUPPORT TYPE"),
    }
    raw = {key: value[: RAW_LIMITS[key]] for key, value in raw.items()}
    if not raw["ice_agency_name"] and not raw["ice_support_type"]:
        ice_list.warnings.append(f"row {number}: skipped, not an agency row ({raw}).")
        return None
    state = state_code(raw["ice_state"])
    model = MODEL_NAMES.get(raw["ice_support_type"].lower())
    if state is None:
        errors.append(f"row {number}, STATE: unknown state “{raw['ice_state']}”.")
    if model is None:
        errors.append(
            f"row {number}, SUPPORT TYPE: unknown model “{raw['ice_support_type']}” "
            f"(expected one of: {', '.join(AgreementModel.labels)}, JEM, TFM, WSO)."
        )
    if not raw["ice_agency_name"]:
        errors.append(f"row {number}, {AGENCY}: empty.")
    elif len(raw["ice_agency_name"]) > 255:
        errors.append(f"row {number}, {AGENCY}: longer than 255 characters.")
    if state is None or model is None or not raw["ice_agency_name"]:
        return None
    row = IceRow(
        number=number,
        state=state,
        agency_name=raw["ice_agency_name"],
        agency_type=raw["ice_type"],
        county=raw["ice_county"],
        model=model,
        raw=raw,
    )
    if ice_list.kind == ListKind.PARTICIPATING:
        row.signed_on, row.signed_text = _read_signed(
            cells["SIGNED"][0], ice_list.listed_on
        )
        if row.signed_on is None:
            ice_list.warnings.append(
                f"row {number}: SIGNED “{row.signed_text}” is not a readable date "
                f"({row.agency_name}, {row.model}); imported with no signed date."
            )
        row.moa_url = _read_link(*cells["MOA"], number, "MOA", ice_list.warnings)
        if "ADDENDUM" in cells:
            row.addendum_url = _read_link(
                *cells["ADDENDUM"], number, "ADDENDUM", ice_list.warnings
            )
    return row


def _read_signed(value, listed_on):
    """``(date or None, the text ICE printed)``. A date after the list's own date or
    before 287(g) existed (5025-07-07) is a typo, not a date."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        signed_on, text = value, value.isoformat()
    elif isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        text = clean_text(value)
        try:
            signed_on = from_excel(value).date()
        except (ValueError, OverflowError, TypeError):
            signed_on = None
    else:
        text = clean_text(value)
        signed_on = None
        if text.isdigit() and len(text) == 5:
            from openpyxl.utils.datetime import from_excel

            signed_on = from_excel(int(text)).date()
        for date_format in SIGNED_TEXT_FORMATS:
            try:
                signed_on = datetime.datetime.strptime(text, date_format).date()
                break
            except ValueError:
                continue
    if signed_on and not (EARLIEST_AGREEMENT <= signed_on <= listed_on):
        signed_on = None
    return signed_on, text[:60]


def _read_link(value, target, number, column, warnings):
    """The hyperlink behind the cell (or a URL typed in it); '' for "link pending"."""
    text = clean_text(value)
    url = (target or "").strip()
    if not url and text.lower().startswith(("http://", "https://")):
        url = text
    if not url:
        if text and "pending" not in text.lower():
            warnings.append(f"row {number}, {column}: “{text}” has no link behind it.")
        return ""
    url = _unwrap_safelink(url)
    if not is_web_address(url):
        warnings.append(f"row {number}, {column}: “{url[:80]}” is not a web address.")
        return ""
    if len(url) > 2000:
        warnings.append(f"row {number}, {column}: link longer than 2000 characters.")
        return ""
    return url


def _unwrap_safelink(url):
    # Some links in ICE's lists go through Outlook's "safe links" redirector, which
    # carries an ICE mailbox address and expires; the document itself is in ``url``.
    parts = urlsplit(url)
    if parts.hostname and parts.hostname.endswith("safelinks.protection.outlook.com"):
        inner = parse_qs(parts.query).get("url")
        if inner:
            return inner[0]
    return url
