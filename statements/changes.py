"""What follows a change to the record, in one place.

Every path that writes what readers see (the admin's forms and actions, the
publishing functions, the imports, merges, the sample data) calls ``record_changed``
with what it changed, inside its own transaction. From that it brings what is derived
from the record up to date: the searched text of the statements
(``search.refresh_documents``), for the agencies affected their stored stance and
words-and-deeds result (``stances.refresh``), and the record's version, which makes
every cached page stale in every server process (``page_cache.bump``).
"""


def _ids(items):
    return {getattr(item, "pk", item) for item in items if item is not None}


def agencies_of_statements(statement_ids):
    """The agencies that issued or co-issued these statements."""
    from .models import Statement

    statement_ids = _ids(statement_ids)
    if not statement_ids:
        return set()
    issuers = Statement.objects.filter(pk__in=statement_ids).values_list(
        "agency", flat=True
    )
    co_issuers = Statement.co_issuers.through.objects.filter(
        statement__in=statement_ids
    ).values_list("agency", flat=True)
    return set(issuers) | set(co_issuers)


def agencies_speaking_on_orders(order_ids):
    """The agencies with a statement (issued or co-issued) that has a position on
    one of these orders: their stance may depend on when the order ended."""
    from .models import Position

    order_ids = _ids(order_ids)
    if not order_ids:
        return set()
    statement_ids = Position.objects.filter(order__in=order_ids).values_list(
        "statement", flat=True
    )
    return agencies_of_statements(set(statement_ids))


def record_changed(*, agencies=(), statements=(), orders=()):
    """Bring what is derived from these agencies, statements and orders up to date.
    Pass the agencies a statement belonged to before the change as well as after
    (an edit can move a statement from one agency to another)."""
    from . import page_cache, search, stances

    page_cache.bump()
    statement_ids = _ids(statements)
    if statement_ids:
        search.refresh_documents(statement_ids)
    agency_ids = _ids(agencies)
    agency_ids |= agencies_of_statements(statement_ids)
    agency_ids |= agencies_speaking_on_orders(orders)
    if agency_ids:
        stances.refresh(agency_ids)
    return agency_ids


def rebuild_derived():
    """Derive everything again, for every statement and agency: after rows were
    written without going through ``record_changed`` (generated data, tests, a
    restored backup). ``manage.py rebuild_derived`` runs it."""
    from . import page_cache, search, stances
    from .models import Statement

    search.refresh_documents(Statement.objects.values_list("pk", flat=True))
    stances.refresh()
    page_cache.bump()
