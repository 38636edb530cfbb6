"""Read-side vocabulary for statements.

``StatementQuerySet.published`` is the only gate to public data: every public path
(pages, feeds, sitemaps, exports, the API, counts and charts) starts from it. Its
condition is written once, in ``is_public``, so that queries about positions can
apply it through a join rather than a subquery over every statement.
"""

import functools
import re
from collections import defaultdict

from django.db import connections, models
from django.utils import timezone

from .choices import AgreementModel, AgreementStatus, EditorialStatus, WordsAndDeeds
from .compiled_queries import QueryForIds
from .roles import sees_unpublished


def is_public(at=None, prefix=""):
    """The condition a reader may see a statement by: published, and due
    (``published_at`` reached). ``at`` is the moment to judge by (now unless given);
    a statement whose ``published_at`` is exactly that moment is public. ``prefix``
    reaches the statement from another model (``"statement__"``)."""
    published = InlinedWord(EditorialStatus.PUBLISHED)
    return models.Q(
        models.lookups.Exact(models.F(f"{prefix}status"), published),
        **{f"{prefix}published_at__lte": at or timezone.now()},
    )


class InlinedWord(models.Value):
    """A fixed word of the code (an editorial status) written into the SQL as a
    literal, not bound as a parameter. SQLite takes its index of the public
    statements (``WHERE status = 'published'``) as holding what a query needs only
    when it sees the query ask for that very status: given ``status = ?`` it read
    every row its walk of the index passed, to check the status (130 ms to count
    the public statements at 100,000, 140 ms for a sitemap page deep in the list).
    PostgreSQL is sent literals by Django anyway."""

    WORD = re.compile(r"[a-z_]+")

    def as_sql(self, compiler, connection):
        if not isinstance(self.value, str) or not self.WORD.fullmatch(self.value):
            raise ValueError(f"Not a fixed word of the code: {self.value!r}")
        return f"'{self.value}'", []


def narrowed_to_ids(queryset, ids):
    """``queryset`` narrowed to the statements whose id ``ids`` (a subquery: the
    statements with a matching position, or matching a search) yields, planned
    well on each database.

    SQLite, given ``id IN (...)``, looks up every id found and sorts them all
    before it takes a page: 22,000 statements for a common search word, reading
    each row past its long text to the status stored after it. Written as
    ``id + 0`` the ids are only tested, so SQLite walks the public statements
    newest first in their index (which holds what the test needs) and stops at
    the end of the page: at most one walk of that index when few statements match,
    instead of a sort of all of them when many do. PostgreSQL chooses between the
    two itself."""
    if connections[queryset.db].vendor == "sqlite":
        tested_id = models.ExpressionWrapper(
            models.F("pk") + 0, output_field=models.IntegerField()
        )
        return queryset.alias(id_tested=tested_id).filter(id_tested__in=ids)
    return queryset.filter(pk__in=ids)


def public_statement_exists(agency_field):
    """The condition "the agency in ``agency_field`` of the outer query issued or
    co-issued a public statement", for annotations (agencies: ``"pk"``; agreements:
    ``"agency"``)."""
    from .models import Statement

    agency = models.OuterRef(agency_field)
    issued = Statement.objects.published().filter(agency=agency)
    co_issued = Statement.co_issuers.through.objects.filter(
        is_public(prefix="statement__"), agency=agency
    )
    return models.Exists(issued) | models.Exists(co_issued)


# The columns cards show: a fraction of a statement's (the slow ones to read, long
# texts, dates and times, mostly left out), and of its agency, co-issuers and
# orders (names, addresses, an order's label). A feed entry also shows the summary
# and when it was last updated: reading fifty summaries of 1–3 kB that a list
# never shows was a tenth of a list page.
CARD_STATEMENT_FIELDS = (
    "id",
    "agency",
    "headline",
    "slug",
    "issued_on",
    "issued_on_precision",
    "status",
    "published_at",
)
FEED_STATEMENT_FIELDS = ("summary", "updated_at")
CARD_AGENCY_FIELDS = ("id", "name", "short_name", "slug", "state")
CARD_ORDER_FIELDS = ("id", "slug", "kind", "number", "jurisdiction", "title")
CARD_POSITION_FIELDS = (
    "id",
    "statement",
    "order",
    "topic",
    "stance",
    "mandate_view",
    "quote",
)


def card_orders():
    """Orders with the columns a card, a position's line and the order filter show,
    in the orders' own order."""
    from .models import Order

    return Order.objects.only(*CARD_ORDER_FIELDS)


def orders_for_cards():
    """Every order of ``card_orders``, by its id. Kept per version of the record
    (``page_cache.figure``): a page's positions and its order filter take their
    orders from here rather than each reading them (25 rows, but a join and some
    hundred model objects on every list page)."""
    from . import page_cache

    def read():
        return {order.pk: order for order in card_orders()}

    # Read only: cards and the order filter read the orders, never change them.
    return page_cache.figure("orders for cards", read, read_only=True)


def _given_empty_lists(statements, *names):
    """``{id: statement}``, each statement given an empty list under each of
    ``names`` (the ``fetched_…`` attributes the ``attach_…`` functions fill)."""
    by_id = {}
    for statement in statements:
        for name in names:
            setattr(statement, name, [])
        by_id[statement.pk] = statement
    return by_id


@functools.cache
def _attnames(model, fields):
    """The attribute names of ``fields`` of ``model`` (``order`` → ``order_id``)."""
    return tuple(model._meta.get_field(name).attname for name in fields)


def _card_agency_attnames():
    from .models import Agency

    return _attnames(Agency, CARD_AGENCY_FIELDS)


def _card_position_attnames():
    from .models import Position

    return _attnames(Position, CARD_POSITION_FIELDS)


def _co_issuer_rows(ids):
    from .models import Statement

    return (
        Statement.co_issuers.through.objects.filter(statement__in=ids)
        .order_by("agency__name", "agency__pk")
        .values_list(
            "statement_id", *(f"agency__{name}" for name in _card_agency_attnames())
        )
    )


def _position_rows(ids):
    from .models import Position

    return (
        Position.objects.filter(statement__in=ids)
        .order_by("id")
        .values_list(*_card_position_attnames())
    )


CO_ISSUER_ROWS = QueryForIds(_co_issuer_rows)
POSITION_ROWS = QueryForIds(_position_rows)


def attach_card_lists(statements):
    """Give each statement its co-issuers and positions as plain lists
    (``fetched_co_issuers``, ``fetched_positions``, read by
    ``Statement.co_issuer_list`` and ``position_list``), in two queries for all of
    them, compiled once (``compiled_queries``). Written out rather than with
    ``prefetch_related``, whose machinery (a queryset and a descriptor per
    statement and relation) was a fifth of a list page's time."""
    from .models import Agency, Position

    by_id = _given_empty_lists(statements, "fetched_co_issuers", "fetched_positions")
    if not by_id:
        return
    using = next(iter(by_id.values()))._state.db or "default"
    for statement_id, *agency in CO_ISSUER_ROWS.rows(by_id, using):
        by_id[statement_id].fetched_co_issuers.append(
            Agency.from_db(using, _card_agency_attnames(), agency)
        )
    positions = [
        Position.from_db(using, _card_position_attnames(), row)
        for row in POSITION_ROWS.rows(by_id, using)
    ]
    orders = orders_for_cards()
    if any(p.order_id not in orders for p in positions if p.order_id):
        # An order newer than the version this request reads at.
        orders = {**orders, **card_orders().in_bulk()}
    for position in positions:
        if position.order_id:
            position.order = orders[position.order_id]
        by_id[position.statement_id].fetched_positions.append(position)


def attach_corrections(statements):
    """Give each statement its corrections, newest first, as a plain list
    (``fetched_corrections``, read by ``Statement.correction_list``), in one query
    for all of them (see ``attach_card_lists``)."""
    from .models import Correction

    by_id = _given_empty_lists(statements, "fetched_corrections")
    if by_id:
        for correction in Correction.objects.filter(statement__in=by_id):
            by_id[correction.statement_id].fetched_corrections.append(correction)


class StatementQuerySet(models.QuerySet):
    def published(self, at=None):
        """Statements a reader may see (``is_public``)."""
        return self.filter(is_public(at))

    def scheduled(self, now=None):
        """Published statements whose publication time has not come yet."""
        return self.filter(
            status=EditorialStatus.PUBLISHED, published_at__gt=now or timezone.now()
        )

    def visible_to(self, user):
        """What ``user`` may see: every statement for signed-in staff (pages that
        show them are never cached), ``published()`` for everyone else. Every view,
        export and feed starts here (or from ``published()`` where staff get nothing
        more)."""
        return self.all() if sees_unpublished(user) else self.published()

    def by_agency(self, agency):
        """Statements the agency issued or co-issued, each once (no join to
        multiply rows, so no DISTINCT)."""
        through = self.model.co_issuers.through
        co_issued = through.objects.filter(agency=agency).values("statement_id")
        if connections[self.db].vendor == "postgresql":
            # PostgreSQL answers "its own OR co-issued" by walking every statement
            # newest first and testing each (160 ms for an agency with four
            # statements at 100,000); the union of the two sets of ids is read
            # from their indexes. (SQLite reads the OR from both indexes itself.)
            own = self.model.objects.filter(agency=agency).order_by().values("pk")
            return self.filter(pk__in=own.union(co_issued.order_by()))
        return self.filter(models.Q(agency=agency) | models.Q(pk__in=co_issued))

    def about_order(self, order):
        """Statements with a position on ``order``, each once."""
        positions = self.model.positions.rel.related_model.objects
        return narrowed_to_ids(
            self, positions.filter(order=order).values("statement_id")
        )

    def issued_between(self, start=None, end=None):
        queryset = self
        if start:
            queryset = queryset.filter(issued_on__gte=start)
        if end:
            queryset = queryset.filter(issued_on__lte=end)
        return queryset

    def with_related(self):
        """Statements with their agency, and their co-issuers and positions as
        plain lists (``with_lists``), in a constant number of queries (without the
        search document, which no one reads)."""
        return self.select_related("agency").defer("search_text").with_lists()

    def as_cards(self, with_author=False, also=()):
        """What a list of statement cards needs, and no more: the agency, and the
        co-issuers and positions as plain lists (``Statement.co_issuer_list``,
        ``position_list``), each with only the columns a card shows; no text, which
        is most of a statement's size. ``with_author``: also who created it (the
        staff list shows it); ``also``: more of the statement's columns."""
        related = ["agency"]
        columns = [
            *CARD_STATEMENT_FIELDS,
            *also,
            *(f"agency__{field}" for field in CARD_AGENCY_FIELDS),
        ]
        if with_author:
            related.append("created_by")
            columns.append("created_by__username")
        return self.select_related(*related).only(*columns).with_lists()

    def as_feed_entries(self):
        """``as_cards()`` with what a feed entry shows besides: the summary and
        when the statement was last updated."""
        return self.as_cards(also=FEED_STATEMENT_FIELDS)

    def with_lists(self):
        """Statements that get their co-issuers and positions, with the columns a
        card or the API shows, as plain lists (``Statement.co_issuer_list``,
        ``position_list``) when their rows are read (``attach_card_lists``)."""
        return self._attaching(attach_card_lists)

    def with_corrections(self):
        """Statements that get their corrections, newest first, as a plain list
        (``Statement.correction_list``) when their rows are read, in one query."""
        return self._attaching(attach_corrections)

    def _attaching(self, attach):
        clone = self._chain()
        clone._attach = (*self._attach, attach)
        return clone

    # What the rows get when they are read (with_lists, with_corrections), kept by
    # every copy of the queryset (filters, slices).
    _attach = ()

    def _clone(self):
        clone = super()._clone()
        clone._attach = self._attach
        return clone

    def _fetch_all(self):
        unread = self._result_cache is None
        super()._fetch_all()
        if unread and self._iterable_class is models.query.ModelIterable:
            for attach in self._attach:
                attach(self._result_cache)

    def withdrawn_publicly(self):
        """Withdrawn statements that readers once saw (they keep their publication
        time): their address says they were withdrawn rather than "not found"."""
        return self.filter(
            status=EditorialStatus.WITHDRAWN,
            published_at__lte=timezone.now(),
        )


class StatementManager(models.Manager.from_queryset(StatementQuerySet)):
    # Data migrations get ``published()`` too, so they apply the same rule.
    use_in_migrations = True


class PositionQuerySet(models.QuerySet):
    def published(self, at=None):
        """Positions of public statements (for counts and charts), by the one rule."""
        return self.filter(is_public(at, prefix="statement__"))

    def statement_counts(self, field):
        """``{value of field: number of statements}``. Statements, not positions: a
        statement with two positions of one stance on one order counts once."""
        return dict(
            self.order_by()
            .values_list(field)
            .annotate(n=models.Count("statement", distinct=True))
        )

    def statement_counts_by_order(self, field):
        """``{order id: {value of field: number of statements}}`` (as above) for the
        positions that are about an order."""
        table = defaultdict(dict)
        rows = (
            self.filter(order__isnull=False)
            .order_by()
            .values_list("order", field)
            .annotate(n=models.Count("statement", distinct=True))
        )
        for order_id, value, n in rows:
            table[order_id][value] = n
        return table


class CorrectionQuerySet(models.QuerySet):
    def published(self, at=None):
        """Corrections readers may see: those of public statements (``is_public``),
        so a withdrawn or unpublished statement's corrections go with it."""
        return self.filter(is_public(at, prefix="statement__"))


class AgencyQuerySet(models.QuerySet):
    """Agencies beside their deeds: which hold 287(g) agreements on ICE's list, and
    the stored result of the words-and-deeds rule (``stances.py``)."""

    def holding_agreements(self):
        """Agencies with at least one agreement on ICE's current list."""
        from .models import Agreement

        listed = Agreement.objects.currently_listed().filter(
            agency=models.OuterRef("pk")
        )
        return self.filter(models.Exists(listed))

    def with_listed_agreements(self):
        """Each agency with its agreements on ICE's current list prefetched as
        ``listed_agreements`` (one query for the page, whatever the number). No
        COUNT annotation: grouping every agency with its agreements to sort a page
        of them was most of the agency list's time."""
        from .models import Agreement

        return self.prefetch_related(
            models.Prefetch(
                "agreements",
                queryset=Agreement.objects.currently_listed().order_by(
                    "model", "signed_on"
                ),
                to_attr="listed_agreements",
            )
        )

    def with_public_statements(self):
        """Agencies that issued or co-issued at least one public statement."""
        from .models import Statement

        public = Statement.objects.published().order_by()
        co_issued = Statement.co_issuers.through.objects.filter(statement__in=public)
        # One set of ids, the union of the two: with an OR of two "IN (...)",
        # PostgreSQL tested each agency against the million statements in turn
        # once the ids outgrew its memory for hashing (the home page's count ran
        # for over half an hour).
        speaking = public.values("agency").union(co_issued.order_by().values("agency"))
        return self.filter(pk__in=speaking)

    def with_public_statement_flag(self, name="has_public_statement"):
        """Each agency with ``name``: True if it issued or co-issued a public
        statement (the rule of ``with_public_statements``, as a correlated test per
        agency: cheap for the few thousand agencies holding agreements, where a test
        against the set of every speaking agency is not)."""
        return self.annotate(**{name: public_statement_exists("pk")})

    def at_address(self, slug):
        """The agency whose page is /agencies/<slug>/, or the one a former address
        now leads to (a duplicate merged into it, or its slug before an editor
        changed it); None if neither. Compare ``agency.slug`` to redirect."""
        return (
            self.filter(slug=slug).first() or self.filter(redirects__slug=slug).first()
        )

    def words_against_deeds(self):
        """Agencies whose stored stance opposes taking part while they hold an
        agreement on ICE's current list (the rule is ``stances.assess``)."""
        return self.filter(words_and_deeds=WordsAndDeeds.OPPOSES_YET_HOLDS)

    def support_without_agreement(self):
        return self.filter(words_and_deeds=WordsAndDeeds.SUPPORTS_HOLDS_NONE)


class AgreementQuerySet(models.QuerySet):
    def currently_listed(self):
        """Agreements on ICE's latest participating list. The importer keeps
        ``status`` in step with the newest list imported, whatever the import order."""
        return self.filter(status=AgreementStatus.LISTED)

    def counts_by_model(self):
        """``{model value: number of agreements}``; apply to ``currently_listed()``
        for the numbers of the latest list."""
        rows = self.order_by().values_list("model").annotate(n=models.Count("id"))
        return dict(rows)

    def counts_by_state(self):
        """One row per state: ``{"state": "FL", "total": n, "<model>": n, ...}``,
        by the agency's two-letter state code, in code order."""
        per_model = {
            model: models.Count("id", filter=models.Q(model=model))
            for model in AgreementModel.values
        }
        return (
            self.order_by("agency__state")
            .values(state=models.F("agency__state"))
            .annotate(total=models.Count("id"), **per_model)
        )
