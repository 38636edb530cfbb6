"""Time public pages against a reference page measured in the same run.

Machines here are noisy, so absolute timings mean little; each page's median time is
reported as a multiple of the median of ``/about/`` (a page with no database work),
with its query count."""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

REFERENCE = "/about/"
DEFAULT_PATHS = [
    "/",
    "/statements/",
    "/statements/?stance=local_discretion&mandate_view=opposes_mandates",
    "/statements/feed/",
    "/agencies/",
    "/agencies/?model=task_force&state=FL",
    "/orders/eo-13768/",
    "/sitemap.xml",
    "/api/statements/",
]


class Command(BaseCommand):
    help = "Median time of public pages as a multiple of /about/, with query counts."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Paths to time (default: the main public pages)."
        )
        parser.add_argument(
            "--runs", type=int, default=15, help="Requests per page (default 15)."
        )

    def handle(self, *args, paths, runs, **options):
        if runs < 3:
            raise CommandError("--runs must be at least 3 for a median to mean much.")
        client = Client()
        reference = self.median_seconds(client, REFERENCE, runs)
        self.stdout.write(f"{REFERENCE:<70} {reference * 1000:8.1f} ms   1.0x")
        for path in paths or DEFAULT_PATHS:
            seconds = self.median_seconds(client, path, runs)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            self.stdout.write(
                f"{path:<70} {seconds * 1000:8.1f} ms {seconds / reference:5.1f}x "
                f"{len(queries):3d} queries"
            )

    def median_seconds(self, client, path, runs):
        client.get(path)  # warm caches and connections
        timings = []
        for _ in range(runs):
            reset_queries()
            started = time.perf_counter()
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
        return statistics.median(timings)
