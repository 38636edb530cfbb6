"""Words beside deeds: an agency's stance on taking part in federal immigration
enforcement, and what that stance is beside the 287(g) agreements it holds.

Saying in public that an agency's words and deeds differ is a claim about a named
agency, so the rule is written once, here, and stated conservatively:

- Only positions whose topic is participation (``Topic.PARTICIPATION``: 287(g)
  agreements, mandates) make up the stance. Sanctuary funding, detainers, information
  sharing or travel bans are about other things.
- Within one statement, positions on an order in force on the statement's date
  outweigh positions on an order already revoked or replaced by then (its
  ``ended_on`` has passed). If the positions left still take different sides, the
  statement's stance is "mixed", which never counts as a difference.
- The latest statement (issued or co-issued) that takes a side gives the agency's
  stance; statements that take no side ("no position", "unclear") do not hide it.
- Words and deeds differ only when that stance opposes taking part while the agency
  holds an agreement on ICE's current list. "Local decision" is not opposition: an
  agency that calls participation a local choice and then signs is consistent.
  Supporting taking part while ICE lists no agreement is noted as a fact.

``assess`` is the rule, on plain values, with no database. ``refresh`` computes it
for agencies from their public statements and their agreements and stores the result
on each agency, so that pages, filters, exports and the API read stored values. It is
called by ``changes.record_changed`` whenever one of its inputs changes.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.core.cache import cache
from django.db import connections, models, router, transaction
from django.utils import timezone

from .choices import (
    AgencyKind,
    AgreementStatus,
    MandateView,
    Stance,
    Topic,
    WordsAndDeeds,
)
from .querysets import is_public

# Agencies per round of queries in ``refresh``: bounds memory and SQL parameters.
BATCH_SIZE = 500


@dataclass(frozen=True)
class SaidPosition:
    """What the rule needs to know of one public position of an agency's statement."""

    statement_id: int
    issued_on: datetime.date
    topic: str
    stance: str
    mandate_view: str = MandateView.NOT_ADDRESSED
    # When the order the position is about stopped being in effect; None for a
    # general position or an order still in force (or whose end is not known).
    order_ended_on: datetime.date | None = None

    @property
    def order_in_force(self):
        """Was the order in force on the day the statement was made?"""
        return self.order_ended_on is None or self.order_ended_on > self.issued_on


@dataclass(frozen=True)
class Assessment:
    stance: str = ""
    mandate_view: str = ""
    # The statement that carries the stance, for the evidence shown beside it.
    statement_id: int | None = None
    words_and_deeds: str = ""


def statement_stance(positions):
    """The participation stance of one statement from its positions, or "" if it
    takes none: a side when the positions agree, "mixed" when they do not, or the
    no-side stance when none takes a side."""
    participation = [p for p in positions if p.topic in Topic.PARTICIPATION]
    sides = [p for p in participation if p.stance not in Stance.NO_SIDE]
    if not sides:
        no_side = {p.stance for p in participation}
        if not no_side:
            return ""
        return (
            Stance.INFORMATIONAL if Stance.INFORMATIONAL in no_side else no_side.pop()
        )
    in_force = [p for p in sides if p.order_in_force]
    stances = {p.stance for p in in_force or sides}
    return stances.pop() if len(stances) == 1 else Stance.MIXED


def statement_mandate_view(positions):
    """The view on mandates one statement gives, or "" if it gives none or two."""
    stated = [p for p in positions if p.mandate_view != MandateView.NOT_ADDRESSED]
    in_force = [p for p in stated if p.order_in_force]
    views = {p.mandate_view for p in in_force or stated}
    return views.pop() if len(views) == 1 else ""


def assess(agency_kind, positions, agreement_statuses):
    """The rule. ``positions``: the agency's public ``SaidPosition``s (as issuer or
    co-issuer); ``agreement_statuses``: the status of each agreement it holds."""
    by_statement = {}
    for position in positions:
        by_statement.setdefault(position.statement_id, []).append(position)
    newest_first = sorted(
        by_statement.items(),
        key=lambda item: (item[1][0].issued_on, item[0]),
        reverse=True,
    )
    stance, statement_id, no_side = "", None, None
    mandate_view = ""
    for candidate_id, said in newest_first:
        candidate = statement_stance(said)
        if candidate and candidate not in Stance.NO_SIDE and not stance:
            stance, statement_id = candidate, candidate_id
        elif candidate in Stance.NO_SIDE and no_side is None:
            no_side = (candidate, candidate_id)
        if not mandate_view:
            mandate_view = statement_mandate_view(said)
        if stance and mandate_view:
            break
    if not stance and no_side:
        stance, statement_id = no_side
    holds_listed = AgreementStatus.LISTED in set(agreement_statuses)
    words_and_deeds = ""
    if stance in Stance.AGAINST_PARTICIPATION and holds_listed:
        words_and_deeds = WordsAndDeeds.OPPOSES_YET_HOLDS
    elif (
        stance in Stance.FOR_PARTICIPATION
        and not holds_listed
        and agency_kind in AgencyKind.CAN_HOLD_AGREEMENTS
    ):
        words_and_deeds = WordsAndDeeds.SUPPORTS_HOLDS_NONE
    return Assessment(
        stance=stance,
        mandate_view=mandate_view,
        statement_id=statement_id,
        words_and_deeds=words_and_deeds,
    )


STORED_FIELDS = (
    "current_stance",
    "current_mandate_view",
    "stance_statement",
    "words_and_deeds",
    "stance_due_at",
)


def refresh(agency_ids=None, apps=global_apps):
    """Compute the rule for these agencies (every agency if None) from their public
    statements and their agreements, and store it on them. Returns how many changed.
    Runs in the caller's transaction, so the stored stance changes with its inputs.
    ``apps``: a migration's historical models, for data migrations."""
    Agency = apps.get_model("statements", "Agency")
    if agency_ids is None:
        agency_ids = Agency.objects.order_by("pk").values_list("pk", flat=True)
    agency_ids = sorted(set(agency_ids))
    changed = 0
    for start in range(0, len(agency_ids), BATCH_SIZE):
        changed += _refresh_batch(agency_ids[start : start + BATCH_SIZE], apps)
    return changed


# The earliest time a scheduled statement goes public, kept in the cache so that most
# requests need no query; each process looks again at least this often, so a
# statement scheduled from another process is seen within a minute.
NEXT_DUE_KEY = "stances:next-due"
NEXT_DUE_SECONDS = 60
NOTHING_SCHEDULED = "nothing scheduled"


def refresh_due(now=None):
    """Refresh the agencies whose scheduled statement has become public since their
    stance was stored. Returns how many were due. Usually no query at all (the next
    due time is cached); one indexed query when the cache has expired."""
    from .models import Agency

    now = now or timezone.now()
    next_due = cache.get(NEXT_DUE_KEY)
    if next_due == NOTHING_SCHEDULED or (next_due is not None and next_due > now):
        return 0
    earliest = Agency.objects.aggregate(earliest=models.Min("stance_due_at"))
    earliest = earliest["earliest"]
    due = []
    if earliest is not None and earliest <= now:
        from . import changes

        due = list(
            Agency.objects.filter(stance_due_at__lte=now).values_list("pk", flat=True)
        )
        # Statements became public: stances, and every page that lists them.
        with transaction.atomic():
            changes.record_changed(agencies=due)
        earliest = Agency.objects.aggregate(earliest=models.Min("stance_due_at"))[
            "earliest"
        ]
    cache.set(NEXT_DUE_KEY, earliest or NOTHING_SCHEDULED, NEXT_DUE_SECONDS)
    return len(due)


def forget_next_due():
    """A stance was stored: the next due time may have changed."""
    cache.delete(NEXT_DUE_KEY)


def _refresh_batch(agency_ids, apps):
    Agency, Agreement, Position, Statement = (
        apps.get_model("statements", name)
        for name in ("Agency", "Agreement", "Position", "Statement")
    )
    now = timezone.now()
    through = Statement.co_issuers.through.objects.filter(agency__in=agency_ids)
    # Each agency's public positions: on the statements it issued, then on those it
    # co-issued. Simple queries, each served by an index whatever the planner knows
    # (no statistics yet, right after a bulk load): no OR, no nested subquery.
    said = {agency_id: [] for agency_id in agency_ids}
    fields = (
        "statement_id",
        "statement__issued_on",
        "topic",
        "stance",
        "mandate_view",
        "order__ended_on",
    )
    public_position = is_public(now, prefix="statement__")
    issued = Position.objects.filter(
        public_position, statement__agency__in=agency_ids
    ).values_list("statement__agency_id", *fields)
    for agency_id, *values in issued.order_by():
        said[agency_id].append(SaidPosition(*values))
    co_issuers = {}
    for statement_id, agency_id in through.values_list("statement_id", "agency_id"):
        co_issuers.setdefault(statement_id, []).append(agency_id)
    co_issued_ids = sorted(co_issuers)
    for start in range(0, len(co_issued_ids), BATCH_SIZE):
        chunk = co_issued_ids[start : start + BATCH_SIZE]
        rows = Position.objects.filter(public_position, statement__in=chunk)
        for values in rows.order_by().values_list(*fields):
            for agency_id in co_issuers[values[0]]:
                said[agency_id].append(SaidPosition(*values))
    statuses = {agency_id: [] for agency_id in agency_ids}
    for agency_id, status in Agreement.objects.filter(
        agency__in=agency_ids
    ).values_list("agency", "status"):
        statuses[agency_id].append(status)
    # The next scheduled publication of each agency's statements: its stance must be
    # computed again then (``refresh_due``).
    due = {}
    scheduled = Statement.objects.scheduled(now)
    pairs = list(
        scheduled.filter(agency__in=agency_ids)
        .order_by()
        .values_list("agency", "published_at")
    )
    for start in range(0, len(co_issued_ids), BATCH_SIZE):
        chunk = co_issued_ids[start : start + BATCH_SIZE]
        for statement_id, published_at in (
            scheduled.filter(pk__in=chunk).order_by().values_list("pk", "published_at")
        ):
            pairs += [
                (agency_id, published_at) for agency_id in co_issuers[statement_id]
            ]
    for agency_id, published_at in pairs:
        due[agency_id] = min(published_at, due.get(agency_id, published_at))

    rows = []
    for agency in Agency.objects.filter(pk__in=agency_ids).only(
        "pk", "kind", *STORED_FIELDS
    ):
        result = assess(agency.kind, said[agency.pk], statuses[agency.pk])
        values = (
            result.stance,
            result.mandate_view,
            result.statement_id,
            result.words_and_deeds,
            due.get(agency.pk),
        )
        stored = tuple(
            getattr(agency, Agency._meta.get_field(name).attname)
            for name in STORED_FIELDS
        )
        if stored != values:
            rows.append((*values, agency.pk))
    _store(Agency, rows)
    if rows:
        forget_next_due()
    return len(rows)


def _store(Agency, rows):
    """Write the results: one UPDATE statement run for many rows (Django's
    bulk_update builds a CASE per field and row, which took most of a full refresh)."""
    if not rows:
        return
    connection = connections[router.db_for_write(Agency)]
    meta = Agency._meta
    columns = ", ".join(
        f"{connection.ops.quote_name(meta.get_field(name).column)} = %s"
        for name in STORED_FIELDS
    )
    sql = (
        f"UPDATE {connection.ops.quote_name(meta.db_table)} SET {columns} "
        f"WHERE {connection.ops.quote_name(meta.pk.column)} = %s"
    )
    field = meta.get_field("stance_due_at")
    rows = [
        (*row[:4], field.get_db_prep_value(row[4], connection), row[5]) for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
