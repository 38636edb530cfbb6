"""Queries a page runs for its own rows' ids, compiled by Django once.

Every list page reads its statements' co-issuers and positions with a query over
the page's ids. Django builds and compiles that query anew each time, and for
fifty ids that took longer than the database took to answer it (a tenth of a list
page, two thirds of the two queries' cost). The SQL depends only on the number of
ids, so it is kept per database and count, and run again with the new ids."""

import threading

from django.db import connections


class QueryForIds:
    """The rows of ``make(ids)``, a ``values_list`` queryset whose parameters are
    exactly ``ids`` in their order (``field__in=ids``, nothing else bound). Its SQL
    is compiled by Django the first time for each database and number of ids and
    reused after; values are given as the database driver gives them, so a query
    whose columns Django would convert (dates on SQLite, say) is not kept but built
    each time, as is a list longer than ``MOST_IDS``."""

    MOST_IDS = 200  # a page holds at most this many; longer lists are rare

    def __init__(self, make):
        self.make = make
        self._sql = {}  # (database, number of ids): SQL
        self._not_kept = set()  # databases on which the query cannot be kept
        self._lock = threading.Lock()

    def rows(self, ids, using):
        ids = list(ids)
        key = (using, len(ids))
        sql = self._sql.get(key)
        if sql is None:
            queryset = self.make(ids).using(using)
            if len(ids) > self.MOST_IDS or using in self._not_kept:
                return list(queryset)
            compiler = queryset.query.get_compiler(using)
            sql, params = compiler.as_sql()
            columns = [column for column, *_ in compiler.select]
            if compiler.get_converters(columns) or list(params) != ids:
                with self._lock:
                    self._not_kept.add(using)
                return list(queryset)
            with self._lock:
                self._sql[key] = sql
        with connections[using].cursor() as cursor:
            cursor.execute(sql, ids)
            return cursor.fetchall()
