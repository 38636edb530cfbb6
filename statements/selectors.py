"""Read-side helpers that gather what pages show: the home page's figures, statements
per year, the map's rows per state, an agency's stance timeline and its words beside its deeds, an order's
lineage."""

import datetime
from collections import defaultdict

from django.contrib.humanize.templatetags.humanize import apnumber
from django.db.models import Count
from django.db.models.functions import ExtractYear

from .choices import AgreementStatus, Stance, WordsAndDeeds
from .models import Agency, Agreement, Position, Statement


def home_counts():
    """The figures at the top of the home page."""
    return {
        "statement_count": Statement.objects.published().count(),
        "agency_count": Agency.objects.with_public_statements().count(),
        "agreement_count": Agreement.objects.currently_listed().count(),
        "holder_count": Agency.objects.holding_agreements().count(),
        "diverging_count": Agency.objects.words_against_deeds().count(),
    }


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
    return {state: dict(row) for state, row in rows.items()}


def stance_timeline(statements, earlier=None):
    """The agency's statements, oldest first, each with the positions whose stance
    differs from the one it last took on the same order or topic. ``earlier``: the
    statement just before the first one shown (on an earlier page), so that a change
    at the edge of a page is marked too."""
    last = {}
    entries = []
    for position in earlier.position_list if earlier else ():
        last[position.order_id or position.topic] = position
    for statement in statements:
        changes = []
        for position in statement.position_list:
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


def words_and_deeds_evidence(agency, agreements):
    """What an agency said beside what it holds, in date order, so that a reader sees
    which came first: the statement that gives its current stance ("said") and each
    agreement on ICE's current list ("signed"). Agreements whose signed date ICE
    printed unreadably come last, with the text as printed."""
    entries = []
    statement = agency.stance_statement
    if statement is not None:
        entries.append(
            {
                "kind": "said",
                "on": statement.issued_on,
                "date_display": statement.issued_on_display,
                "statement": statement,
                "stance": Stance(agency.current_stance),
            }
        )
    for agreement in agreements:
        if agreement.status != AgreementStatus.LISTED:
            continue
        entries.append(
            {
                "kind": "signed",
                "on": agreement.signed_on,
                "agreement": agreement,
            }
        )
    return sorted(
        entries, key=lambda e: (e["on"] is None, e["on"] or datetime.date.min)
    )


def words_and_deeds_summary(agency, listed, no_longer_listed):
    """The neutral sentences that introduce the evidence on an agency's page, for its
    stored words-and-deeds result; "" when there is nothing to note."""
    name = agency.display_name
    n = len(listed)
    if agency.words_and_deeds == WordsAndDeeds.OPPOSES_YET_HOLDS:
        return (
            f"In its latest statement that takes a side on taking part in federal "
            f"immigration enforcement, {name} opposes taking part. ICE's current list "
            f"shows {apnumber(n)} 287(g) agreement{'' if n == 1 else 's'} held by "
            f"{name}. The "
            "dates below show what it said and what it signed, in order."
        )
    if agency.words_and_deeds == WordsAndDeeds.SUPPORTS_HOLDS_NONE:
        gone = len(no_longer_listed)
        earlier = (
            f" ({apnumber(gone)} earlier agreement{'' if gone == 1 else 's'} no "
            "longer listed)"
            if gone
            else ""
        )
        return (
            f"In its latest statement that takes a side, {name} supports taking part "
            "in federal immigration enforcement. ICE's current list shows no 287(g) "
            f"agreement for it{earlier}. This is a fact, not a contradiction: an "
            "agency may support taking part without holding an agreement."
        )
    return ""
