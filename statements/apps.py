from django.apps import AppConfig


class StatementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "statements"
    verbose_name = "Statements and 287(g) data"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import search

        post_migrate.connect(search.repair_after_migrate, sender=self)
