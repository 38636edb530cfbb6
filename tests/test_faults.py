"""When things go wrong underneath: the database going away, an import killed.

- The database going away (connections dropped, no new ones accepted): pages are a
  friendly 503, the API answers 503 in JSON, ``/healthz`` 503; when the database is
  back, the same server processes answer 200 again without a restart.
- Connections dropped while readers are being served: each request gets its page
  or the 503, never a 500.
- An import killed (SIGKILL) half-way leaves nothing written, and can be run again.
"""

import signal
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from statements import version_listener
from tests import factories, live_server
from tests.live_server import fetch

ICE_FILES = [
    "data/ice-287g/participatingAgencies05162025am.xlsx",
    "data/ice-287g/participatingAgencies06172025pm.xlsx",
    "data/ice-287g/participatingAgencies07182025pm.xlsx",
]


def drop_connections(*, refuse_new):
    """Terminate every connection to the test database but the test's own; with
    ``refuse_new``, refuse new ones too, as a database that went away does. (A
    database cannot refuse connections to itself: this speaks from another one.)"""
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    ) as other:
        if refuse_new is not None:
            allow = "false" if refuse_new else "true"
            other.execute(f'ALTER DATABASE "{db["NAME"]}" ALLOW_CONNECTIONS {allow}')
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            own = cursor.fetchone()[0]
        return other.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> %s",
            (db["NAME"], own),
        ).fetchone()[0]


@pytest.fixture
def published(transactional_db):
    live_server.skip_unless_postgresql()
    return factories.StatementFactory(
        status="published",
        published_at="2025-02-01T12:00:00Z",
        headline="Sheriff welcomes the order",
        slug="sheriff-welcomes",
    )


def test_database_going_away_gives_a_503_and_the_site_comes_back(published):
    with live_server.gunicorn(workers=1) as server:
        pages = [
            "/",
            "/statements/",
            "/statements/sheriff-welcomes/",
            "/api/statements/",
        ]
        for page in pages:
            assert fetch(server.base_url + page)[0] == 200, page
        try:
            assert drop_connections(refuse_new=True) >= 1  # the server's own
            # On PostgreSQL a page from the cache may still be served for up to
            # this long, until the process reads the record's version again.
            time.sleep(version_listener.TRUST_SECONDS + 0.2)
            for page in pages[:3]:
                status, body = fetch(server.base_url + page)
                assert status == 503, page
                text = body.decode()
                assert "The site is back in a moment" in text
                assert "reload the page in half a minute" in text
                assert "Traceback" not in text and "OperationalError" not in text
            status, body = fetch(server.base_url + "/api/statements/")
            assert status == 503
            assert b'"error": "The database is unavailable' in body.replace(
                b'":"', b'": "'
            )
            status, body = fetch(server.base_url + "/healthz")
            assert (status, body) == (503, b"database unavailable: OperationalError\n")
        finally:
            drop_connections(refuse_new=False)
        # Back: the same server process reconnects by itself (CONN_HEALTH_CHECKS).
        assert fetch(server.base_url + "/healthz") == (200, b"ok\n")
        for page in pages:
            assert fetch(server.base_url + page)[0] == 200, page
        assert "Internal Server Error" not in server.log()


def test_connections_dropped_under_load_never_give_a_500(published):
    """Readers at fixed concurrency while every connection of the server is killed
    twice a second: a reader whose query was cut gets the 503, the others their
    page; nobody gets a server error."""
    pages = ["/", "/statements/", "/agencies/", "/statements/sheriff-welcomes/"]
    statuses, stop = [], threading.Event()

    def read(base_url):
        n = 0
        while not stop.is_set():
            statuses.append(fetch(base_url + pages[n % len(pages)])[0])
            n += 1

    with live_server.gunicorn(workers=2, DJANGO_PAGE_CACHE="off") as server:
        readers = [
            threading.Thread(target=read, args=(server.base_url,)) for _ in range(4)
        ]
        for reader in readers:
            reader.start()
        killed = 0
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            time.sleep(0.5)
            killed += drop_connections(refuse_new=None)
        stop.set()
        for reader in readers:
            reader.join()
        assert fetch(server.base_url + "/healthz") == (200, b"ok\n")
        log = server.log()
    assert killed >= 5
    # On failure, the log's traceback of the first 500 says which error it was.
    first_500 = log[log.find("Internal Server Error") :][:6000]
    assert set(statuses) <= {200, 503}, (sorted(set(statuses)), first_500)
    # Connections were cut in the middle of requests, and readers got pages between.
    assert statuses.count(503) >= 1
    assert statuses.count(200) >= 10


@pytest.fixture
def committed_database(transactional_db, tmp_path):
    """A database another process can use: the test database on PostgreSQL, a
    migrated SQLite file otherwise."""
    if live_server.on_postgresql():
        return live_server.database_url()
    url = f"sqlite:///{tmp_path / 'killed.sqlite3'}"
    manage("migrate", "--verbosity", "0", database=url, check=True)
    return url


def manage(*args, database, check=False, **popen):
    command = [sys.executable, "-u", "manage.py", *args]
    env = live_server.environment(database)
    if popen:
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, **popen)
    result = subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


COUNT_RECORDS = (
    "from statements.models import Agency, Agreement, ListSnapshot, RecordVersion;"
    "print(Agency.objects.count(), Agreement.objects.count(),"
    " ListSnapshot.objects.count(),"
    " RecordVersion.objects.values_list('version', flat=True).first())"
)


def test_an_import_killed_half_way_leaves_nothing_written(committed_database):
    before = manage(
        "shell", "-v", "0", "-c", COUNT_RECORDS, database=committed_database
    )
    import_ = manage(
        "import_agreements",
        *ICE_FILES,
        database=committed_database,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # The second file starts being read once the first one's rows are written (in
    # the import's one transaction): kill it there, as a power cut would.
    started = 0
    for line in import_.stdout:
        started += line.startswith("  read 1/")
        if started == 2:
            import_.send_signal(signal.SIGKILL)
            break
    import_.wait(timeout=30)
    assert import_.returncode == -signal.SIGKILL, "the import ended before the kill"

    after = manage("shell", "-v", "0", "-c", COUNT_RECORDS, database=committed_database)
    assert after.stdout == before.stdout
    assert after.stdout.split()[:3] == ["0", "0", "0"]

    # Nothing half-done stands in the way: the same import runs whole.
    again = manage("import_agreements", *ICE_FILES, database=committed_database)
    assert again.returncode == 0, again.stderr
    assert "832 rows" in again.stdout


def test_a_statement_import_killed_while_writing_leaves_nothing(
    committed_database, tmp_path
):
    """Killed once it is seen inserting statements (PostgreSQL shows what each
    connection is doing): not one of them stays."""
    live_server.skip_unless_postgresql()
    path = tmp_path / "statements.csv"
    rows = ["agency,agency_kind,agency_state,headline,issued_on,summary,stance"]
    rows += [
        f"Soak County Sheriff's Office {n % 300},sheriff,FL,Sheriff speaks {n},"
        f"2025-02-{1 + n % 28:02d},A neutral summary {n}.,supports"
        for n in range(4000)
    ]
    path.write_text("\n".join(rows) + "\n")
    import_ = manage(
        "import_statements",
        str(path),
        database=committed_database,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen_writing = False
    deadline = time.monotonic() + 120
    with connection.cursor() as cursor:
        while import_.poll() is None and time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid()"
                " AND query LIKE 'INSERT INTO \"statements_statement\"%%'"
            )
            if cursor.fetchone()[0]:
                seen_writing = True
                import_.send_signal(signal.SIGKILL)
                break
            time.sleep(0.05)
    import_.wait(timeout=30)
    assert seen_writing, "the import was never seen writing statements"
    # The server ends the killed connection's transaction: nothing of it remains.
    deadline = time.monotonic() + 10
    while drop_connections(refuse_new=None) and time.monotonic() < deadline:
        time.sleep(0.2)
    counts = manage(
        "shell", "-v", "0", "-c", COUNT_STATEMENTS, database=committed_database
    )
    assert counts.stdout.split() == ["0", "0"], counts.stderr


COUNT_STATEMENTS = (
    "from statements.models import Agency, Statement;"
    "print(Statement.objects.count(), Agency.objects.count())"
)
