from django.core.management.base import BaseCommand, CommandError

from statements import source_checks
from statements.management.progress import ProgressBar
from statements.models import Statement


class Command(BaseCommand):
    help = (
        "Check that every statement's source and archived links still answer, and "
        "record the result (the admin's statement list filters by it: “source "
        "reachable: broken”). Requests run a few at a time, each with a timeout, "
        "the whole run within a time limit."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers",
            type=int,
            default=source_checks.WORKERS,
            help=f"Requests at once (default {source_checks.WORKERS}).",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=source_checks.TIMEOUT,
            help=f"Seconds to wait for one answer (default {source_checks.TIMEOUT}).",
        )
        parser.add_argument(
            "--time-limit",
            type=float,
            default=source_checks.TIME_LIMIT,
            help="Seconds for the whole run; links not reached are left for the next "
            f"run (default {source_checks.TIME_LIMIT}).",
        )
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="Check only statements readers can see.",
        )

    def handle(self, *args, workers, timeout, time_limit, published_only, **options):
        if workers < 1 or workers > 64:
            raise CommandError("--workers: give a number from 1 to 64.")
        if timeout <= 0 or time_limit <= 0:
            raise CommandError("--timeout and --time-limit: give a positive number.")
        statements = (
            Statement.objects.published() if published_only else Statement.objects
        )
        source_checks.forget_removed_links()
        links = list(source_checks.links_of(statements.order_by("pk")))
        self.stdout.write(
            f"Checking {len(links)} links, {workers} at a time "
            f"(timeout {timeout:g} s, time limit {time_limit:g} s)."
        )
        run = source_checks.check(
            links,
            workers=workers,
            timeout=timeout,
            time_limit=time_limit,
            progress=ProgressBar(self.stdout, unit="links", minimum=20, verb="checked"),
        )
        broken = run.broken
        self.stdout.write(
            f"{len(run.checked) - len(broken)} reachable, {len(broken)} broken."
        )
        for link, result in broken:
            self.stdout.write(
                f"  broken: statement {link.statement_id} {link.link} {link.url}: "
                f"{result.error or result.status_code}"
            )
        if run.not_checked:
            self.stdout.write(
                self.style.WARNING(
                    f"Time limit reached: {len(run.not_checked)} links not checked. "
                    "Run the command again, or give a longer --time-limit or more "
                    "--workers."
                )
            )
        if broken:
            self.stdout.write(
                "See them in the admin: Statements, filter “source reachable: broken”."
            )
