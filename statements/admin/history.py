"""The admin's history of a record: every saved version (django-reversion) with who,
when and a comment, a field-by-field comparison of any two, and reverting to one."""

from reversion.admin import VersionAdmin


class HistoryAdmin(VersionAdmin):
    history_latest_first = True
