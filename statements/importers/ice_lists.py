"""ICE's published 287(g) lists, taken exactly as ICE publishes them.

The result does not depend on the order in which lists are imported: an agreement's
first and last list dates are the earliest and latest lists that had it, its status
follows from whether the newest participating list imported has it, and the values
ICE printed (links, raw cells) come from the newest list that had it. So importing
May after July changes the May dates and nothing that July decided.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from ..choices import (
    US_STATES,
    AgencyKind,
    AgreementModel,
    AgreementStatus,
    JurisdictionLevel,
    ListKind,
    RequestStatus,
)
from ..models import Agency, AgencyAlias, Agreement, AgreementRequest, ListSnapshot
from ..normalize import normalize_agency_name
from .reading import ImportFailed, clean_text, read_rows

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
STATE_CODES = {name.upper(): code for code, name in US_STATES.items()} | {
    code: code for code in US_STATES
}
JURISDICTION_BY_TYPE = {
    "county": JurisdictionLevel.COUNTY,
    "municipality": JurisdictionLevel.MUNICIPAL,
    "state agency": JurisdictionLevel.STATE,
}
# participatingAgencies07182025pm.xlsx: month, day, year, then am/pm.
FILE_DATE = re.compile(r"(\d{2})(\d{2})(\d{4})(?:am|pm)?", re.IGNORECASE)
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
url_validator = URLValidator(schemes=["http", "https"])


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

    @property
    def agency_key(self):
        return normalize_agency_name(self.agency_name), self.state


# “row 12, MOA: …” — a warning about one row, grouped with its kind in reports.
ROW_WARNING = re.compile(r"^row (?P<row>\d+), (?P<problem>.+)$")


@dataclass
class IceList:
    """A file read and checked, before anything is written."""

    file_name: str
    kind: str
    listed_on: datetime.date
    sha256: str
    rows: list
    warnings: list = field(default_factory=list)


@dataclass
class IceListReport:
    """What an import did (or, in a dry run, would do)."""

    file_name: str
    kind: str = ""
    listed_on: datetime.date | None = None
    rows_read: int = 0
    already_imported: ListSnapshot | None = None
    dry_run: bool = False
    agencies_created: list = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0
    marked_no_longer_listed: list = field(default_factory=list)
    listed_again: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def noun(self):
        return "request" if self.kind == ListKind.PENDING else "agreement"

    def summary(self):
        if self.already_imported:
            return (
                f"{self.file_name}: already imported (the {self.already_imported}); "
                "nothing changed."
            )
        would = "would be " if self.dry_run else ""
        absent = "pending" if self.kind == ListKind.PENDING else "listed"
        return (
            f"{self.file_name}: {self.get_kind_label()} of {self.listed_on}, "
            f"{self.rows_read} rows. {len(self.agencies_created)} agencies {would}"
            f"created; {len(self.created)} {self.noun}s {would}created, "
            f"{len(self.updated)} {would}updated, {self.unchanged} unchanged; "
            f"{len(self.marked_no_longer_listed)} {would}marked no longer {absent}, "
            f"{len(self.listed_again)} {would}{absent} again; "
            f"{len(self.warnings)} warnings."
        )

    def get_kind_label(self):
        return ListKind(self.kind).label + " list" if self.kind else "list"

    def grouped_warnings(self, rows_shown=8):
        """The warnings, with the same problem on many rows said once: a CSV copy of
        a list has no hyperlinks, so “link has no link behind it” would otherwise
        repeat on hundreds of rows and hide the warnings that matter."""
        groups = {}
        for warning in self.warnings:
            match = ROW_WARNING.match(warning)
            if match:
                key, row = match["problem"], match["row"]
            else:
                key, row = warning, None
            groups.setdefault(key, []).append(row)
        lines = []
        for problem, rows in groups.items():
            rows = [row for row in rows if row]
            if len(rows) <= 1:
                lines.append(f"row {rows[0]}, {problem}" if rows else problem)
                continue
            shown = ", ".join(rows[:rows_shown])
            more = (
                f" and {len(rows) - rows_shown} more" if len(rows) > rows_shown else ""
            )
            lines.append(f"{len(rows)} rows ({shown}{more}), {problem}")
        return lines

    def details(self):
        """One line per change, for a dry run or a verbose import."""
        lines = [
            f"new agency: {agency} ({agency.kind})" for agency in self.agencies_created
        ]
        lines += [f"row {row}: new {self.noun}: {item}" for row, item in self.created]
        lines += [
            f"row {row}: update {item}: {', '.join(changed)}"
            for row, item, changed in self.updated
        ]
        lines += [
            f"no longer on the list: {item}" for item in self.marked_no_longer_listed
        ]
        lines += [f"back on the list: {item}" for item in self.listed_again]
        return lines


def list_date_from_name(file_name):
    match = FILE_DATE.search(file_name)
    if match:
        month, day, year = (int(part) for part in match.groups()[:3])
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    return None


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
    state = STATE_CODES.get(raw["ice_state"].upper())
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
    try:
        url_validator(url)
    except ValidationError:
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


def infer_agency_kind(name, ice_type, state_code):
    """The agency's kind from its name first (ICE's TYPE is sometimes wrong: a state
    police listed as a municipality), then from TYPE."""
    words = normalize_agency_name(name)
    ice_type = ice_type.lower()
    state_name = US_STATES[state_code].lower()

    def has(*phrases):
        return any(re.search(rf"\b{phrase}\b", words) for phrase in phrases)

    if has("sheriffs?", "sherif"):
        return AgencyKind.SHERIFF
    if has(
        "district attorneys?", "attorney general", "attorney generals", "state attorney"
    ):
        return AgencyKind.PROSECUTOR
    if has("university", "college"):
        return AgencyKind.CAMPUS_POLICE
    if has("tribal", "tribe"):
        return AgencyKind.TRIBAL_POLICE
    if has("state police", "state patrol", "highway patrol", "thp") or (
        ice_type == "state agency" and has("public safety")
    ):
        return AgencyKind.STATE_POLICE
    if ice_type == "state agency" or words.startswith(state_name + " "):
        return AgencyKind.STATE_AGENCY
    if has("board of county commissioners", "county commission"):
        return AgencyKind.GOVERNMENT
    if has("police", "public safety"):
        if has("county") and ice_type != "municipality":
            return AgencyKind.COUNTY_POLICE
        return AgencyKind.MUNICIPAL_POLICE
    return AgencyKind.OTHER


class AgencyIndex:
    """Agencies by normalised name and state, with the aliases editors kept when
    merging duplicates, and new agencies created as rows need them."""

    def __init__(self):
        self.by_key = {}
        for agency in Agency.objects.exclude(state="").order_by("pk"):
            self.by_key.setdefault(
                (normalize_agency_name(agency.name), agency.state), agency
            )
        aliases = AgencyAlias.objects.exclude(state="").select_related("agency")
        for alias in aliases.order_by("pk"):
            self.by_key.setdefault((alias.normalized_name, alias.state), alias.agency)
        self.slugs = set(Agency.objects.values_list("slug", flat=True))
        self.created = []

    def get_or_create(self, row, listed_on):
        agency = self.by_key.get(row.agency_key)
        if agency is None:
            agency = Agency.objects.create(
                name=row.agency_name,
                slug=self._unique_slug(row),
                kind=infer_agency_kind(row.agency_name, row.agency_type, row.state),
                jurisdiction_level=JURISDICTION_BY_TYPE.get(
                    row.agency_type.lower(), JurisdictionLevel.OTHER
                ),
                state=row.state,
                county=row.county[:120]
                if row.agency_type.lower() != "state agency"
                else "",
                notes=f"Created from ICE's 287(g) list of {listed_on} (row {row.number}).",
            )
            self.by_key[row.agency_key] = agency
            self.created.append(agency)
        return agency

    def _unique_slug(self, row):
        base = slugify(f"{row.agency_name} {row.state}")[:240] or f"agency-{row.state}"
        slug, counter = base, 2
        while slug in self.slugs:
            slug, counter = f"{base}-{counter}", counter + 1
        self.slugs.add(slug)
        return slug


def import_ice_list(
    data, file_name, *, listed_on=None, user=None, dry_run=False, progress=None
):
    """Import one ICE list file (bytes). Raises ImportFailed, writing nothing, when the
    file cannot be imported; with ``dry_run`` everything is done and then rolled back,
    so the report is exactly what the real import would do."""
    snapshot = ListSnapshot.objects.filter(
        sha256=hashlib.sha256(data).hexdigest()
    ).first()
    if snapshot:
        return IceListReport(
            file_name=file_name,
            kind=snapshot.kind,
            listed_on=snapshot.listed_on,
            already_imported=snapshot,
            dry_run=dry_run,
        )
    ice_list = read_ice_list(data, file_name, listed_on, progress)
    report = IceListReport(
        file_name=file_name,
        kind=ice_list.kind,
        listed_on=ice_list.listed_on,
        rows_read=len(ice_list.rows),
        dry_run=dry_run,
        warnings=list(ice_list.warnings),
    )
    with transaction.atomic():
        ListSnapshot.objects.create(
            kind=ice_list.kind,
            file_name=file_name[:255],
            listed_on=ice_list.listed_on,
            sha256=ice_list.sha256,
            rows_read=len(ice_list.rows),
            imported_by=user,
        )
        agencies = AgencyIndex()
        if ice_list.kind == ListKind.PARTICIPATING:
            _apply_rows(ice_list, agencies, report, Agreement, AgreementStatus)
        else:
            _apply_rows(ice_list, agencies, report, AgreementRequest, RequestStatus)
        report.agencies_created = agencies.created
        if dry_run:
            transaction.set_rollback(True)
    return report


def _identity(item):
    if isinstance(item, AgreementRequest):
        return item.agency_id, item.model
    if item.signed_on:
        return item.agency_id, item.model, item.signed_on, ""
    return item.agency_id, item.model, None, item.signed_text


def _apply_rows(ice_list, agencies, report, model_class, statuses):
    listed_on = ice_list.listed_on
    is_agreement = model_class is Agreement
    listed, gone = (
        (statuses.LISTED, statuses.NO_LONGER_LISTED)
        if is_agreement
        else (statuses.PENDING, statuses.NO_LONGER_PENDING)
    )
    latest = ListSnapshot.objects.filter(kind=ice_list.kind).aggregate(
        latest=Max("listed_on")
    )["latest"]
    rows = [(row, agencies.get_or_create(row, listed_on)) for row in ice_list.rows]
    existing = {
        _identity(item): item
        for item in model_class.objects.filter(
            agency__in={agency.pk for _row, agency in rows}
        )
    }
    seen, to_create, to_update, changed_fields = {}, [], [], set()
    now = timezone.now()
    for row, agency in rows:
        values = {**row.raw}
        if is_agreement:
            values |= {
                "signed_text": row.signed_text,
                "moa_url": row.moa_url,
                "addendum_url": row.addendum_url,
            }
        item = model_class(agency=agency, model=row.model)
        if is_agreement:
            item.signed_on, item.signed_text = row.signed_on, row.signed_text
        key = _identity(item)
        if key in seen:
            report.warnings.append(
                f"row {row.number}: repeats row {seen[key]} ({agency}, "
                f"{row.model}); counted once."
            )
            continue
        seen[key] = row.number
        current = existing.get(key)
        if current is None:
            for name, value in values.items():
                setattr(item, name, value)
            item.first_listed_on = item.last_listed_on = listed_on
            item.status = listed if listed_on >= latest else gone
            to_create.append(item)
            report.created.append((row.number, item))
            continue
        changes = {}
        if current.first_listed_on is None or listed_on < current.first_listed_on:
            changes["first_listed_on"] = listed_on
        if current.last_listed_on is None or listed_on >= current.last_listed_on:
            # The newest list that has the agreement speaks for what ICE prints now.
            changes |= {
                name: value
                for name, value in values.items()
                if getattr(current, name) != value
            }
            if current.last_listed_on != listed_on:
                changes["last_listed_on"] = listed_on
        if changes:
            current.updated_at = now
            for name, value in changes.items():
                setattr(current, name, value)
            to_update.append(current)
            changed_fields.update(changes)
            report.updated.append((row.number, current, sorted(changes)))
        else:
            report.unchanged += 1
    model_class.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model_class.objects.bulk_update(
            to_update, sorted(changed_fields | {"updated_at"}), batch_size=500
        )
    # Status follows the newest list imported: on it means listed, otherwise not.
    on_latest = model_class.objects.filter(last_listed_on=latest)
    off_latest = model_class.objects.filter(last_listed_on__lt=latest)
    report.listed_again = list(
        on_latest.exclude(status=listed).select_related("agency")
    )
    report.marked_no_longer_listed = list(
        off_latest.exclude(status=gone).select_related("agency")
    )
    on_latest.exclude(status=listed).update(status=listed)
    off_latest.exclude(status=gone).update(status=gone)


def import_ice_lists(files, *, listed_on=None, user=None, dry_run=False, progress=None):
    """Import several files (``[(bytes, file name), ...]``) as one change: if one
    cannot be imported, none is. A dry run shows each file as it would find the
    database after the ones before it."""
    with transaction.atomic():
        reports = [
            import_ice_list(
                data, file_name, listed_on=listed_on, user=user, progress=progress
            )
            for data, file_name in files
        ]
        for report in reports:
            report.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return reports
