"""Caching what anonymous readers are sent, and knowing at once when it is stale.

Every cached page and figure is keyed by the record's version (``RecordVersion``),
read from the database once per request (on PostgreSQL, only after a change was
announced: ``version_listener``). ``bump`` moves the version on inside the
transaction that changes the record: ``changes.record_changed`` calls it, and so do
signals on every model of the tracker (so that no admin save, delete or future write
path is forgotten). Readers of any server process then miss the old copies.

For each anonymous GET of a public page, ``PublicPageCacheMiddleware``:
- answers 304 when the reader (or a CDN) already holds this version of the page
  (``ETag`` / ``If-None-Match``, ``Last-Modified`` / ``If-Modified-Since``);
- serves the page from the cache (Redis with ``REDIS_URL``) unless
  ``DJANGO_PAGE_CACHE=off``;
- marks it ``Cache-Control: public`` for a CDN, with a short shared lifetime.
Signed-in users never get or fill a cached page; pages that say ``private`` or
``no-cache`` (staff views), set a cookie or stream (downloads) are never stored.

``figure`` keeps a costly computation (the home page's counts) per version; it is
used whether or not whole pages are cached.
"""

import contextvars
import datetime
import hashlib
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from . import version_listener

PAGE_SECONDS = 24 * 3600  # stale copies are never served: this only frees memory
SHARED_MAX_AGE = 60  # a CDN may keep a page a minute, then revalidates (304)
STORED_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")
# django.contrib.messages' cookie storage (the default storage tries it first).
MESSAGES_COOKIE = "messages"


# The request this thread is serving (set by the middleware for its whole
# course), so that code far from the view (a queryset reading its rows) finds the
# version the request already read instead of reading it again.
_serving = contextvars.ContextVar("serving", default=None)


def current(request=None):
    """``(version, changed_at)`` of the record, read once per request: the request
    being served when none is given."""
    if request is None:
        request = _serving.get()
    if request is not None and hasattr(request, "_record_version"):
        return request._record_version
    state = version_listener.remembered(_read_version) or (
        0,
        timezone.now().replace(microsecond=0),
    )
    if request is not None:
        request._record_version = state
    return state


def _read_version():
    """The stored ``(version, changed_at)``, or None before the first change. In
    SQL of our own rather than through the ORM: this runs for every anonymous
    request, and building the ORM's query was half of what a page from the cache
    cost."""
    from .models import RecordVersion

    table = connection.ops.quote_name(RecordVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version, changed_at FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return None
    version, changed_at = row
    if isinstance(changed_at, str):
        changed_at = datetime.datetime.fromisoformat(changed_at)
    if changed_at.tzinfo is None:  # SQLite keeps UTC without saying so
        changed_at = changed_at.replace(tzinfo=datetime.UTC)
    return version, changed_at


_writes = threading.local()


def bump(**kwargs):
    """Move the version on (in the caller's transaction). Also a signal receiver.
    Inside ``one_bump()`` it waits for the end of the batch."""
    if getattr(_writes, "batch_depth", 0):
        return
    _bump_now()


@contextmanager
def one_bump():
    """For bulk writes (an ICE list creates hundreds of agencies): the version moves
    once, when the batch ends, instead of once per saved row. Use it inside the
    batch's transaction, so that the move commits with the rows or not at all."""
    depth = getattr(_writes, "batch_depth", 0)
    _writes.batch_depth = depth + 1
    try:
        yield
    finally:
        _writes.batch_depth = depth
    # A dry run marks its transaction for rollback: nothing changed, nothing to move.
    connection = transaction.get_connection()
    if not depth and not (connection.in_atomic_block and connection.get_rollback()):
        _bump_now()


def _bump_now():
    from django.db.models import F

    from .models import RecordVersion

    updated = RecordVersion.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        RecordVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    version_listener.forget_after_commit()
    # A request that changed the record reads the version anew for what follows.
    request = _serving.get()
    if request is not None:
        request.__dict__.pop("_record_version", None)


def figure(name, compute, request=None, *, read_only=False):
    """``compute()``, kept per version of the record: counts over every statement
    are computed once after each change, not for each reader. ``read_only``: no
    reader changes the value it gets, so each process also keeps the one it read
    (``_ProcessCopies``) and hands out that same object, rather than unpickling a
    copy from the cache for every reader."""
    state = current(request)
    key = f"figure:{state[0]}:{hashlib.sha256(name.encode()).hexdigest()[:32]}"
    if read_only and (value := _process_copies.get(state, key)) is not None:
        return value
    value = cache.get(key)
    if value is None:
        value = computed_once(key, compute)
    if read_only:
        _process_copies.keep(state, key, value)
    return value


class _ProcessCopies:
    """Figures this process read, for one state of the record only: ``(version,
    changed_at)``, so that a version number seen again after a restore or a
    rolled-back change is not mistaken for the one kept. A few per state: the names
    of read-only figures are fixed in the code, not made from requests."""

    LIMIT = 32

    def __init__(self):
        self.lock = threading.Lock()
        self.state, self.values = None, {}

    def get(self, state, key):
        with self.lock:
            return self.values.get(key) if state == self.state else None

    def keep(self, state, key, value):
        with self.lock:
            if state != self.state or len(self.values) >= self.LIMIT:
                self.state, self.values = state, {}
            self.values[key] = value

    def forget(self):
        with self.lock:
            self.state, self.values = None, {}


_process_copies = _ProcessCopies()


def forget_process_copies():
    """Drop the figures this process keeps (tests start each from an empty cache)."""
    _process_copies.forget()


# How long readers wait for a figure another process is computing before they
# compute it themselves (it takes a few seconds at a million statements).
FIGURE_WAIT_SECONDS = 20


def computed_once(key, compute):
    """``compute()`` stored under ``key``, computed by one process at a time: right
    after a change, every reader of the home page would otherwise run the same
    counts over every statement at once. The others wait for its result (without
    touching the database), and compute it themselves only if it does not come."""
    computing = f"{key}:computing"
    if not cache.add(computing, True, FIGURE_WAIT_SECONDS):
        deadline = time.monotonic() + FIGURE_WAIT_SECONDS
        while time.monotonic() < deadline and cache.get(computing) is not None:
            time.sleep(0.05)
            value = cache.get(key)
            if value is not None:
                return value
    try:
        value = compute()
        cache.set(key, value, PAGE_SECONDS)
    finally:
        cache.delete(computing)
    return value


def caching_pages():
    return getattr(settings, "PAGE_CACHE", True)


def _cacheable_request(request):
    """A GET of a public page by someone who cannot be signed in. This middleware
    runs before the session and authentication middleware (so that a page served
    from the cache costs none of their work): a request without a session cookie
    belongs to no signed-in user, whatever else it carries. Requests with a flash
    message waiting (the messages cookie) are built fresh, so the message shows."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and not request.path.startswith(tuple(settings.PAGE_CACHE_EXEMPT_PATHS))
    )


def _served_anonymously(request):
    """After the page was built: it was built for no signed-in user (checked again
    by the authentication middleware's own answer, not only by the cookie)."""
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _cacheable_response(response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in ("private", "no-cache", "no-store"))
    )


def _validators(request, version, changed_at):
    digest = hashlib.sha256(
        f"{version}|{request.get_full_path()}".encode()
    ).hexdigest()[:32]
    return quote_etag(f"v{version}-{digest}"), changed_at


def _not_modified(request, etag, changed_at):
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")]
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(changed_at.timestamp()) <= since


def _mark(response, etag, changed_at):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at.timestamp())
    response["Cache-Control"] = f"public, max-age=0, s-maxage={SHARED_MAX_AGE}"
    patch_vary_headers(response, ("Cookie",))
    return response


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        serving = _serving.set(request)
        try:
            return self.respond(request)
        finally:
            _serving.reset(serving)

    def respond(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        try:
            version, changed_at = current(request)
        except DatabaseError:
            return self.get_response(request)  # the page says what is wrong
        etag, changed_at = _validators(request, version, changed_at)
        if _not_modified(request, etag, changed_at):
            return _mark(HttpResponseNotModified(), etag, changed_at)
        key = f"page:{version}:{etag}"
        if caching_pages():
            stored = cache.get(key)
            if stored is not None:
                status, headers, content = stored
                response = HttpResponse(content, status=status)
                for name, value in headers.items():
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                return _mark(response, etag, changed_at)
        response = self.get_response(request)
        if not (_cacheable_response(response) and _served_anonymously(request)):
            return response
        _mark(response, etag, changed_at)
        if caching_pages() and request.method == "GET":
            headers = {
                name: response[name] for name in STORED_HEADERS if name in response
            }
            cache.set(
                key, (response.status_code, headers, response.content), PAGE_SECONDS
            )
            response["X-Page-Cache"] = "miss"
        return response
