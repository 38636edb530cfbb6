"""Knowing that the record has not changed without asking the database (PostgreSQL).

Every anonymous request needs the record's version (``page_cache.current``). On
SQLite reading it is a look at a local file; on PostgreSQL it is a round trip to the
server, two with Django's health check of a reused connection, and a page served
from the cache cost twice what a bare view does for it.

So on PostgreSQL each server process keeps one connection of its own that LISTENs on
``CHANNEL``, and a trigger on the version's table (migration 0010) sends a
notification whenever anything writes it. PostgreSQL delivers it to every listener
when that transaction commits, and never if it rolls back. A process reads the
version again only after a notification came, or ``TRUST_SECONDS`` without one;
until then it answers from memory.
The process that made the change forgets its copy as soon as it commits
(``forget_after_commit``), so its own next page is never stale; other processes
learn of it as fast as the server's message reaches them (well under a millisecond
on one machine).

The version is read from the database on every request, as before, wherever
listening is not possible or not safe: on SQLite; inside a transaction (the caller
may have changed the record without committing, as tests do); when the listening
connection fails (the server restarting, or a pooler in transaction mode, which
cannot carry LISTEN), until it is opened again (tried every ``RETRY_SECONDS``).
"""

import logging
import os
import threading
import time

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from psycopg import pq

CHANNEL = "policytracker_record_version"
RETRY_SECONDS = 5
# The version is read again at least this often even without a notification: a
# connection that died without a word (a network cut) cannot keep a process on a
# stale version for longer, and a database gone away is noticed as quickly.
TRUST_SECONDS = 1.0

logger = logging.getLogger(__name__)

_UNREAD = object()


class _Listener:
    """This process's listening connection and the version it last read."""

    def __init__(self):
        self.lock = threading.Lock()
        self.database = None  # a DatabaseWrapper of its own, outside Django's pool
        self.pid = None
        self.version = _UNREAD
        self.read_at = 0.0
        self.retry_at = 0.0

    def listening(self):
        """Is the connection open and listening? Opens it if it is time to try."""
        if self.database is not None and self.pid == os.getpid():
            return True
        # After a fork the parent's connection is not ours to use or close.
        self.database, self.version = None, _UNREAD
        if time.monotonic() < self.retry_at:
            return False
        try:
            database = connections.create_connection(DEFAULT_DB_ALIAS)
            database.connect()
            database.connection.execute(f"LISTEN {CHANNEL}")
        except Exception:  # noqa: BLE001 - any failure means: read the database
            logger.warning("Cannot listen for changes; reading the version per request")
            self.retry_at = time.monotonic() + RETRY_SECONDS
            return False
        self.database, self.pid = database, os.getpid()
        return True

    def notified(self):
        """Did a notification come since the last look? Never waits."""
        pgconn = self.database.connection.pgconn
        # Twice: a server closing the connection sends a message, which the first
        # read takes, then the end of the stream, which makes the second one fail.
        pgconn.consume_input()
        pgconn.consume_input()
        if pgconn.status != pq.ConnStatus.OK:
            raise ConnectionError("the listening connection was closed")
        came = False
        while pgconn.notifies() is not None:
            came = True
        return came

    def close(self):
        database, self.database, self.version = self.database, None, _UNREAD
        self.retry_at = time.monotonic() + RETRY_SECONDS
        try:
            database.close()
        except Exception:  # noqa: BLE001, S110 - it is being given up anyway
            pass


_listener = _Listener()


def _may_listen():
    database = connections[DEFAULT_DB_ALIAS]
    return database.vendor == "postgresql" and not database.in_atomic_block


def remembered(read):
    """What ``read()`` (the stored version) gives, read again only after a change
    was announced; read every time where listening is not possible or safe."""
    if not _may_listen():
        return read()
    with _listener.lock:
        if not _listener.listening():
            return read()
        try:
            if _listener.notified():
                _listener.version = _UNREAD
        except Exception:  # noqa: BLE001 - the connection broke: stop trusting it
            logger.warning("The listening connection failed; reading the version")
            _listener.close()
            return read()
        now = time.monotonic()
        if _listener.version is _UNREAD or now - _listener.read_at > TRUST_SECONDS:
            # Listening began before this read: no change after it can be missed.
            # If the read fails (the database gone), the next request reads again.
            _listener.version = _UNREAD
            _listener.version, _listener.read_at = read(), now
        return _listener.version


def reset():
    """Stop listening and forget everything (tests, or a process whose database
    settings changed): the next request starts afresh."""
    with _listener.lock:
        if _listener.database is not None and _listener.pid == os.getpid():
            _listener.close()
        _listener.database, _listener.version, _listener.retry_at = None, _UNREAD, 0.0


def forget():
    """Read the version again next time (after this process committed a change)."""
    with _listener.lock:
        _listener.version = _UNREAD


def forget_after_commit(using=DEFAULT_DB_ALIAS):
    """This process moved the version: read it again now, and once more when the
    transaction commits (other processes hear of it from the database)."""
    database = connections[using]
    if database.vendor != "postgresql":
        return
    forget()
    if database.in_atomic_block:
        transaction.on_commit(forget, using=using)
