"""Reading a statement CSV file: one row per position; rows with the same agency,
date and headline are one statement. The columns are documented in the README
("Importing data"). ``Resolver`` turns each row's text into agencies, orders, dates
and vocabulary values, listing every problem by row and column; ``statement_import``
saves what it resolved."""

import datetime
import re
from dataclasses import dataclass, field

from ..choices import (
    AgencyKind,
    DatePrecision,
    EditorialStatus,
    JurisdictionLevel,
    MandateView,
    Stance,
    StatementKind,
    Topic,
    state_code,
)
from ..models import Order, Statement
from .matching import AgencyMatcher, agency_key, unique_slug
from .reading import is_web_address

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
LEVEL_BY_KIND = {
    AgencyKind.SHERIFF: JurisdictionLevel.COUNTY,
    AgencyKind.COUNTY_POLICE: JurisdictionLevel.COUNTY,
    AgencyKind.PROSECUTOR: JurisdictionLevel.COUNTY,
    AgencyKind.MUNICIPAL_POLICE: JurisdictionLevel.MUNICIPAL,
    AgencyKind.STATE_POLICE: JurisdictionLevel.STATE,
    AgencyKind.STATE_AGENCY: JurisdictionLevel.STATE,
}


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


class Resolver:
    """Turns a row's text into agencies, orders, dates and choice values."""

    def __init__(self, user):
        self.user = user
        self.agencies = AgencyMatcher()
        self.orders = {}
        for order in Order.objects.all():
            for name in order.names():
                self.orders.setdefault(name, order)
        self.slugs = set(Statement.objects.values_list("slug", flat=True))
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
            state = state_code(values["agency_state"])
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
            key = (
                agency_key(values["agency"], state),
                issued_on,
                precision,
                values["headline"].lower(),
            )
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
        if source_url and not is_web_address(source_url):
            error("source_url", f"“{source_url}” is not a web address.")
        orders = []
        for token in filter(
            None, (t.strip() for t in values.get("orders", "").split(";"))
        ):
            order = self.orders.get(" ".join(token.lower().split()))
            if order is None:
                error("orders", f"unknown order “{token}”.")
            orders.append(order)
        agency = None
        if values.get("agency") and state is not None:
            agency = self.agencies.find(values["agency"], state)
            if agency is None and not agency_kind:
                error(
                    "agency",
                    f"no agency “{values['agency']}”"
                    + (f" in {state}" if state else " without a state")
                    + "; give agency_kind (and agency_state) to create it, or check "
                    "the name against the agency list.",
                )
            elif (
                agency is None
                and self.user
                and not self.user.has_perm("statements.add_agency")
            ):
                # Agencies are public records that only editors add (roles.py).
                error(
                    "agency",
                    f"no agency “{values['agency']}” yet, and only an editor may "
                    "add one: ask an editor to add it, or give --user with an "
                    "editor's name.",
                )
        # Every problem of the row is listed before giving up on it.
        if errors:
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
            group.agency = self.agencies.find(values["name"], values["state"])
            if group.agency is None:
                group.agency = self.agencies.create(
                    values["name"],
                    values["state"],
                    kind=values["kind"],
                    jurisdiction_level=LEVEL_BY_KIND.get(values["kind"])
                    or (
                        JurisdictionLevel.OTHER
                        if values["state"]
                        else JurisdictionLevel.NATIONAL
                    ),
                    notes="Created by a statement import.",
                )
        return group.agency

    def statement_slug(self, headline, issued_on):
        return unique_slug(f"{headline} {issued_on:%Y}", self.slugs, max_length=200)
