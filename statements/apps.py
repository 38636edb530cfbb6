from django.apps import AppConfig


class StatementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "statements"
    verbose_name = "Statements and 287(g) data"

    def ready(self):
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_migrate,
            post_save,
        )

        from . import page_cache, search

        post_migrate.connect(search.repair_after_migrate, sender=self)
        # Any saved or deleted record of the tracker makes cached pages stale, so
        # that no write path, however new, can leave readers an old page.
        # (Bulk writes send no signals; they call changes.record_changed.)
        for model in self.get_models():
            # Link-check results are staff-only; thousands of them per run must not
            # empty the public cache.
            if model.__name__ in ("RecordVersion", "SourceCheck"):
                continue
            for signal in (post_save, post_delete):
                signal.connect(page_cache.bump, sender=model, weak=False)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    page_cache.bump, sender=field.remote_field.through, weak=False
                )
