"""Read-side helpers that gather what several pages show: statements per year, the
map's rows per state, an agency's stance timeline and an order's lineage."""

from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import ExtractYear

from .choices import (
    Stance,
)
from .models import Agency, Agreement, Position


def statements_per_year(statements):
    rows = (
        statements.order_by()
        .annotate(year=ExtractYear("issued_on"))
        .values("year")
        .annotate(n=Count("id"))
    )
    return {row["year"]: row["n"] for row in rows}


def map_rows():
    """Per state: listed agreements, agencies holding them, and the stance mix of
    public statements by agencies of that state."""
    rows = defaultdict(lambda: {"agreements": 0, "agencies": 0, "stances": {}})
    for row in Agreement.objects.currently_listed().counts_by_state():
        if row["state"]:
            rows[row["state"]]["agreements"] = row["total"]
    holders = (
        Agency.objects.holding_agreements()
        .order_by()
        .values("state")
        .annotate(n=Count("id"))
    )
    for row in holders:
        if row["state"]:
            rows[row["state"]]["agencies"] = row["n"]
    stances = (
        Position.objects.published()
        .exclude(statement__agency__state="")
        .order_by()
        .values("statement__agency__state", "stance")
        .annotate(n=Count("id"))
    )
    for row in stances:
        state = row["statement__agency__state"]
        rows[state]["stances"][Stance(row["stance"])] = row["n"]
    return dict(rows)


def stance_timeline(statements):
    """The agency's statements, oldest first, each with the positions whose stance
    differs from the one it last took on the same order or topic."""
    last = {}
    entries = []
    for statement in statements:
        changes = []
        for position in statement.positions.all():
            key = position.order_id or position.topic
            previous = last.get(key)
            if previous and previous.stance != position.stance:
                changes.append((previous, position))
            last[key] = position
        entries.append({"statement": statement, "changes": changes})
    return entries


def lineage(order, all_orders):
    """Every order linked to ``order`` through ``replaced_by``, in either direction,
    oldest first: the chain of orders that revoked or replaced one another."""
    by_id = {o.pk: o for o in all_orders}
    replaces = defaultdict(list)
    for o in all_orders:
        if o.replaced_by_id:
            replaces[o.replaced_by_id].append(o)
    seen, todo = set(), [order.pk]
    while todo:
        pk = todo.pop()
        if pk in seen or pk not in by_id:
            continue
        seen.add(pk)
        current = by_id[pk]
        if current.replaced_by_id:
            todo.append(current.replaced_by_id)
        todo.extend(o.pk for o in replaces[pk])
    chain = [by_id[pk] for pk in seen]
    for o in chain:
        o.replaced_by_in_chain = by_id.get(o.replaced_by_id)
    return sorted(chain, key=lambda o: (o.signed_on is None, o.signed_on, o.pk))
