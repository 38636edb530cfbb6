"""What the model admins of records that stances depend on share: after a save or a
delete, ``changes.record_changed`` is told which agencies were affected, before the
change and after it."""

from django.contrib import admin

from .. import changes


class RecordsChangesAdmin(admin.ModelAdmin):
    """Subclasses say in ``affected_agencies(obj)`` which agencies' stored stance
    depends on ``obj`` (an agreement: its agency; an order: every agency that spoke
    on it)."""

    def affected_agencies(self, obj):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        stored = type(obj).objects.filter(pk=obj.pk).first() if obj.pk else None
        before = self.affected_agencies(stored) if stored else set()
        super().save_model(request, obj, form, change)
        changes.record_changed(agencies=before | self.affected_agencies(obj))

    def delete_model(self, request, obj):
        before = self.affected_agencies(obj)
        super().delete_model(request, obj)
        changes.record_changed(agencies=before)

    def delete_queryset(self, request, queryset):
        before = set()
        for obj in queryset:
            before |= self.affected_agencies(obj)
        super().delete_queryset(request, queryset)
        changes.record_changed(agencies=before)
