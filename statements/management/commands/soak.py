"""A bounded soak of a running site: readers at fixed concurrency fetch public pages
over HTTP while editors save and publish statements in the database the site reads.

Run it beside the production server (gunicorn, DEBUG off) on a copy of the data,
with the same DATABASE_URL as the server, e.g.::

    python manage.py soak --seconds 600 --readers 16 --editors 4 \\
        --base-url http://127.0.0.1:8000

Each editor owns its own statements (on its own agency), and in a loop edits their
summary, publishes, unpublishes, or starts a new one, the way the admin does:
``publishing.change_status`` for status changes, ``changes.record_changed`` after
an edit. A save counts as acknowledged once its transaction has committed. Right
after publishing or unpublishing, the editor asks the server for the statement's
page: it must be there (200) or gone (404) at once, whatever server process answers.

At the end every acknowledged save is checked in the database, the soak's records
are removed (``--keep`` leaves them), and the figures are printed. The command fails
on any 5xx, any read that could not connect, any failed or missing save, and any
stale page.
"""

import random
import statistics
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.utils import timezone

from statements import changes, publishing
from statements.choices import EditorialStatus
from statements.models import Agency, Order, Position, Statement
from statements.roles import EDITORS

FIXED_PAGES = [
    "/",
    "/statements/",
    "/statements/?sort=oldest",
    "/agencies/",
    "/orders/",
    "/about/",
    "/statements/feed/",
    "/sitemap.xml",
    "/api/statements/",
    "/api/agencies/",
    "/statements/export.csv",
    "/healthz",
]


def fetch(url, timeout):
    """``(status, seconds)``; status 0 when the server could not be reached."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:
        status = 0
    return status, time.monotonic() - started


@dataclass
class Figures:
    statuses: Counter = field(default_factory=Counter)
    seconds: list = field(default_factory=list)
    saves: int = 0
    publishes: int = 0
    unpublishes: int = 0
    created: int = 0
    failed_saves: list = field(default_factory=list)
    stale_pages: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def read(self, status, seconds):
        with self.lock:
            self.statuses[status] += 1
            self.seconds.append(seconds)

    def count(self, name):
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)


class Editor:
    """One editor's loop; ``acknowledged`` holds, per statement, what its last
    committed save wrote."""

    def __init__(self, number, run, user, agency, order, base_url, figures, timeout):
        self.number = number
        self.run = run
        self.user = user
        self.agency = agency
        self.order = order
        self.base_url = base_url
        self.figures = figures
        self.timeout = timeout
        self.random = random.Random(f"{run}-{number}")
        self.acknowledged = {}
        self.statements = []

    def create(self):
        n = len(self.statements) + 1
        with transaction.atomic():
            statement = Statement.objects.create(
                agency=self.agency,
                headline=f"Soak {self.run} editor {self.number} statement {n}",
                slug=f"soak-{self.run}-{self.number}-{n}",
                issued_on=timezone.localdate(),
                summary="Revision 0.",
                source_name="Soak test",
                source_url=f"https://soak.invalid/{self.run}/{self.number}/{n}",
                status=EditorialStatus.DRAFT,
                created_by=self.user,
                updated_by=self.user,
            )
            Position.objects.create(
                statement=statement, order=self.order, stance="supports"
            )
            changes.record_changed(statements=[statement])
        self.statements.append(statement)
        self.figures.count("created")
        return statement

    def edit(self, statement):
        revision = self.random.randrange(10**9)
        with transaction.atomic():
            statement.summary = f"Revision {revision} by editor {self.number}."
            statement.updated_by = self.user
            statement.save(update_fields=["summary", "updated_by", "updated_at"])
            changes.record_changed(statements=[statement])

    def toggle(self, statement):
        if statement.status == EditorialStatus.PUBLISHED:
            publishing.change_status(statement, self.user, EditorialStatus.DRAFT)
            self.figures.count("unpublishes")
            expected = 404
        else:
            publishing.change_status(statement, self.user, EditorialStatus.PUBLISHED)
            self.figures.count("publishes")
            expected = 200
        status, _seconds = fetch(
            f"{self.base_url}/statements/{statement.slug}/", self.timeout
        )
        if status != expected:
            self.figures.stale_pages.append(
                f"/statements/{statement.slug}/ answered {status} right after "
                f"{statement.status}, expected {expected}"
            )

    def step(self):
        if not self.statements or self.random.random() < 0.05:
            statement = self.create()
        else:
            statement = self.random.choice(self.statements)
            if self.random.random() < 0.5:
                self.edit(statement)
            else:
                self.toggle(statement)
        # Committed: this is what the database must hold for the statement now.
        self.acknowledged[statement.pk] = (statement.summary, statement.status)
        self.figures.count("saves")

    def loop(self, stop):
        try:
            while not stop.is_set():
                try:
                    self.step()
                except Exception as error:  # noqa: BLE001 - counted and reported
                    self.figures.failed_saves.append(f"editor {self.number}: {error!r}")
                    # The statement in memory may now differ from the database.
                    for statement in self.statements:
                        statement.refresh_from_db()
        finally:
            connections.close_all()


class Command(BaseCommand):
    help = (
        "Soak a running site: readers at fixed concurrency fetch public pages while "
        "editors save and publish statements; fails on any 5xx, unreachable read, "
        "lost save or stale page. Run it on a copy of the data, with the server's "
        "DATABASE_URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--readers", type=int, default=8)
        parser.add_argument("--editors", type=int, default=3)
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument(
            "--timeout",
            type=float,
            default=30,
            help="Seconds a read may take before it counts as unreachable.",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Leave the soak's statements, agencies and editors in the database.",
        )

    def handle(self, *args, seconds, readers, editors, base_url, timeout, keep, **opts):
        base_url = base_url.rstrip("/")
        if seconds <= 0 or readers < 1 or editors < 0:
            raise CommandError("Give --seconds above 0, --readers 1 or more.")
        status, _ = fetch(f"{base_url}/healthz", timeout)
        if status != 200:
            raise CommandError(
                f"{base_url}/healthz answered {status or 'nothing'}: start the server "
                "(gunicorn) and check --base-url and its DATABASE_URL first."
            )
        run = timezone.now().strftime("%Y%m%d%H%M%S")
        figures = Figures()
        pages = self.pages()
        team = self.editors(run, editors, base_url, figures, timeout)

        stop = threading.Event()

        def read(number):
            rng = random.Random(number)
            while not stop.is_set():
                figures.read(*fetch(base_url + rng.choice(pages), timeout))

        threads = [threading.Thread(target=read, args=(n,)) for n in range(readers)]
        threads += [
            threading.Thread(target=editor.loop, args=(stop,)) for editor in team
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

        missing = self.verify(team)
        self.report(figures, elapsed, readers, editors, missing)
        if not keep:
            self.clean_up(run, team)
        problems = []
        server_errors = sum(
            n for status, n in figures.statuses.items() if status >= 500
        )
        if server_errors:
            problems.append(f"{server_errors} server errors (5xx)")
        if figures.statuses[0]:
            problems.append(f"{figures.statuses[0]} reads got no answer")
        if figures.failed_saves:
            problems.append(
                f"{len(figures.failed_saves)} saves failed: {figures.failed_saves[:3]}"
            )
        if missing:
            problems.append(f"{len(missing)} acknowledged saves missing: {missing[:3]}")
        if figures.stale_pages:
            problems.append(
                f"{len(figures.stale_pages)} stale pages: {figures.stale_pages[:3]}"
            )
        if problems:
            raise CommandError(
                "The soak failed: " + "; ".join(problems) + ". See the server's log."
            )
        self.stdout.write(self.style.SUCCESS("The soak held."))

    def pages(self):
        published = Statement.objects.published()
        slugs = {
            "statements": published.values_list("slug", flat=True)[:30],
            "agencies": Agency.objects.values_list("slug", flat=True)[:30],
            "orders": Order.objects.values_list("slug", flat=True)[:10],
        }
        pages = list(FIXED_PAGES)
        for prefix, values in slugs.items():
            pages += [f"/{prefix}/{slug}/" for slug in values]
        return pages

    def editors(self, run, count, base_url, figures, timeout):
        group = Group.objects.filter(name=EDITORS).first()
        if group is None:
            raise CommandError(
                f"The {EDITORS} group does not exist: run `python manage.py migrate` "
                "on this database first."
            )
        order = Order.objects.first()
        team = []
        for number in range(1, count + 1):
            user = get_user_model().objects.create(
                username=f"soak-{run}-{number}", is_staff=True
            )
            user.groups.set([group])
            agency = Agency.objects.create(
                name=f"Soak {run} agency {number}",
                slug=f"soak-{run}-agency-{number}",
                kind="sheriff",
                state="FL",
            )
            team.append(
                Editor(number, run, user, agency, order, base_url, figures, timeout)
            )
        return team

    def verify(self, team):
        missing = []
        for editor in team:
            stored = {
                pk: (summary, status)
                for pk, summary, status in Statement.objects.filter(
                    pk__in=editor.acknowledged
                ).values_list("pk", "summary", "status")
            }
            for pk, expected in editor.acknowledged.items():
                if stored.get(pk) != expected:
                    missing.append(f"statement {pk}: {stored.get(pk)} != {expected}")
        return missing

    def report(self, figures, elapsed, readers, editors, missing):
        reads = sum(figures.statuses.values())
        times = sorted(figures.seconds) or [0]
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(figures.statuses.items()))
        self.stdout.write(
            f"{elapsed:.0f} s, {readers} readers, {editors} editors.\n"
            f"Reads: {reads} ({reads / elapsed:.1f}/s); by status {statuses}; "
            f"median {statistics.median(times) * 1000:.0f} ms, "
            f"95th percentile {p95 * 1000:.0f} ms, slowest {times[-1] * 1000:.0f} ms.\n"
            f"Saves acknowledged: {figures.saves} ({figures.created} statements "
            f"created, {figures.publishes} publishes, {figures.unpublishes} "
            f"unpublishes); failed: {len(figures.failed_saves)}; missing from the "
            f"database: {len(missing)}; stale pages: {len(figures.stale_pages)}."
        )

    def clean_up(self, run, team):
        with transaction.atomic():
            statements = Statement.objects.filter(agency__in=[e.agency for e in team])
            agencies = [editor.agency.pk for editor in team]
            Position.objects.filter(statement__in=statements).delete()
            statements.delete()
            Agency.objects.filter(pk__in=agencies).delete()
            get_user_model().objects.filter(
                username__startswith=f"soak-{run}-"
            ).delete()
            changes.record_changed(agencies=agencies)
