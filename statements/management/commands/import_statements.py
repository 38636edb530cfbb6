from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from statements.importers import ImportFailed, import_statement_csv, read_file


class Command(BaseCommand):
    help = (
        "Import statements from a CSV file, one row per position (columns in the "
        "README, “Importing data”). Nothing is written if any row is invalid, unless "
        "--skip-invalid. Re-importing the same file updates, never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv", help="The CSV file.")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Import as this user. Statements marked published or withdrawn in "
            "the file need a user with the right to publish (an editor); without "
            "--user every statement must be a draft or in review.",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the statements whose rows are all valid and list the rest, "
            "instead of importing nothing.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would change, writing nothing.",
        )

    def handle(self, *args, file, user, skip_invalid, dry_run, verbosity, **options):
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user named “{user}”.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            report = import_statement_csv(
                read_file(path),
                path.name,
                user=importer,
                skip_invalid=skip_invalid,
                dry_run=dry_run,
            )
        except ImportFailed as failure:
            raise CommandError(
                "Nothing was imported.\n" + "\n".join(failure.problems)
            ) from None
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        self.stdout.write(report.summary())
        for problem in report.skipped:
            self.stdout.write(self.style.WARNING(f"  skipped: {problem}"))
        if dry_run or verbosity > 1:
            for agency in report.agencies_created:
                self.stdout.write(f"  new agency: {agency} ({agency.kind})")
            for verb, statements in (
                ("new", report.created),
                ("updated", report.updated),
            ):
                for statement in statements:
                    self.stdout.write(
                        f"  {verb}: {statement.agency.name}, {statement.issued_on}: "
                        f"{statement.headline}"
                    )
