"""Applying an ICE list read by ``ice_lists.read_ice_list``: agencies found or created,
agreements (or pending requests) created and updated, and each one's status set by the
newest list imported.

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

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .. import changes, db_stats, page_cache
from ..choices import (
    US_STATES,
    AgencyKind,
    AgreementStatus,
    JurisdictionLevel,
    ListKind,
    RequestStatus,
)
from ..models import Agency, AgencyAlias, Agreement, AgreementRequest, ListSnapshot
from ..normalize import normalize_agency_name
from .ice_lists import read_ice_list
from .matching import AgencyMatcher
from .reading import ImportFailed

JURISDICTION_BY_TYPE = {
    "county": JurisdictionLevel.COUNTY,
    "municipality": JurisdictionLevel.MUNICIPAL,
    "state agency": JurisdictionLevel.STATE,
}

# “row 12, MOA: …” — a warning about one row, grouped with its kind in reports.
ROW_WARNING = re.compile(r"^row (?P<row>\d+), (?P<problem>.+)$")


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
    # Agreements (or requests) on ICE's current list before this one was imported.
    current_before: int = 0

    @property
    def noun(self):
        return "request" if self.kind == ListKind.PENDING else "agreement"

    @property
    def removes_most(self):
        """Would this list end more than half of what is current? A short or
        misdated file does that; ICE's real lists change by a few percent."""
        return 2 * len(self.marked_no_longer_listed) > self.current_before > 0

    def removal_question(self):
        absent = "pending" if self.kind == ListKind.PENDING else "listed"
        gone = len(self.marked_no_longer_listed)
        return (
            f"{self.file_name} would mark {gone} of the {self.current_before} "
            f"current {self.noun}s as no longer {absent} "
            f"({100 * gone // self.current_before}%). Check that the file is ICE's "
            "whole list and that its date is right. If ICE really dropped them, "
            "confirm: run the command again with --confirm-removals (in the admin, "
            "tick the confirmation box on the preview)."
        )

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


def infer_agency_kind(name, ice_type, state):
    """The agency's kind from its name first (ICE's TYPE is sometimes wrong: a state
    police listed as a municipality), then from TYPE."""
    words = normalize_agency_name(name)
    ice_type = ice_type.lower()
    state_name = US_STATES[state].lower()

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


def agency_for_row(matcher, row, listed_on):
    """The agency an ICE row names, created (kind inferred) if it is new."""
    agency = matcher.find(row.agency_name, row.state)
    if agency is None:
        agency = matcher.add(
            row.agency_name,
            row.state,
            kind=infer_agency_kind(row.agency_name, row.agency_type, row.state),
            jurisdiction_level=JURISDICTION_BY_TYPE.get(
                row.agency_type.lower(), JurisdictionLevel.OTHER
            ),
            county=row.county[:120]
            if row.agency_type.lower() != "state agency"
            else "",
            notes=f"Created from ICE's 287(g) list of {listed_on} (row {row.number}).",
        )
    return agency


def import_ice_list(
    data,
    file_name,
    *,
    listed_on=None,
    user=None,
    dry_run=False,
    progress=None,
    confirm_removals=False,
):
    """Import one ICE list file (bytes). Raises ImportFailed, writing nothing, when the
    file cannot be imported; with ``dry_run`` everything is done and then rolled back,
    so the report is exactly what the real import would do. A list that would mark
    most current agreements as no longer listed is refused unless
    ``confirm_removals`` (a dry run reports it: ``report.removes_most``)."""
    snapshot = ListSnapshot.objects.filter(
        sha256=hashlib.sha256(data).hexdigest()
    ).first()
    if snapshot:
        if (
            snapshot.kind == ListKind.PARTICIPATING
            and not snapshot.members_recorded
            and not dry_run
        ):
            # Imported before lists kept their agreements: record them now, so
            # that the list can be compared with the others (changes nothing else).
            ice_list = read_ice_list(data, file_name, snapshot.listed_on, progress)
            with transaction.atomic():
                _record_members(snapshot, ice_list)
        return IceListReport(
            file_name=file_name,
            kind=snapshot.kind,
            listed_on=snapshot.listed_on,
            already_imported=snapshot,
            dry_run=dry_run,
        )
    ice_list = read_ice_list(data, file_name, listed_on, progress)
    today = timezone.localdate()
    if ice_list.listed_on > today:
        raise ImportFailed(
            f"{file_name} is dated {ice_list.listed_on}, after today ({today}); ICE "
            "does not publish lists ahead of time. Check the date in the file name, "
            "or give the list's real date (--listed-on YYYY-MM-DD; in the admin, "
            "List date)."
        )
    report = IceListReport(
        file_name=file_name,
        kind=ice_list.kind,
        listed_on=ice_list.listed_on,
        rows_read=len(ice_list.rows),
        dry_run=dry_run,
        warnings=list(ice_list.warnings),
    )
    with transaction.atomic(), page_cache.one_bump():
        snapshot = ListSnapshot.objects.create(
            kind=ice_list.kind,
            file_name=file_name[:255],
            listed_on=ice_list.listed_on,
            sha256=ice_list.sha256,
            rows_read=len(ice_list.rows),
            imported_by=user,
            members_recorded=ice_list.kind == ListKind.PARTICIPATING,
        )
        agencies = AgencyMatcher()
        if ice_list.kind == ListKind.PARTICIPATING:
            report.current_before = Agreement.objects.filter(
                status=AgreementStatus.LISTED
            ).count()
            members = _apply_rows(
                ice_list, agencies, report, Agreement, AgreementStatus
            )
            snapshot.agreements.set(members)
            # Agreements that appeared, came back or left ICE's list change what
            # their agencies hold, beside what they say.
            moved = report.listed_again + report.marked_no_longer_listed
            changes.record_changed(
                agencies={item.agency_id for _row, item in report.created}
                | {item.agency_id for item in moved}
            )
        else:
            report.current_before = AgreementRequest.objects.filter(
                status=RequestStatus.PENDING
            ).count()
            _apply_rows(ice_list, agencies, report, AgreementRequest, RequestStatus)
        report.agencies_created = agencies.created
        if report.removes_most and not (confirm_removals or dry_run):
            # Raised inside the transaction: everything above is undone.
            raise ImportFailed(report.removal_question())
        db_stats.refresh_after_commit(
            [
                Agency,
                AgencyAlias,
                Agreement,
                AgreementRequest,
                ListSnapshot,
                # Which agreements each list held: the list changes page joins it.
                ListSnapshot.agreements.through,
            ]
        )
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
    rows = [(row, agency_for_row(agencies, row, listed_on)) for row in ice_list.rows]
    agencies.save_added()
    existing = {
        _identity(item): item
        for item in model_class.objects.filter(
            agency__in={agency.pk for _row, agency in rows}
        )
    }
    seen, to_create, to_update, changed_fields = {}, [], [], set()
    members = []  # what is on this list, new or not
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
            members.append(item)
            report.created.append((row.number, item))
            continue
        members.append(current)
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
    return members


def _record_members(snapshot, ice_list):
    """Record which known agreements a list imported earlier had (its rows matched
    to agencies and agreements as the import matched them; nothing is created)."""
    matcher = AgencyMatcher()
    rows = [(row, matcher.find(row.agency_name, row.state)) for row in ice_list.rows]
    existing = {
        _identity(item): item
        for item in Agreement.objects.filter(
            agency__in={agency.pk for _row, agency in rows if agency}
        )
    }
    members = []
    for row, agency in rows:
        if agency is None:
            continue
        item = Agreement(
            agency=agency,
            model=row.model,
            signed_on=row.signed_on,
            signed_text=row.signed_text,
        )
        if (current := existing.get(_identity(item))) is not None:
            members.append(current)
    snapshot.agreements.set(members)
    snapshot.members_recorded = True
    snapshot.save(update_fields=["members_recorded"])


def import_ice_lists(
    files,
    *,
    listed_on=None,
    user=None,
    dry_run=False,
    progress=None,
    confirm_removals=False,
):
    """Import several files (``[(bytes, file name), ...]``) as one change: if one
    cannot be imported, none is. A dry run shows each file as it would find the
    database after the ones before it."""
    with transaction.atomic():
        reports = [
            import_ice_list(
                data,
                file_name,
                listed_on=listed_on,
                user=user,
                progress=progress,
                confirm_removals=confirm_removals or dry_run,
            )
            for data, file_name in files
        ]
        for report in reports:
            report.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return reports
