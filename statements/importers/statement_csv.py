"""Statements in bulk from a CSV file: one row per position; rows with the same
agency, date and headline are one statement. The columns are documented in the
README ("Importing data").

All or nothing unless asked otherwise: every problem is listed by row and column and
nothing is written. Re-importing a file updates the statements it made before. Status
changes go through ``publishing.check_status_change``, so a file cannot publish what
its importer could not publish by hand.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify

from .. import publishing
from ..choices import (
    US_STATES,
    AgencyKind,
    DatePrecision,
    EditorialStatus,
    JurisdictionLevel,
    MandateView,
    Stance,
    StatementKind,
    Topic,
)
from ..models import Agency, AgencyAlias, Order, Position, Statement
from ..normalize import normalize_agency_name
from .reading import ImportFailed, clean_text, read_rows

COLUMNS = (
    "agency",
    "agency_kind",
    "agency_state",
    "speaker_name",
    "speaker_title",
    "headline",
    "issued_on",
    "kind",
    "summary",
    "source_name",
    "source_url",
    "orders",
    "topic",
    "stance",
    "mandate_view",
    "quote",
    "status",
)
REQUIRED_COLUMNS = ("agency", "headline", "issued_on", "summary", "stance")
# Columns that belong to the statement, not the position: every row of one statement
# must agree on them.
STATEMENT_COLUMNS = (
    "agency_kind",
    "agency_state",
    "speaker_name",
    "speaker_title",
    "kind",
    "summary",
    "source_name",
    "source_url",
    "status",
)
MAX_LENGTHS = {
    "agency": 255,
    "speaker_name": 200,
    "speaker_title": 200,
    "headline": 300,
    "source_name": 200,
    "source_url": 1000,
}
ISSUED_ON_FORMATS = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "%Y-%m-%d", DatePrecision.DAY),
    (re.compile(r"\d{4}-\d{2}"), "%Y-%m", DatePrecision.MONTH),
    (re.compile(r"\d{4}"), "%Y", DatePrecision.YEAR),
)
STATE_CODES = {name.lower(): code for code, name in US_STATES.items()} | {
    code.lower(): code for code in US_STATES
}
LEVEL_BY_KIND = {
    AgencyKind.SHERIFF: JurisdictionLevel.COUNTY,
    AgencyKind.COUNTY_POLICE: JurisdictionLevel.COUNTY,
    AgencyKind.PROSECUTOR: JurisdictionLevel.COUNTY,
    AgencyKind.MUNICIPAL_POLICE: JurisdictionLevel.MUNICIPAL,
    AgencyKind.STATE_POLICE: JurisdictionLevel.STATE,
    AgencyKind.STATE_AGENCY: JurisdictionLevel.STATE,
}
url_validator = URLValidator(schemes=["http", "https"])


@dataclass
class StatementImportReport:
    dry_run: bool = False
    agencies_created: list = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    def summary(self):
        would = "would be " if self.dry_run else ""
        return (
            f"{len(self.created)} statements {would}created, {len(self.updated)} "
            f"{would}updated, {len(self.unchanged)} unchanged; "
            f"{len(self.agencies_created)} agencies {would}created; "
            f"{len(self.skipped)} rows skipped."
        )


@dataclass
class StatementRows:
    """The valid rows of one statement, with what they resolved to."""

    key: tuple
    first_row: int
    headline: str
    values: dict
    agency: object
    agency_values: dict
    issued_on: datetime.date
    precision: str
    positions: list = field(default_factory=list)
    rows: list = field(default_factory=list)


def choice_value(choices, text):
    """The stored value for a value or label, case-insensitively; None if unknown."""
    wanted = text.strip().lower()
    for value, label in choices.choices:
        if wanted in (value.lower(), label.lower()):
            return value
    return None


def import_statement_csv(
    data, file_name, *, user=None, skip_invalid=False, dry_run=False
):
    """Import statements from CSV bytes. Raises ImportFailed, writing nothing, when any
    row is invalid (unless ``skip_invalid``, which imports whole statements whose rows
    are all valid and reports the rest)."""
    rows = read_rows(data, file_name)
    if not rows or not any(clean_text(v) for v in rows[0][1]):
        raise ImportFailed(f"{file_name} is empty.")
    header = [clean_text(value).lower() for value in rows[0][1]]
    unknown = [name for name in header if name and name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if unknown or missing:
        problems = [f"{file_name}: unknown column “{name}”." for name in unknown]
        problems += [f"{file_name}: missing column “{name}”." for name in missing]
        problems.append(f"The columns are: {', '.join(COLUMNS)}.")
        raise ImportFailed(problems)
    if len(rows) < 2:
        raise ImportFailed(f"{file_name} has a heading row but no statements.")

    with transaction.atomic():
        report = StatementImportReport(dry_run=dry_run)
        resolver = Resolver(user)
        groups, errors = {}, {}
        for number, cells, _links in rows[1:]:
            values = {
                name: clean_text(cells[i]) if i < len(cells) else ""
                for i, name in enumerate(header)
                if name
            }
            if not any(values.values()):
                continue
            row_errors = []
            resolver.add_row(number, values, groups, row_errors)
            if row_errors:
                errors[number] = row_errors
        statements = [group for group in groups.values() if group.rows]
        _check_statuses(statements, user, errors)
        bad_keys = {resolver.row_keys.get(number) for number in errors}
        bad_groups = [
            g for g in statements if g.key in bad_keys or set(g.rows) & set(errors)
        ]
        if errors and not skip_invalid:
            raise ImportFailed(
                [problem for number in sorted(errors) for problem in errors[number]]
            )
        for group in bad_groups:
            statements.remove(group)
            bad_rows = sorted(
                n
                for n in errors
                if n in group.rows or resolver.row_keys[n] == group.key
            )
            for number in group.rows:
                report.skipped.extend(
                    errors.get(number)
                    or [
                        f"row {number}: skipped because row "
                        f"{', '.join(map(str, bad_rows))} of the same statement "
                        "is invalid."
                    ]
                )
        for number in sorted(set(errors) - {r for g in bad_groups for r in g.rows}):
            report.skipped.extend(errors[number])
        for group in statements:
            _save(group, resolver, user, report)
        report.agencies_created = resolver.agencies_created
        if dry_run:
            transaction.set_rollback(True)
    return report


class Resolver:
    """Turns a row's text into agencies, orders, dates and choice values."""

    def __init__(self, user):
        self.user = user
        self.agencies = {}
        for agency in Agency.objects.order_by("pk"):
            for name in (agency.name, agency.short_name):
                if name:
                    key = (normalize_agency_name(name), agency.state)
                    self.agencies.setdefault(key, agency)
        for alias in AgencyAlias.objects.select_related("agency").order_by("pk"):
            self.agencies.setdefault((alias.normalized_name, alias.state), alias.agency)
        self.orders = {}
        for order in Order.objects.all():
            names = {order.slug, order.label, order.number if order.number else None}
            if order.kind == "executive_order" and order.number:
                names |= {f"eo{order.number}", f"executive order {order.number}"}
            for name in names - {None, ""}:
                self.orders.setdefault(" ".join(name.lower().split()), order)
        self.slugs = set(Statement.objects.values_list("slug", flat=True))
        self.agency_slugs = set(Agency.objects.values_list("slug", flat=True))
        self.agencies_created = []
        self.row_keys = {}

    def add_row(self, number, values, groups, errors):
        def error(column, message):
            errors.append(f"row {number}, {column}: {message}")

        for column in REQUIRED_COLUMNS:
            if not values.get(column):
                error(column, "is empty.")
        for column, limit in MAX_LENGTHS.items():
            if len(values.get(column, "")) > limit:
                error(column, f"longer than {limit} characters.")
        state = ""
        if values.get("agency_state"):
            state = STATE_CODES.get(values["agency_state"].lower())
            if state is None:
                error("agency_state", f"unknown state “{values['agency_state']}”.")
        agency_kind = ""
        if values.get("agency_kind"):
            agency_kind = choice_value(AgencyKind, values["agency_kind"])
            if agency_kind is None:
                error("agency_kind", f"unknown kind “{values['agency_kind']}”.")
        issued_on, precision = self._date(values.get("issued_on", ""), error)
        key = None
        if values.get("agency") and values.get("headline") and issued_on:
            agency_key = (normalize_agency_name(values["agency"]), state or "")
            key = (agency_key, issued_on, precision, values["headline"].lower())
        # Remembered even for a bad row, so --skip-invalid can drop its statement.
        self.row_keys[number] = key
        choices = {}
        for column, choice_class, default in (
            ("kind", StatementKind, StatementKind.PRESS_RELEASE),
            ("topic", Topic, Topic.AGREEMENTS_287G),
            ("stance", Stance, None),
            ("mandate_view", MandateView, MandateView.NOT_ADDRESSED),
            ("status", EditorialStatus, ""),
        ):
            text = values.get(column, "")
            choices[column] = choice_value(choice_class, text) if text else default
            if text and choices[column] is None:
                error(
                    column,
                    f"unknown value “{text}” (expected one of: "
                    f"{', '.join(choice_class.values)}).",
                )
        source_url = values.get("source_url", "")
        if source_url:
            try:
                url_validator(source_url)
            except ValidationError:
                error("source_url", f"“{source_url}” is not a web address.")
        orders = []
        for token in filter(
            None, (t.strip() for t in values.get("orders", "").split(";"))
        ):
            order = self.orders.get(" ".join(token.lower().split()))
            if order is None:
                error("orders", f"unknown order “{token}”.")
            orders.append(order)
        if errors:
            return
        agency = self.agencies.get(agency_key)
        if agency is None and not agency_kind:
            error(
                "agency",
                f"no agency “{values['agency']}”"
                + (f" in {state}" if state else " without a state")
                + "; give agency_kind (and agency_state) to create it.",
            )
            return
        statement_values = {
            **{column: values.get(column, "") for column in STATEMENT_COLUMNS},
            "kind": choices["kind"],
            "status": choices["status"],
        }
        group = groups.get(key)
        if group is None:
            group = groups[key] = StatementRows(
                key=key,
                first_row=number,
                headline=values["headline"],
                values=statement_values,
                agency=agency,
                agency_values={
                    "name": values["agency"],
                    "kind": agency_kind,
                    "state": state,
                },
                issued_on=issued_on,
                precision=precision,
            )
        else:
            for column in STATEMENT_COLUMNS:
                if group.values[column] != statement_values[column]:
                    error(
                        column,
                        f"differs from row {group.first_row} of the same statement "
                        "(same agency, date and headline).",
                    )
            if errors:
                return
        for order in orders or [None]:
            repeated = [
                p["row"]
                for p in group.positions
                if p["order"] == order and p["topic"] == choices["topic"]
            ]
            if repeated:
                error(
                    "orders" if order else "topic",
                    f"row {repeated[0]} of the same statement already has a position "
                    f"on {order.label if order else choices['topic']} with this topic.",
                )
                return
        for order in orders or [None]:
            group.positions.append(
                {
                    "order": order,
                    "topic": choices["topic"],
                    "stance": choices["stance"],
                    "mandate_view": choices["mandate_view"],
                    "quote": values.get("quote", ""),
                    "row": number,
                }
            )
        group.rows.append(number)

    def _date(self, text, error):
        for pattern, date_format, precision in ISSUED_ON_FORMATS:
            if pattern.fullmatch(text):
                try:
                    return datetime.datetime.strptime(
                        text, date_format
                    ).date(), precision
                except ValueError:
                    break
        if text:
            error("issued_on", f"“{text}” is not a date (YYYY-MM-DD, YYYY-MM or YYYY).")
        return None, None

    def agency_for(self, group):
        if group.agency is None:
            values = group.agency_values
            key = (normalize_agency_name(values["name"]), values["state"])
            group.agency = self.agencies.get(key)
            if group.agency is None:
                group.agency = Agency.objects.create(
                    name=values["name"],
                    slug=self._unique(
                        slugify(f"{values['name']} {values['state']}"),
                        self.agency_slugs,
                    ),
                    kind=values["kind"],
                    state=values["state"],
                    jurisdiction_level=LEVEL_BY_KIND.get(values["kind"])
                    or (
                        JurisdictionLevel.OTHER
                        if values["state"]
                        else JurisdictionLevel.NATIONAL
                    ),
                    notes="Created by a statement import.",
                )
                self.agencies[key] = group.agency
                self.agencies_created.append(group.agency)
        return group.agency

    def statement_slug(self, headline, issued_on):
        return self._unique(slugify(f"{headline} {issued_on:%Y}")[:200], self.slugs)

    @staticmethod
    def _unique(base, taken):
        base = base or "item"
        slug, counter = base, 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        taken.add(slug)
        return slug


def _existing(group):
    if group.agency is None:
        return None
    return Statement.objects.filter(
        agency=group.agency,
        issued_on=group.issued_on,
        issued_on_precision=group.precision,
        headline__iexact=group.key[3],
    ).first()


def _check_statuses(groups, user, errors):
    """Refuse status changes the importer has no right to make, like the admin form."""
    for group in groups:
        existing = _existing(group)
        old = existing.status if existing else EditorialStatus.DRAFT
        new = group.values["status"] or old
        problem = None
        if existing and not publishing.can_edit(user, existing):
            problem = (
                f"the statement exists and is {existing.get_status_display().lower()}; "
                "only an editor may change it (give --user with an editor's name)."
            )
        else:
            try:
                publishing.check_status_change(user, old, new)
            except publishing.PublishingNotAllowed as refusal:
                problem = str(refusal)
                if user is None:
                    problem += " Give --user with an editor's name to import it as is."
        if problem:
            number = group.first_row
            errors.setdefault(number, []).append(f"row {number}, status: {problem}")


STATEMENT_FIELDS = (
    "speaker_name",
    "speaker_title",
    "kind",
    "summary",
    "source_name",
    "source_url",
)


def _save(group, resolver, user, report):
    agency = resolver.agency_for(group)
    statement = _existing(group)
    created = statement is None
    if created:
        statement = Statement(
            agency=agency,
            headline=group.headline,
            slug=resolver.statement_slug(group.headline, group.issued_on),
            issued_on=group.issued_on,
            issued_on_precision=group.precision,
        )
    changed = created
    for name in STATEMENT_FIELDS:
        if getattr(statement, name) != group.values[name]:
            setattr(statement, name, group.values[name])
            changed = True
    new_status = group.values["status"] or statement.status
    if new_status != statement.status:
        statement.status = new_status
        changed = True
    if changed:
        publishing.stamp(statement, user)
        statement.save()
    positions_changed = _save_positions(statement, group.positions)
    if created:
        report.created.append(statement)
    elif changed or positions_changed:
        report.updated.append(statement)
    else:
        report.unchanged.append(statement)


def _save_positions(statement, positions):
    """Make the statement's positions those of the file, matched by order and topic
    so that an editor's notes on a position survive a re-import."""
    current = {(p.order_id, p.topic): p for p in statement.positions.all()}
    wanted = {}
    for values in positions:
        key = (values["order"].pk if values["order"] else None, values["topic"])
        wanted[key] = values
    changed = False
    for key, position in current.items():
        if key not in wanted:
            position.delete()
            changed = True
    for key, values in wanted.items():
        fields = {
            "stance": values["stance"],
            "mandate_view": values["mandate_view"],
            "quote": values["quote"],
        }
        position = current.get(key)
        if position is None:
            Position.objects.create(
                statement=statement,
                order=values["order"],
                topic=values["topic"],
                **fields,
            )
            changed = True
        elif any(getattr(position, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(position, name, value)
            position.save()
            changed = True
    return changed
