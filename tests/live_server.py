"""The production server, for tests that need one: gunicorn with gunicorn.conf.py,
DEBUG off, on 127.0.0.1, on the test database (PostgreSQL only: SQLite's test
database lives in the test process's memory, out of another process's reach).

Tests using it need ``django_db(transaction=True)`` so that what they write is
committed where the server can read it.
"""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

NEEDS_POSTGRESQL = (
    "needs PostgreSQL (set DATABASE_URL=postgres://...): the server runs in its own "
    "process and must share the test database; CI runs the suite on both"
)


def on_postgresql():
    return connection.vendor == "postgresql"


def skip_unless_postgresql():
    if not on_postgresql():
        pytest.skip(NEEDS_POSTGRESQL)


def database_url():
    """The address of the test database (pytest-django has renamed NAME by now)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return (
        f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def environment(database=None, **extra):
    """The environment of a subprocess: the test settings (production-like, DEBUG
    off) on the given database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=database or database_url(),
        PYTHONPATH=str(settings.BASE_DIR),
        **extra,
    )
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, timeout=10):
    """``(status, body)``; an HTTP error status is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    def __init__(self, base_url, log_file):
        self.base_url = base_url
        self.log_file = log_file

    def log(self):
        """What the server wrote so far (its error log)."""
        self.log_file.seek(0)
        return self.log_file.read().decode("utf-8", errors="replace")


@contextlib.contextmanager
def gunicorn(workers=2, threads=1, **extra_env):
    """Start gunicorn on a free port; yield a ``Server``; stop it."""
    port = free_port()
    env = environment(
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        GUNICORN_THREADS=str(threads),
        GUNICORN_ACCESS_LOG="off",
        **extra_env,
    )
    # A file, not a pipe: a server logging more than a pipe holds would block.
    log_file = tempfile.TemporaryFile()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    running = Server(base_url, log_file)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if fetch(f"{base_url}/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start:\n" + running.log())
            time.sleep(0.2)
        yield running
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log_file.close()
