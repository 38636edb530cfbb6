"""Anonymous pages come from the cache, and never once the record has changed:
whatever wrote the change, in whatever server process."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from statements import page_cache, publishing, version_listener
from statements.importers.ice_import import import_ice_list
from statements.models import RecordVersion
from tests import factories
from tests.sample_site import build_site
from tests.shipped_data import JULY, ice_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return build_site()


def test_a_second_reader_gets_the_cached_page(client, site):
    first = client.get("/statements/")
    second = client.get("/statements/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=60"


def test_publishing_makes_every_cached_page_stale_at_once(client, site, editor):
    for path in ("/", "/statements/", "/statements/feed/", "/api/statements/"):
        client.get(path)
    draft = factories.StatementFactory(
        agency=site.mesa, headline="Brand new statement from Mesa"
    )
    publishing.publish(draft, editor)
    for path in ("/", "/statements/", "/statements/feed/", "/api/statements/"):
        response = client.get(path)
        assert response["X-Page-Cache"] == "miss", path
        assert "Brand new statement from Mesa" in response.content.decode(), path


def test_any_saved_record_makes_pages_stale(client, site):
    """An edit through any path that saves a model (the admin, a shell, a future
    command) is seen by the next reader."""
    client.get("/agencies/mesa-county-so/")
    site.mesa.name = "Mesa County Sheriff (renamed)"
    site.mesa.save()
    response = client.get("/agencies/mesa-county-so/")
    assert "Mesa County Sheriff (renamed)" in response.content.decode()


def test_a_change_saved_by_another_process_is_seen(client, site):
    """The version lives in the database, not in one process's memory: a write by
    another server process (here, plain SQL) makes this process's copy stale."""
    client.get("/statements/")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE statements_recordversion SET version = version + 1 WHERE id = 1"
        )
    assert client.get("/statements/")["X-Page-Cache"] == "miss"


def test_a_scheduled_statement_appears_when_its_time_comes(client, site, editor):
    """Nobody saves anything when a scheduled statement's time comes: the next
    request after it sees the statement, not a cached page from before."""
    soon = timezone.now() + datetime.timedelta(seconds=1.5)
    draft = factories.StatementFactory(agency=site.mesa, headline="Mesa at noon")
    publishing.publish(draft, editor, published_at=soon)
    assert "Mesa at noon" not in client.get("/statements/").content.decode()
    assert "Mesa at noon" not in client.get("/statements/").content.decode()
    time.sleep(max(0, (soon - timezone.now()).total_seconds()) + 0.2)
    assert "Mesa at noon" in client.get("/statements/").content.decode()


def test_signed_in_staff_never_get_or_fill_the_cache(client, site, editor):
    client.force_login(editor)
    response = client.get("/statements/")
    assert "X-Page-Cache" not in response
    assert "Zz secret draft headline" in response.content.decode()
    client.logout()
    response = client.get("/statements/")
    assert response["X-Page-Cache"] == "miss"
    assert "Zz secret draft headline" not in response.content.decode()


def test_a_page_from_the_cache_carries_every_security_header(client, site):
    first = client.get("/agencies/")
    hit = client.get("/agencies/")
    assert hit["X-Page-Cache"] == "hit"
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert hit[header] == first[header], header


def test_a_cached_page_is_served_without_reading_the_session(client, site):
    client.get("/statements/")
    with CaptureQueriesContext(connection) as queries:
        hit = client.get("/statements/")
    assert hit["X-Page-Cache"] == "hit"
    tables = " ".join(query["sql"] for query in queries)
    assert "django_session" not in tables and "auth_user" not in tables
    assert len(queries) <= 1  # the record's version, at most


def test_a_reader_with_a_flash_message_waiting_gets_a_fresh_page(client, site):
    client.get("/statements/")
    client.cookies["messages"] = "anything"
    response = client.get("/statements/")
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit"


def test_a_signed_out_reader_with_an_old_session_cookie_gets_the_public_page(
    client, site, editor
):
    client.force_login(editor)
    client.get("/statements/")
    session_key = client.cookies["sessionid"].value
    client.logout()
    client.cookies["sessionid"] = session_key  # the browser kept the dead cookie
    response = client.get("/statements/")
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit"
    assert "Zz secret draft headline" not in response.content.decode()


def test_etag_and_last_modified_answer_304(client, site):
    response = client.get("/agencies/")
    etag = response["ETag"]
    again = client.get("/agencies/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    version = RecordVersion.objects.get()
    since = http_date(version.changed_at.timestamp() + 1)
    assert (
        client.get("/agencies/", headers={"if-modified-since": since}).status_code
        == 304
    )
    factories.AgencyFactory(slug="a-new-agency")  # the record changes
    assert client.get("/agencies/", headers={"if-none-match": etag}).status_code == 200


def test_page_cache_off_builds_every_page_but_keeps_validators(client, site, settings):
    settings.PAGE_CACHE = False
    client.get("/statements/")
    response = client.get("/statements/")
    assert "X-Page-Cache" not in response
    assert response["ETag"]


def test_downloads_and_errors_are_not_stored(client, site):
    export = client.get("/statements/export.csv")
    assert "X-Page-Cache" not in export
    missing = client.get("/statements/no-such-statement/")
    assert missing.status_code == 404 and "X-Page-Cache" not in missing


def test_an_import_makes_pages_stale_once_not_once_per_row(client, site):
    """ICE's list creates hundreds of agencies; the version moves once, with the
    import's transaction, so readers see the new list at once and the import does
    not rewrite the version row for every agency it saves."""
    client.get("/agencies/")
    before = RecordVersion.objects.get(pk=1).version
    path = ice_file(JULY)
    report = import_ice_list(path.read_bytes(), path.name)
    assert len(report.agencies_created) > 100
    assert RecordVersion.objects.get(pk=1).version == before + 1
    assert client.get("/agencies/")["X-Page-Cache"] == "miss"


# On PostgreSQL a process reads the version only after the database announced a
# change (statements/version_listener.py). These tests commit for real: the
# announcement is sent when a transaction commits.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's LISTEN and NOTIFY"
)


@pytest.fixture
def fresh_listener():
    """This process listening afresh (earlier tests may have cut it off)."""
    version_listener.reset()
    yield
    version_listener.reset()


def moved_by_another_process():
    """Move the version as another server process would: on a connection of its
    own, committed at once, with plain SQL (no code of ours runs)."""

    def write():
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "UPDATE statements_recordversion SET version = version + 1 WHERE id = 1"
            )
        connections["default"].close()

    writer = threading.Thread(target=write)
    writer.start()
    writer.join()


def first_miss(client, path, seconds=5):
    """The next answer for ``path`` that is not from the cache, waiting at most
    ``seconds`` for the announcement to arrive."""
    deadline = time.monotonic() + seconds
    while (response := client.get(path))["X-Page-Cache"] == "hit":
        assert time.monotonic() < deadline, "the change was never heard of"
        time.sleep(0.01)
    return response


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_cached_page_costs_no_query_until_a_change(
    client, fresh_listener
):
    build_site()
    client.get("/statements/")
    with CaptureQueriesContext(connection) as queries:
        hit = client.get("/statements/")
    assert hit["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    moved_by_another_process()
    assert first_miss(client, "/statements/")["X-Page-Cache"] == "miss"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_change_made_here_is_seen_at_once(
    client, editor, fresh_listener
):
    site = build_site()
    client.get("/statements/")
    draft = factories.StatementFactory(agency=site.mesa, headline="Heard at once")
    publishing.publish(draft, editor)
    response = client.get("/statements/")
    assert response["X-Page-Cache"] == "miss"
    assert "Heard at once" in response.content.decode()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_pages_stay_right_when_the_listener_is_cut_off(
    client, fresh_listener
):
    build_site()
    client.get("/statements/")
    listening = version_listener._listener.database.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [listening])
        for _ in range(500):
            cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [listening])
            if cursor.fetchone() is None:
                break
            time.sleep(0.01)
    moved_by_another_process()  # no one is listening to hear of this
    assert client.get("/statements/")["X-Page-Cache"] == "miss"
    # Until it listens again, every request reads the version.
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/statements/")["X-Page-Cache"] == "hit"
    assert len(queries) == 1


def test_a_figure_is_computed_once_when_readers_ask_at_once():
    """Right after a change, readers arriving together wait for one computation
    of the home page's counts rather than each running it."""
    calls, answers = [], []

    def slow_counts():
        calls.append(1)
        time.sleep(0.3)
        return {"statements": 42}

    def reader():
        answers.append(page_cache.computed_once("figure:test-once", slow_counts))

    readers = [threading.Thread(target=reader) for _ in range(4)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    assert answers == [{"statements": 42}] * 4
    assert len(calls) == 1


def test_a_figure_whose_computation_failed_is_computed_by_the_next_reader():
    def broken():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        page_cache.computed_once("figure:test-failed", broken)
    assert page_cache.computed_once("figure:test-failed", lambda: 7) == 7


@pytest.mark.django_db
def test_a_read_only_figure_is_kept_in_the_process_for_its_state_of_the_record():
    """A read-only figure is computed and unpickled once per process and state of
    the record; after a change, or for the same version number at another time (a
    restore, a rolled-back change), the process reads it anew."""
    calls = []

    def orders():
        calls.append(1)
        return {"orders": len(calls)}

    first = page_cache.figure("test orders", orders, read_only=True)
    assert page_cache.figure("test orders", orders, read_only=True) is first
    assert len(calls) == 1
    factories.OrderFactory()  # the record changes: a new version
    assert page_cache.figure("test orders", orders, read_only=True) == {"orders": 2}
    version = RecordVersion.objects.get()
    RecordVersion.objects.filter(pk=1).update(
        changed_at=version.changed_at + datetime.timedelta(seconds=1)
    )
    second = page_cache.figure("test orders", orders, read_only=True)
    # Not the copy this process kept: the one in the shared cache.
    assert second == {"orders": 2} and second is not first
    # Figures that are not read-only are unpickled afresh for each reader.
    kept = page_cache.figure("test counts", lambda: {"n": 1})
    assert page_cache.figure("test counts", lambda: {"n": 2}) == kept
    assert page_cache.figure("test counts", lambda: {"n": 2}) is not kept


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_version_is_read_again_after_a_while_without_news(
    client, fresh_listener, monkeypatch
):
    """A listening connection that died without a word cannot keep a process on an
    old version for longer than TRUST_SECONDS."""
    build_site()
    client.get("/statements/")
    monkeypatch.setattr(version_listener, "TRUST_SECONDS", 0.0)
    time.sleep(0.01)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/statements/")["X-Page-Cache"] == "hit"
    assert len(queries) == 1
