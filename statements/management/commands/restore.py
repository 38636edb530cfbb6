from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.backup import BackupError, restore_backup
from statements.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Restore a file made by `manage.py backup` into an empty database (run "
        "`manage.py migrate` on a new database first). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file, e.g. site.json.gz.")

    def handle(self, *args, file, **options):
        if not Path(file).is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            loaded = restore_backup(
                file, progress=ProgressBar(self.stdout, unit="records", verb="restored")
            )
        except BackupError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            f"Restored {sum(loaded.values())} records of {len(loaded)} kinds from "
            f"{file}; search documents, stances and the page cache are rebuilt."
        )
