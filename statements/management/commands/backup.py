from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.backup import write_backup
from statements.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Write the whole database to one file (gzip'd JSON lines, the same on SQLite "
        "and PostgreSQL), for `manage.py restore` into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file to write, e.g. site.json.gz.")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite the file if it exists."
        )

    def handle(self, *args, file, force, **options):
        path = Path(file)
        if path.exists() and not force:
            raise CommandError(
                f"{file} exists already: give another name, or --force to overwrite it."
            )
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a folder: create it first.")
        counts = write_backup(
            path, progress=ProgressBar(self.stdout, unit="records", verb="wrote")
        )
        self.stdout.write(
            f"Wrote {sum(counts.values())} records of {len(counts)} kinds to {file}."
        )
