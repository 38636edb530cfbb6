from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.importers import ImportFailed, import_order_csv
from statements.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import the order catalogue (federal orders, proclamations, state laws) from "
        "a CSV file such as data/orders/orders.csv (columns in the README, “Importing "
        "data”). All or nothing; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv", help="The CSV file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would change, writing nothing.",
        )

    def handle(self, *args, file, dry_run, verbosity, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file. Give the path of a CSV file.")
        progress = (
            ProgressBar(self.stdout, unit="rows", minimum=200) if verbosity else None
        )
        try:
            report = import_order_csv(
                path.read_bytes(), path.name, dry_run=dry_run, progress=progress
            )
        except ImportFailed as failure:
            raise CommandError(
                "Nothing was imported. Correct the file and run the command again.\n"
                + "\n".join(failure.problems)
            ) from None
        if verbosity == 0:
            return
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        self.stdout.write(report.summary())
        if dry_run or verbosity > 1:
            for verb, orders in (("new", report.created), ("updated", report.updated)):
                for order in orders:
                    self.stdout.write(f"  {verb}: {order}")
