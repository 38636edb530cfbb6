"""Full-text search of statements, with one syntax for readers on both databases:

- words: every word must match, in any of its forms ("sanctuaries" finds "sanctuary");
- "a quoted phrase": those words, in that order;
- -word (or -"a phrase"): leave out statements that have it;
- OR between two terms: either will do.

What is searched: each statement's headline, summary and text, and its
``search_text``, which gathers what lives elsewhere (the names of its agency and
co-issuers, its speaker, the quotes of its positions) and is kept up to date by
``refresh_documents`` (called from ``changes.record_changed``).

PostgreSQL: ``websearch_to_tsquery('english', ...)`` against the statement's
weighted ``tsvector`` (headline first), kept in a stored generated column
(``search_document``, not a model field: PostgreSQL computes it on every write)
with a GIN index, ranked with ``ts_rank``. Stored rather than computed per query:
turning 2 kB of text into a vector took half a millisecond a statement, so a
ranked search for a common word at a million statements ran for 84 s.
SQLite: an FTS5 table with the Porter stemmer, filled by triggers, ranked with
``bm25``. ``install`` creates both (idempotent), from the migration and again after
every ``migrate`` (SQLite drops a table's triggers when Django rebuilds the table).
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models.expressions import Expression, RawSQL

from .querysets import narrowed_to_ids

FTS_TABLE = "statements_statement_fts"
PG_COLUMN = "search_document"
PG_INDEX = "statement_search_document_gin"
# The index on the expression itself, before the vector was stored (dropped).
PG_EXPRESSION_INDEX = "statement_search_gin"
# Headline matches count four times as much as the rest (bm25 column weights; the
# PostgreSQL vector weighs the headline 'A' and the rest 'B').
HEADLINE_WEIGHT, TEXT_WEIGHT = 4.0, 1.0

# A term: an optional minus, then a "quoted phrase" or a run of non-space characters.
TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Term:
    words: tuple
    excluded: bool = False


def parse(text):
    """The reader's query as clauses joined by AND; each clause is a tuple of
    alternatives (``Term``) joined by OR. Punctuation is dropped, so no input can be
    a syntax error on either database."""
    clauses, pending_or = [], False
    for match in TERM.finditer(text or ""):
        minus, phrase, bare = match.groups()
        if bare is not None:
            if bare == "OR":
                pending_or = bool(clauses)
                continue
            minus = "-" if bare.startswith("-") and len(bare) > 1 else ""
            phrase = bare[1:] if minus else bare
        words = tuple(word.lower() for word in WORD.findall(phrase))
        if not words:
            continue
        term = Term(words, excluded=bool(minus))
        if pending_or and not term.excluded and not clauses[-1][0].excluded:
            clauses[-1] = (*clauses[-1], term)
        else:
            clauses.append((term,))
        pending_or = False
    return clauses


def words_in(text):
    """How many words a query has, for the limit readers are given."""
    return sum(len(term.words) for clause in parse(text) for term in clause)


def _quoted(term):
    return '"' + " ".join(term.words) + '"'


def websearch_query(clauses):
    """The clauses in PostgreSQL's websearch syntax (which has the same rules)."""
    parts = []
    for clause in clauses:
        if clause[0].excluded:
            parts.append("-" + _quoted(clause[0]))
        else:
            parts.append(" or ".join(_quoted(term) for term in clause))
    return " ".join(parts)


def fts5_query(clauses):
    """The clauses in FTS5's syntax; None when nothing is asked for but exclusions
    (FTS5 cannot start with NOT, and "everything but" is no search)."""
    wanted = [c for c in clauses if not c[0].excluded]
    if not wanted:
        return None
    query = " AND ".join(
        "(" + " OR ".join(_quoted(term) for term in clause) + ")" for clause in wanted
    )
    for clause in clauses:
        if clause[0].excluded:
            query += " NOT " + _quoted(clause[0])
    return query


class StoredDocument(Expression):
    """The statement's ``search_document`` column (PostgreSQL), from whichever
    alias the statements table has in the query (a subquery renames it)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{alias}.{connection.ops.quote_name(PG_COLUMN)}", []


def search(queryset, text, ranked=False):
    """``queryset`` narrowed to the statements matching the reader's ``text``; with
    ``ranked``, annotated with ``rank`` (higher is better)."""
    clauses = parse(text)
    if not any(not clause[0].excluded for clause in clauses):
        return queryset.none()
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        query = SearchQuery(
            websearch_query(clauses), search_type="websearch", config="english"
        )
        queryset = queryset.alias(search_vector=StoredDocument()).filter(
            search_vector=query
        )
        if ranked:
            queryset = queryset.annotate(rank=SearchRank(StoredDocument(), query))
        return queryset
    match = fts5_query(clauses)
    if ranked:
        # bm25() is only known to the query that runs the MATCH, so the index is
        # joined to the statements once. (As a subquery per statement, the MATCH
        # ran again for each of them: 10 s for a common word at 100,000
        # statements.) extra() is the ORM's only way to join a table it has no
        # model for.
        table = queryset.model._meta.db_table
        return queryset.extra(
            tables=[FTS_TABLE],
            where=[f'{FTS_TABLE}.rowid = "{table}"."id"', f"{FTS_TABLE} MATCH %s"],
            params=[match],
            # bm25 is lower for better matches.
            select={
                "rank": f"-bm25({FTS_TABLE}, {HEADLINE_WEIGHT}, {TEXT_WEIGHT}, "
                f"{TEXT_WEIGHT}, {TEXT_WEIGHT})"
            },
        )
    return narrowed_to_ids(
        queryset,
        RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (match,)),
    )


def is_ranked(queryset):
    """Does ``queryset`` come from ``search(..., ranked=True)`` (it has a ``rank``)?"""
    return "rank" in queryset.query.annotations or "rank" in queryset.query.extra


# Keeping the searched text ----------------------------------------------------------


def document(statement, agency_names, quotes):
    """What a statement is found by besides its headline, summary and text."""
    parts = [
        statement.speaker_name,
        statement.speaker_title,
        *agency_names,
        *quotes,
    ]
    return "\n".join(part for part in parts if part)


def refresh_documents(statement_ids, apps=None):
    """Rebuild ``search_text`` for these statements from their current fields,
    agencies and positions."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Statement = apps.get_model("statements", "Statement")
    Position = apps.get_model("statements", "Position")
    ids = sorted(set(statement_ids))
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        names, quotes = {}, {}
        through = Statement.co_issuers.through
        for statement_id, name, short in through.objects.filter(
            statement__in=batch
        ).values_list("statement_id", "agency__name", "agency__short_name"):
            names.setdefault(statement_id, []).extend([name, short])
        for statement_id, quote in (
            Position.objects.filter(statement__in=batch)
            .exclude(quote="")
            .values_list("statement_id", "quote")
        ):
            quotes.setdefault(statement_id, []).append(quote)
        statements = list(
            Statement.objects.filter(pk__in=batch).select_related("agency")
        )
        for statement in statements:
            statement.search_text = document(
                statement,
                [statement.agency.name, statement.agency.short_name]
                + names.get(statement.pk, []),
                quotes.get(statement.pk, []),
            )
        Statement.objects.bulk_update(statements, ["search_text"], batch_size=500)


# The database side ------------------------------------------------------------------

SQLITE_TRIGGERS = {
    "statements_fts_insert": f"""
        CREATE TRIGGER IF NOT EXISTS statements_fts_insert
        AFTER INSERT ON statements_statement BEGIN
          INSERT INTO {FTS_TABLE}(rowid, headline, summary, text, search_text)
          VALUES (new.id, new.headline, new.summary, new.text, new.search_text);
        END""",
    "statements_fts_delete": f"""
        CREATE TRIGGER IF NOT EXISTS statements_fts_delete
        AFTER DELETE ON statements_statement BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, headline, summary, text, search_text)
          VALUES ('delete', old.id, old.headline, old.summary, old.text,
                  old.search_text);
        END""",
    "statements_fts_update": f"""
        CREATE TRIGGER IF NOT EXISTS statements_fts_update
        AFTER UPDATE OF headline, summary, text, search_text ON statements_statement
        BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, headline, summary, text, search_text)
          VALUES ('delete', old.id, old.headline, old.summary, old.text,
                  old.search_text);
          INSERT INTO {FTS_TABLE}(rowid, headline, summary, text, search_text)
          VALUES (new.id, new.headline, new.summary, new.text, new.search_text);
        END""",
}


def install(connection):
    """Create the search index where it is missing (idempotent). On SQLite, a
    missing trigger means Django rebuilt the statements table: the index is then
    rebuilt from the table, so that nothing written meanwhile is missed."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"ALTER TABLE statements_statement ADD COLUMN IF NOT EXISTS "
                f"{PG_COLUMN} tsvector GENERATED ALWAYS AS ("
                "setweight(to_tsvector('english'::regconfig, "
                "COALESCE(headline, '')), 'A') || "
                "setweight(to_tsvector('english'::regconfig, "
                "COALESCE(summary, '') || ' ' || COALESCE(text, '') || ' ' || "
                "COALESCE(search_text, '')), 'B')) STORED"
            )
            cursor.execute(f"DROP INDEX IF EXISTS {PG_EXPRESSION_INDEX}")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON statements_statement "
                f"USING gin ({PG_COLUMN})"
            )
            return
        if connection.vendor != "sqlite":
            return
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN "
            f"({', '.join('%s' for _ in SQLITE_TRIGGERS)})",
            list(SQLITE_TRIGGERS),
        )
        present = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "headline, summary, text, search_text, content='statements_statement', "
            "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
        )
        for sql in SQLITE_TRIGGERS.values():
            cursor.execute(sql)
        if present != set(SQLITE_TRIGGERS):
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def uninstall(connection):
    """Remove the search index (for a migration taken back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
            cursor.execute(
                f"ALTER TABLE statements_statement DROP COLUMN IF EXISTS {PG_COLUMN}"
            )
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def repair_after_migrate(sender, using, plan=None, **kwargs):
    """``post_migrate``: put the index back where Django rebuilt the table (SQLite
    loses triggers then), once the column it indexes exists."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if "statements_statement" not in tables:
            return
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "statements_statement"
            )
        }
    if "search_text" in columns:
        install(connection)
