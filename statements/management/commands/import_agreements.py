import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from statements.importers import ImportFailed, import_ice_lists, read_file
from statements.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import ICE's 287(g) lists (participating agencies or pending requests) as ICE "
        "publishes them, in .xlsx or in .csv with the same column headings. Files "
        "already imported (same content) are skipped; nothing is written if any file "
        "cannot be imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="ICE list files.")
        parser.add_argument(
            "--listed-on",
            type=datetime.date.fromisoformat,
            help="The list's date (YYYY-MM-DD), when the file name does not carry it "
            "as ICE's names do (participatingAgencies07182025pm.xlsx). One file only.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be created, updated and marked, and write nothing.",
        )
        parser.add_argument(
            "--confirm-removals",
            action="store_true",
            help="Import even if a list marks most current agreements as no longer "
            "listed (otherwise refused with the numbers, so a short or misdated file "
            "cannot end them by mistake).",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Record this user as the one who imported the lists.",
        )

    def handle(
        self,
        *args,
        files,
        listed_on,
        dry_run,
        confirm_removals,
        user,
        verbosity,
        **options,
    ):
        if listed_on and len(files) > 1:
            raise CommandError("Give --listed-on with one file at a time.")
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user named “{user}”.")
        contents = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file.")
            try:
                contents.append((read_file(path), path.name))
            except ImportFailed as failure:
                raise CommandError(
                    "Nothing was imported.\n" + "\n".join(failure.problems)
                ) from None
        try:
            reports = import_ice_lists(
                contents,
                listed_on=listed_on,
                user=importer,
                dry_run=dry_run,
                progress=ProgressBar(self.stdout),
                confirm_removals=confirm_removals,
            )
        except ImportFailed as failure:
            raise CommandError(
                "Nothing was imported.\n" + "\n".join(failure.problems)
            ) from None
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        for report in reports:
            self.stdout.write(report.summary())
            if report.removes_most and not confirm_removals:
                self.stdout.write(self.style.WARNING(f"  {report.removal_question()}"))
            for warning in report.grouped_warnings():
                self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
            if dry_run or verbosity > 1:
                for line in report.details():
                    self.stdout.write(f"  {line}")
