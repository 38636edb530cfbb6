"""``published()`` is the one gate to public data; these tests hold its boundary."""

import datetime

import pytest
from django.utils import timezone

from statements.models import Position, Statement
from tests import factories
from tests.sample_site import build_site


@pytest.mark.django_db
def test_published_includes_a_statement_exactly_at_its_publication_time():
    moment = timezone.now()
    statement = factories.StatementFactory(status="published", published_at=moment)
    assert list(Statement.objects.published(at=moment)) == [statement]


@pytest.mark.django_db
def test_published_excludes_a_statement_one_microsecond_before_its_time():
    moment = timezone.now()
    factories.StatementFactory(status="published", published_at=moment)
    before = moment - datetime.timedelta(microseconds=1)
    assert not Statement.objects.published(at=before).exists()


@pytest.mark.django_db
def test_published_uses_the_current_time_by_default(
    published_statement, future_statement
):
    assert list(Statement.objects.published()) == [published_statement]


@pytest.mark.django_db
def test_drafts_reviews_and_withdrawn_statements_are_never_published(
    draft_statement, withdrawn_statement
):
    in_review = factories.StatementFactory(
        status="in_review", published_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert not Statement.objects.published().exists()
    assert in_review.is_public is False
    assert withdrawn_statement.is_public is False


@pytest.mark.django_db
def test_public_positions_follow_their_statement(published_statement, draft_statement):
    public = factories.PositionFactory(statement=published_statement)
    factories.PositionFactory(statement=draft_statement)
    assert list(Position.objects.published()) == [public]


@pytest.mark.django_db
def test_about_order_and_issued_between():
    order = factories.OrderFactory()
    early = factories.PositionFactory(
        order=order, statement__issued_on=datetime.date(2017, 1, 30)
    ).statement
    factories.PositionFactory(order=order, statement=early, stance="opposes")
    late = factories.PositionFactory(
        order=order, statement__issued_on=datetime.date(2025, 2, 1)
    ).statement
    factories.PositionFactory()  # about another order

    assert set(Statement.objects.about_order(order)) == {early, late}
    assert Statement.objects.about_order(order).count() == 2  # no duplicate rows
    between = Statement.objects.issued_between(
        datetime.date(2017, 1, 1), datetime.date(2017, 12, 31)
    )
    assert list(between) == [early]


def test_visible_to_is_published_for_readers_and_everything_for_staff(
    published_statement, draft_statement, future_statement, editor
):
    from django.contrib.auth.models import AnonymousUser

    assert list(Statement.objects.visible_to(AnonymousUser())) == [published_statement]
    assert list(Statement.objects.visible_to(None)) == [published_statement]
    assert set(Statement.objects.visible_to(editor)) == {
        published_statement,
        draft_statement,
        future_statement,
    }
    editor.is_active = False
    assert list(Statement.objects.visible_to(editor)) == [published_statement]


@pytest.mark.django_db
def test_by_agency_gives_issued_and_co_issued_statements_once():
    agency = factories.AgencyFactory()
    own = factories.StatementFactory(agency=agency)
    co_issued = factories.StatementFactory()
    co_issued.co_issuers.add(agency, factories.AgencyFactory())
    factories.StatementFactory()  # someone else's
    found = list(Statement.objects.by_agency(agency))
    assert sorted(s.pk for s in found) == sorted([own.pk, co_issued.pk])


@pytest.mark.django_db
def test_rows_read_in_bulk_make_the_same_instances_as_djangos_own():
    """``ReadInBulk.from_db`` skips ``__init__``: the instances it makes hold the
    same values as Django's, load what was not read when asked, follow their
    relations and save as updates."""
    from django.db.models import Model

    from statements.models import Agency, Correction, Order, Position

    site = build_site()
    Correction.objects.create(
        statement=site.lake_st,
        corrected_on=datetime.date(2025, 5, 1),
        text="The date was wrong.",
    )

    def django_made(instance):
        names = [
            f.attname
            for f in type(instance)._meta.concrete_fields
            if f.attname in instance.__dict__
        ]
        values = [instance.__dict__[name] for name in names]
        return Model.from_db.__func__(type(instance), instance._state.db, names, values)

    read = [
        *Statement.objects.select_related("agency"),
        *Statement.objects.as_cards(),
        *Position.objects.only("stance", "statement"),
        *Agency.objects.all(),
        *Order.objects.only("slug"),
        *Correction.objects.all(),
    ]
    assert len(read) > 20
    for instance in read:
        reference = django_made(instance)
        mine = {  # without the lists attached after reading (as_cards)
            k: v
            for k, v in vars(instance).items()
            if k != "_state" and not k.startswith("fetched_")
        }
        theirs = {k: v for k, v in vars(reference).items() if k != "_state"}
        assert mine == theirs
        assert (instance._state.adding, instance._state.db) == (False, "default")

    card = Statement.objects.as_cards().get(pk=site.lake_st.pk)
    assert "summary" not in vars(card)
    assert card.summary == site.lake_st.summary  # read when asked
    assert card.agency.slug == site.lake_st.agency.slug
    position = Position.objects.only("stance", "statement").first()
    assert position.statement.pk == position.statement_id
    card.headline = "Changed headline"
    count = Statement.objects.count()
    card.save(update_fields=["headline"])
    assert Statement.objects.count() == count
    assert Statement.objects.get(pk=card.pk).headline == "Changed headline"


@pytest.mark.django_db
def test_a_query_for_ids_is_compiled_once_per_count_and_gives_the_querysets_rows():
    """``QueryForIds`` keeps the SQL Django compiles per number of ids: the same
    rows as the queryset, for any ids of that count, without compiling again; a
    query whose values Django converts is built each time."""
    from django.db.models import CharField, ExpressionWrapper, F
    from django.db.models.sql.compiler import SQLCompiler

    from statements.compiled_queries import QueryForIds

    site = build_site()
    ids = list(Statement.objects.order_by("pk").values_list("pk", flat=True))

    def positions(chosen):
        return (
            Position.objects.filter(statement__in=chosen)
            .order_by("id")
            .values_list("statement_id", "stance", "quote")
        )

    query = QueryForIds(positions)
    compiled = []
    original = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        compiled.append(self.query.model)
        return original(self, *args, **kwargs)

    SQLCompiler.as_sql = counted
    try:
        for chosen in (ids[:3], ids[3:6], ids[-3:], ids[:5]):
            assert query.rows(chosen, "default") == list(positions(chosen))
        assert compiled.count(Position) == 2 + 4  # once per count; 4 to compare

        class Shouted(CharField):  # a column Django converts, on any database
            def from_db_value(self, value, expression, connection):
                return value.upper()

        def shouted(chosen):
            loud = ExpressionWrapper(F("slug"), output_field=Shouted())
            return Statement.objects.filter(pk__in=chosen).values_list(loud)

        converted = QueryForIds(shouted)
        compiled.clear()
        for _ in range(2):
            rows = converted.rows(ids[:2], "default")
            assert rows == list(shouted(ids[:2]))
            assert all(slug == slug.upper() for (slug,) in rows)
        # Converted: built every time (and compiled once more, to find out).
        assert compiled.count(Statement) == 2 + 2 + 1
    finally:
        SQLCompiler.as_sql = original
    assert site.lake_st.pk in ids
