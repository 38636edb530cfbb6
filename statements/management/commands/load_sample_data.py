from django.core.management.base import BaseCommand

from statements.sample_data import load_sample_data


class Command(BaseCommand):
    help = (
        "Load the seed case (the 2017 orders and the IACP statement). Safe to re-run."
    )

    def handle(self, *args, **options):
        created = load_sample_data()
        if options["verbosity"] == 0:
            return
        for obj in created:
            self.stdout.write(f"Created {obj._meta.verbose_name}: {obj}")
        if not created:
            self.stdout.write("Sample data already present; nothing changed.")
