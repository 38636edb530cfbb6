"""Synthetic data of the project's own schema, for measuring at a newsroom's scale.

Deterministic for a seed: the same seed and size give the same rows. The shape follows
what a newsroom would hold: agencies about a third of the statements (a few speak
often, most once or twice), 25 orders, one or two positions a statement, 1–3 kB of
text each (in ``text``; the summary is a few sentences, as in the sample
statements), a co-issuer on some statements, 287(g) agreements for a quarter of the
agencies that can hold one, every statement published with its source.

Rows go in with one INSERT run for many rows, with ids given in order (the database
must be empty), each field's own default filling what is not generated: building a
Django model object per row took most of the time of 100,000 statements. The search
index is taken down during the load and built once after it, the agencies' stances
are stored once at the end, and the planner's statistics are refreshed.
"""

import datetime
import random

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from . import search, stances
from .choices import (
    US_STATES,
    AgencyKind,
    AgreementModel,
    AgreementStatus,
    EditorialStatus,
    MandateView,
    OrderKind,
    OrderStatus,
    Stance,
    Topic,
)
from .db_stats import refresh_statistics
from .models import Agency, Agreement, Order, Position, Statement

ORDER_COUNT = 25
BATCH = 5000
WORDS = (
    "sheriff county police chief department immigration enforcement federal agreement "
    "287(g) detainer jail custody release partnership cooperation community trust "
    "officers training funding grant sanctuary sanctuaries policy order executive "
    "mandate mandates state law legislature governor local decision voluntary public "
    "safety resources deputies warrant task force model participation program ICE DHS "
    "court ruling injunction residents families victims witnesses crime reporting "
    "budget staffing oversight accountability transparency council board commissioners"
).split()
STATES = sorted(US_STATES)
# Roughly how often each stance, topic and kind of agency appears.
STANCES = [
    (Stance.SUPPORTS, 30),
    (Stance.SUPPORTS_WITH_CONDITIONS, 10),
    (Stance.LOCAL_DISCRETION, 15),
    (Stance.OPPOSES, 25),
    (Stance.INFORMATIONAL, 10),
    (Stance.MIXED, 7),
    (Stance.UNCLEAR, 3),
]
TOPICS = [
    (Topic.AGREEMENTS_287G, 45),
    (Topic.MANDATES, 20),
    (Topic.SANCTUARY_FUNDING, 12),
    (Topic.DETAINERS, 10),
    (Topic.INFORMATION_SHARING, 5),
    (Topic.TRAVEL_ENTRY, 5),
    (Topic.OTHER, 3),
]
KINDS = [
    (AgencyKind.SHERIFF, 45),
    (AgencyKind.MUNICIPAL_POLICE, 35),
    (AgencyKind.STATE_AGENCY, 5),
    (AgencyKind.ASSOCIATION_SHERIFFS, 5),
    (AgencyKind.ASSOCIATION_CHIEFS, 5),
    (AgencyKind.UNION, 5),
]


class NotEmpty(Exception):
    pass


def weighted(rng, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


SYLLABLES = "ba be bi bo da de di do ka ke ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to va ve vi".split()


def lexicon(rng, size=5000):
    """Made-up words, common and rare as words are (Zipf): the bulk of each text.
    The tracker's own words (``WORDS``) are mixed in rarely, so that a search for
    one of them finds some statements, not all."""
    words = sorted(
        {"".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))) for _ in range(size * 2)}
    )[:size]
    rng.shuffle(words)
    return words, [1 / (rank + 1) for rank in range(len(words))]


def sentences(rng, count=6000):
    """A pool of sentences, drawn from for every text: as varied as search needs,
    and quick to assemble."""
    words, weights = lexicon(rng)
    pool = []
    for _ in range(count):
        chosen = rng.choices(words, weights, k=rng.randint(8, 18))
        if rng.random() < 0.08:
            chosen[rng.randrange(len(chosen))] = rng.choice(WORDS)
        sentence = " ".join(chosen)
        pool.append(sentence[0].upper() + sentence[1:] + ". ")
    return pool


def text(rng, pool, low, high):
    """``low``–``high`` characters of sentences from ``pool``."""
    target = rng.randint(low, high)
    return "".join(rng.choices(pool, k=target // 60 + 2))[:target]


class Inserter:
    """Rows of one model as dicts of field names, written many at a time. Fields a
    row leaves out take the field's default (``auto_now`` ones: now)."""

    def __init__(self, model, now):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.defaults = {}
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(
                field, "auto_now_add", False
            ):
                self.defaults[field.attname] = now
            elif field.has_default():
                self.defaults[field.attname] = field.get_default()
            else:
                self.defaults[field.attname] = None if field.null else ""
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = (
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
        )
        self.count = 0

    def write(self, rows):
        prepared = []
        for row in rows:
            prepared.append(
                [
                    field.get_db_prep_save(
                        row.get(field.attname, self.defaults[field.attname]), connection
                    )
                    for field in self.fields
                ]
            )
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, prepared)
        self.count += len(prepared)


def generate(statements, seed=1, progress=None):
    """Write ``statements`` published statements and what goes with them. Refuses a
    database that already holds statements (the numbers would not mean much)."""
    if Statement.objects.exists() or Agency.objects.exists():
        raise NotEmpty(
            "The database already holds data. Generate into an empty one, e.g. "
            "DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py migrate, then "
            "run this command with the same DATABASE_URL."
        )
    rng = random.Random(seed)
    pool = sentences(rng)
    now = timezone.now()
    report = progress or (lambda step, done, total: None)
    through = Statement.co_issuers.through
    inserters = {
        model: Inserter(model, now)
        for model in (Order, Agency, Agreement, Statement, Position, through)
    }
    with transaction.atomic():
        search.uninstall(connection)
        first_order = Order.objects.order_by("-pk").values_list("pk", flat=True).first()
        order_ids = []
        rows = []
        for n in range(ORDER_COUNT):
            pk = (first_order or 0) + n + 1
            order_ids.append(pk)
            signed_on = datetime.date(2017, 1, 1) + datetime.timedelta(days=120 * n)
            rows.append(
                {
                    "id": pk,
                    "kind": OrderKind.EXECUTIVE_ORDER,
                    "number": str(90000 + n),
                    "slug": f"bench-eo-{90000 + n}",
                    "title": f"Benchmark order {n} on interior enforcement",
                    "signed_on": signed_on,
                    "status": OrderStatus.IN_EFFECT if n % 3 else OrderStatus.REVOKED,
                    "ended_on": None
                    if n % 3
                    else signed_on + datetime.timedelta(days=400),
                }
            )
        inserters[Order].write(rows)

        agency_count = max(1, statements // 3)
        agencies = []  # (id, name, kind)
        for start in range(0, agency_count, BATCH):
            rows = []
            for n in range(start, min(start + BATCH, agency_count)):
                kind = weighted(rng, KINDS)
                name = f"Benchmark {kind.label} {n:06d}"
                agencies.append((n + 1, name, kind))
                rows.append(
                    {
                        "id": n + 1,
                        "name": name,
                        "slug": f"bench-agency-{n:06d}",
                        "kind": kind,
                        "state": rng.choice(STATES),
                        "county": f"Bench {n % 97}",
                    }
                )
            inserters[Agency].write(rows)
            report("agencies", len(agencies), agency_count)
        rows = []
        for agency_id, _name, kind in agencies:
            if kind in AgencyKind.CAN_HOLD_AGREEMENTS and rng.random() < 0.25:
                for model in rng.sample(list(AgreementModel.values), rng.randint(1, 2)):
                    rows.append(
                        {
                            "id": len(rows) + 1,
                            "agency_id": agency_id,
                            "model": model,
                            "signed_on": datetime.date(2019, 1, 1)
                            + datetime.timedelta(days=rng.randint(0, 2400)),
                            "status": AgreementStatus.LISTED
                            if rng.random() < 0.85
                            else AgreementStatus.NO_LONGER_LISTED,
                            "first_listed_on": datetime.date(2025, 5, 16),
                            "last_listed_on": datetime.date(2025, 7, 18),
                        }
                    )
        inserters[Agreement].write(rows)

        # A few agencies speak often, most once or twice.
        speakers = rng.choices(
            agencies,
            weights=[1 / (i + 1) ** 0.6 for i in range(len(agencies))],
            k=statements,
        )
        first_day = datetime.date(2017, 1, 1)
        span = (datetime.date(2026, 11, 30) - first_day).days
        position_id = link_id = 0
        for start in range(0, statements, BATCH):
            statement_rows, position_rows, link_rows = [], [], []
            for n in range(start, min(start + BATCH, statements)):
                statement_id = n + 1
                agency_id, name, _kind = speakers[n]
                names = [name]
                if rng.random() < 0.05:
                    other_id, other_name, _ = rng.choice(agencies)
                    if other_id != agency_id:
                        link_id += 1
                        link_rows.append(
                            {
                                "id": link_id,
                                "statement_id": statement_id,
                                "agency_id": other_id,
                            }
                        )
                        names.append(other_name)
                headline = " ".join(rng.choices(WORDS, k=rng.randint(4, 9)))
                statement_rows.append(
                    {
                        "id": statement_id,
                        "agency_id": agency_id,
                        "headline": headline.capitalize()[:300],
                        "slug": f"bench-{n:07d}",
                        "issued_on": first_day
                        + datetime.timedelta(days=rng.randint(0, span)),
                        # As in the sample statements: a summary of a few
                        # sentences, the agency's own text at length.
                        "summary": text(rng, pool, 100, 300),
                        "text": text(rng, pool, 1000, 3000),
                        "source_name": "Benchmark News",
                        "source_url": f"https://news.example.org/bench/{n}",
                        "status": EditorialStatus.PUBLISHED,
                        "published_at": now - datetime.timedelta(minutes=n % 5000 + 1),
                        # What search.refresh_documents would write for it.
                        "search_text": "\n".join(names),
                    }
                )
                for order_id in rng.sample(order_ids, rng.randint(1, 2)):
                    position_id += 1
                    position_rows.append(
                        {
                            "id": position_id,
                            "statement_id": statement_id,
                            "order_id": order_id,
                            "topic": weighted(rng, TOPICS),
                            "stance": weighted(rng, STANCES),
                            "mandate_view": rng.choice(MandateView.values),
                        }
                    )
            inserters[Statement].write(statement_rows)
            inserters[Position].write(position_rows)
            inserters[through].write(link_rows)
            report("statements", min(start + BATCH, statements), statements)
        # Ids were given, so the sequences of PostgreSQL must be moved past them.
        sequences = connection.ops.sequence_reset_sql(no_style(), list(inserters))
        with connection.cursor() as cursor:
            for sql in sequences:
                cursor.execute(sql)
        if connection.vendor == "postgresql":
            # The foreign keys are checked at commit; PostgreSQL builds no index on
            # a table with checks pending, so they are run now.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        report("search index", 0, 1)
        search.install(connection)
        report("search index", 1, 1)
        refresh_statistics()
        report("stances", 0, 1)
        stances.refresh()
        report("stances", 1, 1)
    refresh_statistics()
    return {
        "statements": statements,
        "agencies": len(agencies),
        "agreements": inserters[Agreement].count,
        "orders": ORDER_COUNT,
    }
