"""Importing the order catalogue from a CSV file (``data/orders/orders.csv``): federal
executive orders and proclamations, and state laws, with their lineage.

Each row is one order, known by a slug made from its kind and number (``eo-13768``,
``proclamation-10141``, ``tx-sb-8-2025-89r``), so importing the file again finds the
same orders and changes nothing. All or nothing: any bad cell stops the import with
``row N, column: …`` and nothing is written. The file speaks for the columns it has;
what only editors write (the summary) is never touched.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from .. import changes
from ..choices import OrderKind, OrderStatus, state_code
from ..models import Order
from .reading import ImportFailed, is_web_address, read_table, row_values

COLUMNS = (
    "kind",
    "number",
    "title",
    "signed_on",
    "published_on",
    "effective_on",
    "citation",
    "document_number",
    "url",
    "status",
    "revoked_by",
    "source",
)
REQUIRED_COLUMNS = ("kind", "number", "title")

# Sources describe an order's status in their own words ("revoked and replaced by
# EO 13780 as of 2017-03-16", "enacted; effective 2026-01-01; ..."). The first phrase
# found, in this order, gives the status; a blank status means in effect.
STATUS_PHRASES = (
    ("vetoed", OrderStatus.VETOED),
    ("replaced", OrderStatus.SUPERSEDED),
    ("superseded", OrderStatus.SUPERSEDED),
    ("revoked", OrderStatus.REVOKED),
    ("rescinded", OrderStatus.REVOKED),
    ("expired", OrderStatus.EXPIRED),
    ("component blocked", OrderStatus.PARTIALLY_ENJOINED),
    ("partially", OrderStatus.PARTIALLY_ENJOINED),
    ("paused by courts", OrderStatus.ENJOINED),
    ("enjoined", OrderStatus.ENJOINED),
    ("blocked", OrderStatus.ENJOINED),
    ("enacted", OrderStatus.IN_EFFECT),
    ("in force", OrderStatus.IN_EFFECT),
    ("in effect", OrderStatus.IN_EFFECT),
)
ENDED = (OrderStatus.REVOKED, OrderStatus.SUPERSEDED)
EFFECTIVE = re.compile(r"\beffective (\d{4}-\d{2}-\d{2})")
AS_OF = re.compile(r"\bas of (\d{4}-\d{2}-\d{2})")
# "TX SB 8 (2025, 89R)": the state's code, then the bill as the state numbers it.
STATE_BILL = re.compile(r"^([A-Za-z]{2})\s+(\S.*)$")
SLUG_PREFIXES = {
    OrderKind.EXECUTIVE_ORDER: "eo",
    OrderKind.PROCLAMATION: "proclamation",
}
# The fields the file decides, compared to find what an import changes.
FILE_FIELDS = (
    "kind",
    "number",
    "title",
    "jurisdiction",
    "signed_on",
    "published_on",
    "effective_on",
    "citation",
    "document_number",
    "url",
    "status",
    "status_note",
    "sources",
    "replaced_by_id",
    "ended_on",
)


@dataclass
class OrderImportReport:
    dry_run: bool = False
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    def summary(self):
        would = "would be " if self.dry_run else ""
        return (
            f"{len(self.created)} orders {would}created, {len(self.updated)} "
            f"{would}updated, {len(self.unchanged)} unchanged."
        )


@dataclass
class OrderRow:
    number: int
    values: dict
    revoked_by: str


def order_slug(kind, number, jurisdiction):
    """The stable key of an order: kind and number for federal orders, state and
    bill for state laws."""
    if jurisdiction != "US":
        return slugify(f"{jurisdiction} {number}")[:120]
    prefix = SLUG_PREFIXES.get(kind, kind.replace("_", "-"))
    return slugify(f"{prefix} {number}")[:120]


def status_from_text(text):
    """The status a source's words describe, or None if none of them is known."""
    lowered = text.lower()
    if lowered in OrderStatus.values:
        return OrderStatus(lowered)
    if not lowered:
        return OrderStatus.IN_EFFECT
    for phrase, status in STATUS_PHRASES:
        if phrase in lowered:
            return status
    return None


def _date(text, number, column, errors):
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        errors.append(
            f"row {number}, {column}: “{text}” is not a date; write it as YYYY-MM-DD."
        )
        return None


def _read_row(number, cells, errors):
    problems_before = len(errors)
    kind = cells["kind"].lower()
    if kind not in OrderKind.values:
        errors.append(
            f"row {number}, kind: “{cells['kind']}” is not a kind of order; use one "
            f"of {', '.join(OrderKind.values)}."
        )
    bill = cells["number"]
    jurisdiction = "US"
    if not bill:
        errors.append(f"row {number}, number: empty; every order needs its number.")
    elif kind in (OrderKind.STATE_LAW, OrderKind.STATE_EXECUTIVE_ORDER):
        match = STATE_BILL.match(bill)
        code = state_code(match[1]) if match else None
        if code is None:
            errors.append(
                f"row {number}, number: “{bill}” does not start with a state's "
                "two-letter code; write it like “TX SB 8 (2025, 89R)”."
            )
        else:
            jurisdiction, bill = code, match[2]
    if not cells["title"]:
        errors.append(f"row {number}, title: empty; every order needs its title.")
    url = cells["url"]
    if url and not is_web_address(url):
        errors.append(
            f"row {number}, url: “{url}” is not a web address; give an http(s) address "
            "or leave it empty."
        )
    status_text = cells["status"]
    status = status_from_text(status_text)
    if status is None:
        errors.append(
            f"row {number}, status: cannot tell the status from “{status_text}”; "
            "start it with enacted, in force, revoked, replaced, vetoed, enjoined, "
            "expired or a status value."
        )
    if cells["revoked_by"] and status not in ENDED:
        # A revoking order named with no word on the status: it was revoked.
        status = OrderStatus.REVOKED
    dates = {
        column: _date(cells[column], number, column, errors)
        for column in ("signed_on", "published_on", "effective_on")
    }
    if not dates["effective_on"] and (match := EFFECTIVE.search(status_text)):
        dates["effective_on"] = _date(match[1], number, "status", errors)
    for column, limit in (("citation", 60), ("document_number", 40)):
        if len(cells[column]) > limit:
            errors.append(
                f"row {number}, {column}: longer than {limit} characters; shorten it."
            )
    if len(errors) > problems_before:
        return None
    return OrderRow(
        number=number,
        revoked_by=cells["revoked_by"],
        values={
            "kind": kind,
            "number": bill,
            "title": cells["title"][:300],
            "jurisdiction": jurisdiction,
            "slug": order_slug(kind, bill, jurisdiction),
            **dates,
            "citation": cells["citation"],
            "document_number": cells["document_number"],
            "url": url,
            "status": status,
            "status_note": status_text,
            "sources": cells["source"],
        },
    )


def _lineage(rows, orders, errors):
    """Point each revoked order at the one that revoked it (named by its label or
    number, in the file or already in the catalogue), ending it on the date the
    status gives ("as of 2017-03-16") or else the day the revoking order was signed."""
    names = {}
    for order in Order.objects.exclude(pk__in=[o.pk for o in orders.values() if o.pk]):
        for name in order.names():
            names.setdefault(name, order)
    for order in orders.values():
        for name in order.names():
            names[name] = order
    for row in rows:
        order = orders[row.values["slug"]]
        if not row.revoked_by:
            order.replaced_by, order.ended_on = None, None
            continue
        by = names.get(" ".join(row.revoked_by.lower().split()))
        if by is None:
            errors.append(
                f"row {row.number}, revoked_by: no order “{row.revoked_by}” in the "
                "file or the catalogue; name it by its number as the file does "
                "(EO 13993, Proclamation 10141) or add its row."
            )
            continue
        if by is order:
            errors.append(
                f"row {row.number}, revoked_by: an order cannot revoke itself."
            )
            continue
        order.replaced_by = by
        as_of = AS_OF.search(row.values["status_note"])
        order.ended_on = (
            datetime.date.fromisoformat(as_of[1]) if as_of else by.signed_on
        )


def import_order_csv(data, file_name, *, dry_run=False, progress=None):
    """Import orders from CSV bytes, all or nothing; raises ImportFailed, writing
    nothing, when any cell is bad."""
    header, rows = read_table(data, file_name, COLUMNS, REQUIRED_COLUMNS, "orders")

    errors, read, seen = [], [], {}
    for done, (number, cells, _links) in enumerate(rows, start=1):
        values = row_values(header, cells)
        if progress:
            progress(done, len(rows))
        if not any(values.values()):
            continue
        row = _read_row(
            number, {name: values.get(name, "") for name in COLUMNS}, errors
        )
        if row is None:
            continue
        slug = row.values["slug"]
        if slug in seen:
            errors.append(
                f"row {number}, number: the same order as row {seen[slug]}; "
                "keep one row per order."
            )
            continue
        seen[slug] = number
        read.append(row)
    if errors:
        raise ImportFailed(errors)

    report = OrderImportReport(dry_run=dry_run)
    with transaction.atomic():
        existing = Order.objects.in_bulk(
            [row.values["slug"] for row in read], field_name="slug"
        )
        orders, before = {}, {}
        for row in read:
            slug = row.values["slug"]
            order = existing.get(slug) or Order()
            before[slug] = (
                {name: getattr(order, name) for name in FILE_FIELDS}
                if order.pk
                else None
            )
            for name, value in row.values.items():
                setattr(order, name, value)
            orders[slug] = order
        _lineage(read, orders, errors)
        if errors:
            raise ImportFailed(errors)
        # Save the revoking orders first, so each revoked one can point at a saved row.
        for order in _revokers_first(orders.values()):
            if order.replaced_by is not None:
                # The revoking order may have been saved just now: take its key.
                order.replaced_by_id = order.replaced_by.pk
            old = before[order.slug]
            if old is None:
                order.save()
                report.created.append(order)
            elif old != {name: getattr(order, name) for name in FILE_FIELDS}:
                order.save()
                report.updated.append(order)
            else:
                report.unchanged.append(order)
        # An order's end date decides which positions on it count as in force.
        changes.record_changed(orders=report.created + report.updated)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _revokers_first(orders):
    """The orders in an order where each one comes after the order that revoked it."""
    done, ordered = set(), []

    def visit(order, path=()):
        if id(order) in done or id(order) in path:
            return
        if order.replaced_by is not None and order.replaced_by.pk is None:
            visit(order.replaced_by, (*path, id(order)))
        done.add(id(order))
        ordered.append(order)

    for order in orders:
        visit(order)
    return ordered
