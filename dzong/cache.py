"""The database cache every web process shares, with counts that go up atomically.

Django's database cache adds to a count by reading it and writing it back, which loses a
count when two processes do so at once and resets its expiry. Sign-in lockouts and API rate
limits count here, so a count is one locked read and one write, keeping its expiry.
"""

from __future__ import annotations

import base64
import datetime as dt
import pickle
from typing import Any

from django.core.cache.backends import db
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone


class DatabaseCache(db.DatabaseCache):
    """Django's database cache, with `count`: an atomic increment that keeps the expiry."""

    def count(self, key: str, *, timeout: int) -> int:
        """One more under `key`, counted over `timeout` seconds from the first; the count."""
        cache_key = self.make_and_validate_key(key)
        alias = router.db_for_write(self.cache_model_class)
        now = timezone.now().replace(microsecond=0)
        # No savepoint of its own: within a request's transaction the count adds two statements.
        with transaction.atomic(using=alias, savepoint=False):
            counted = self._add_to_live(alias, cache_key, now)
            if counted is not None:
                return counted
            try:
                with transaction.atomic(using=alias):
                    return self._start(alias, cache_key, now, timeout)
            except IntegrityError:  # another process started it at the same moment
                return self._add_to_live(alias, cache_key, now) or 1

    def _add_to_live(self, alias: str, cache_key: str, now: dt.datetime) -> int | None:
        connection = connections[alias]
        table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]  # set by BaseDatabaseCache
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires >= %s{lock}",  # noqa: S608
                [cache_key, connection.ops.adapt_datetimefield_value(now)],
            )
            row = cursor.fetchone()
            if row is None:
                return None
            counted = int(self._load(connection.ops.process_clob(row[0]))) + 1
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",  # noqa: S608
                [self._dump(counted), cache_key],
            )
        return counted

    def _start(self, alias: str, cache_key: str, now: dt.datetime, timeout: int) -> int:
        connection = connections[alias]
        table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]  # set by BaseDatabaseCache
        adapt = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            # Counts lapse often: starting one sweeps away every lapsed entry.
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [adapt(now)])  # noqa: S608
            cursor.execute(
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s)",  # noqa: S608
                [cache_key, self._dump(1), adapt(now + dt.timedelta(seconds=timeout))],
            )
        return 1

    def _load(self, stored: str) -> Any:
        return pickle.loads(base64.b64decode(stored.encode()))  # noqa: S301  # our own rows

    def _dump(self, value: Any) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
