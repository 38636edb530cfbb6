"""Full-text search: one syntax for readers on SQLite and PostgreSQL, word forms
found by their stem, ranked results, and a searched text kept up to date."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from statements import changes, search
from statements.models import Statement
from tests import factories

pytestmark = pytest.mark.django_db


def published(headline, summary="", **kwargs):
    kwargs.setdefault("issued_on", datetime.date(2025, 2, 1))
    return factories.StatementFactory(
        headline=headline,
        summary=summary or "A neutral summary.",
        status="published",
        published_at=timezone.now() - datetime.timedelta(hours=1),
        **kwargs,
    )


@pytest.fixture
def corpus():
    statements = {
        "sanctuary": published(
            "Sheriff criticises sanctuary policy",
            "The sheriff said the county's sanctuary rules hurt cooperation.",
        ),
        "funding": published(
            "Chiefs warn about grant penalties",
            "Cutting grants to sanctuaries would hurt public safety, the chiefs said.",
        ),
        "local": published(
            "Association calls 287(g) a local decision",
            "Joining is an inherently local decision, the association said.",
        ),
        "detainers": published(
            "Jail will honour detainers",
            "The jail will hold people for ICE for up to 48 hours.",
        ),
    }
    changes.rebuild_derived()
    return statements


def found(text, **kwargs):
    return {s.headline for s in search.search(Statement.objects.all(), text, **kwargs)}


def test_word_forms_are_found_by_their_stem(corpus):
    """ "sanctuaries" finds "sanctuary" and the other way round."""
    assert found("sanctuaries") == {
        "Sheriff criticises sanctuary policy",
        "Chiefs warn about grant penalties",
    }
    assert found("sanctuary") == found("sanctuaries")


def test_every_word_must_match(corpus):
    assert found("sanctuary rules") == {"Sheriff criticises sanctuary policy"}
    assert found("sanctuary hours") == set()


def test_a_quoted_phrase_matches_those_words_in_order(corpus):
    assert found('"local decision"') == {"Association calls 287(g) a local decision"}
    assert found('"decision local"') == set()


def test_a_minus_leaves_out_and_or_gives_either(corpus):
    assert found("sanctuary -grants") == {"Sheriff criticises sanctuary policy"}
    assert found("detainers OR grants") == {
        "Jail will honour detainers",
        "Chiefs warn about grant penalties",
    }


@pytest.mark.parametrize(
    "text", ['"', "-", "OR", "()*:^", 'NOT AND "', "-sanctuary", "‽ ∞", "a\u200bb"]
)
def test_no_query_is_a_syntax_error(corpus, text):
    assert isinstance(found(text), set)


def test_relevance_puts_headline_matches_first(corpus):
    ranked = list(
        search.search(Statement.objects.all(), "sanctuary", ranked=True).order_by(
            "-rank"
        )
    )
    assert ranked[0].headline == "Sheriff criticises sanctuary policy"


def test_agency_names_and_quotes_are_searched(corpus):
    agency = corpus["detainers"].agency
    agency.name = "Marigold County Sheriff's Office"
    agency.save()
    factories.PositionFactory(statement=corpus["local"], quote="entirely voluntary")
    changes.record_changed(statements=[corpus["detainers"], corpus["local"]])
    assert found("marigold") == {"Jail will honour detainers"}
    assert found("voluntary") == {"Association calls 287(g) a local decision"}


def test_the_list_page_searches_with_the_same_syntax(client, corpus):
    response = client.get("/statements/", {"q": "sanctuaries -grants"})
    body = response.content.decode()
    assert "Sheriff criticises sanctuary policy" in body
    assert "Chiefs warn about grant penalties" not in body
    ranked = client.get("/statements/", {"q": "sanctuary", "sort": "relevance"})
    assert ranked.status_code == 200


def test_a_new_or_deleted_statement_is_searchable_at_once(corpus):
    statement = published("Marshal welcomes the mandate")
    changes.record_changed(statements=[statement])
    assert found("marshal") == {"Marshal welcomes the mandate"}
    statement.delete()
    assert found("marshal") == set()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_the_index_is_repaired_after_django_rebuilds_the_table(corpus):
    """Django rebuilds a SQLite table to alter it, which drops its triggers: after
    migrate, the index is put back and refilled."""
    with connection.cursor() as cursor:
        for name in search.SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    published("Written while the triggers were gone")
    search.repair_after_migrate(sender=None, using="default")
    assert found("triggers") == {"Written while the triggers were gone"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_postgresql_can_use_the_gin_index_for_a_search(corpus):
    """The search reads the stored vector, which the GIN index covers: with
    sequential scans off, the plan uses it (with them on, a tiny table is scanned).
    A ranked search reads the stored vector too, never computing one per row."""
    queryset = search.search(Statement.objects.all(), "sanctuaries")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert search.PG_INDEX in plan
    ranked = search.search(Statement.objects.all(), "sanctuaries", ranked=True)
    sql = str(ranked.query)
    assert "to_tsvector" not in sql and search.PG_COLUMN in sql


@pytest.mark.parametrize(
    "path",
    [
        "/statements/",
        "/statements/feed/",
        "/statements/export.csv",
        "/statements/export.json",
        "/api/statements/",
    ],
)
def test_every_path_of_the_list_sorts_a_search_by_relevance(client, corpus, path):
    """The ranked search (a join with the full-text index on SQLite) answers on every
    path that takes the list's parameters, best match first, and counts right."""
    factories.StatementFactory(headline="Draft about sanctuary cities")  # unpublished
    response = client.get(path, {"q": "sanctuary", "sort": "relevance"})
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    first = body.find("Sheriff criticises sanctuary policy")
    second = body.find("Chiefs warn about grant penalties")
    assert 0 <= first < second  # the headline match ranks first
    assert "Draft about sanctuary" not in body
    assert "local decision" not in body
