import time

from django.core.management.base import BaseCommand, CommandError

from statements.benchmark_data import NotEmpty, generate
from statements.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Fill an empty database with synthetic published statements of the project's "
        "own schema (agencies, orders, positions, agreements), the same rows for the "
        "same seed, then refresh the planner's statistics. For measuring at scale."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--statements",
            type=int,
            required=True,
            help="How many statements (agencies: a third of that; 25 orders).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (default 1)."
        )

    def handle(self, *args, statements, seed, **options):
        if statements < 1:
            raise CommandError("--statements must be at least 1.")
        bars = {}

        def progress(step, done, total):
            bar = bars.setdefault(
                step, ProgressBar(self.stdout, unit=step, minimum=1, verb="wrote")
            )
            bar(done, total)

        started = time.perf_counter()
        try:
            made = generate(statements, seed=seed, progress=progress)
        except NotEmpty as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            f"Generated {made['statements']} statements, {made['agencies']} agencies, "
            f"{made['agreements']} agreements and {made['orders']} orders in "
            f"{time.perf_counter() - started:.1f} s (seed {seed}); statistics refreshed."
        )
