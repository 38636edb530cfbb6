"""Checking that statements' source and archive links still answer.

Requests run in a small thread pool (bounded concurrency), each with its own
timeout, the whole run within a time limit; every request names the project in its
User-Agent. A link is tried with HEAD (cheap for the sites we link to) and, when
HEAD fails or is refused, with GET, since many servers answer HEAD wrongly. Only
the calling thread writes to the database: one ``SourceCheck`` per statement and
link, replaced at each check.
"""

import concurrent.futures
import dataclasses
import time
import urllib.error
import urllib.request

from django.db import transaction
from django.utils import timezone

from .models import SourceCheck
from .site_url import absolute_url

WORKERS = 8
TIMEOUT = 10  # seconds for one request
TIME_LIMIT = 600  # seconds for a whole run
GET_BYTES = 1024  # a GET reads this much: enough to know the page is there


def user_agent():
    return (
        "policytracker-link-check/1.0 (a newsroom checking its sources are still "
        f"online; +{absolute_url('/about/')})"
    )


@dataclasses.dataclass(frozen=True)
class Link:
    statement_id: int
    link: str  # SourceCheck.Link
    url: str


@dataclasses.dataclass(frozen=True)
class Result:
    status_code: int | None
    ok: bool
    error: str = ""


def links_of(statements):
    """The links to check: each statement's source and archived copy, where set."""
    for statement_id, source_url, archived_url in statements.values_list(
        "pk", "source_url", "archived_url"
    ):
        if source_url:
            yield Link(statement_id, SourceCheck.Link.SOURCE, source_url)
        if archived_url:
            yield Link(statement_id, SourceCheck.Link.ARCHIVE, archived_url)


def _request(url, method, timeout):
    request = urllib.request.Request(
        url, method=method, headers={"User-Agent": user_agent(), "Accept": "*/*"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if method == "GET":
                response.read(GET_BYTES)
            return Result(response.status, 200 <= response.status < 400)
    except urllib.error.HTTPError as error:
        return Result(error.code, False, f"HTTP {error.code} {error.reason}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return Result(None, False, str(reason) or type(reason).__name__)


def check_url(url, timeout=TIMEOUT):
    """HEAD, then GET if HEAD did not say the page is there."""
    result = _request(url, "HEAD", timeout)
    if result.ok:
        return result
    return _request(url, "GET", timeout)


@dataclasses.dataclass
class Run:
    checked: list  # [(Link, Result)]
    not_checked: list  # [Link] left when the time limit came

    @property
    def broken(self):
        return [(link, result) for link, result in self.checked if not result.ok]


def check(
    links,
    *,
    workers=WORKERS,
    timeout=TIMEOUT,
    time_limit=TIME_LIMIT,
    progress=None,
):
    """Check ``links`` and record each result; stop starting new requests when
    ``time_limit`` seconds have passed. ``progress(done, total)`` after each one."""
    links = list(links)
    deadline = time.monotonic() + time_limit
    checked = []
    pool = concurrent.futures.ThreadPoolExecutor(
        max_workers=workers, thread_name_prefix="check-sources"
    )
    futures = {pool.submit(check_url, link.url, timeout): link for link in links}
    try:
        for future in concurrent.futures.as_completed(
            futures, timeout=max(0, deadline - time.monotonic())
        ):
            link = futures[future]
            result = future.result()
            record(link, result)
            checked.append((link, result))
            if progress:
                progress(len(checked), len(links))
    except TimeoutError:
        pass
    finally:
        # Requests under way end by their own timeout; the rest never start.
        pool.shutdown(wait=False, cancel_futures=True)
    done = {id(link) for link, _result in checked}
    return Run(checked, [link for link in links if id(link) not in done])


def record(link, result):
    with transaction.atomic():
        SourceCheck.objects.update_or_create(
            statement_id=link.statement_id,
            link=link.link,
            defaults={
                "url": link.url,
                "checked_at": timezone.now(),
                "status_code": result.status_code,
                "ok": result.ok,
                "error": result.error[:1000],
            },
        )


def forget_removed_links():
    """Drop results for links a statement no longer has."""
    SourceCheck.objects.filter(
        link=SourceCheck.Link.SOURCE, statement__source_url=""
    ).delete()
    SourceCheck.objects.filter(
        link=SourceCheck.Link.ARCHIVE, statement__archived_url=""
    ).delete()
