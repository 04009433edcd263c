"""Reference numbers for applications and numbers for the registrations they grant."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import connection

from dzong.applications.models import NumberSequence

# No 0/O, 1/I/L, U: easy to read aloud and to type from a phone screen.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """A reference an applicant quotes, like DZ-7KQ2-M9XA: random, so it tells nothing."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"DZ-{code[:4]}-{code[4:]}"


def next_registration_numbers(prefixes: list[str], on: dt.date) -> list[str]:
    """The next number under each prefix for the year, like BL-2026-000042; never reused.

    One statement moves every sequence at once (a submission grants several registrations).
    """
    keys = [f"{prefix}-{on.year}" for prefix in prefixes]
    if len(set(keys)) < len(keys):  # the same prefix twice: one step at a time
        return [number for key in keys for number in _numbered([key])]
    return _numbered(keys)


def _numbered(keys: list[str]) -> list[str]:
    numbers = _increment(keys)
    missing = [key for key in keys if key not in numbers]
    if missing:
        NumberSequence.objects.bulk_create(
            [NumberSequence(key=key) for key in missing], ignore_conflicts=True
        )
        numbers.update(_increment(missing))
    return [f"{key}-{numbers[key]:06d}" for key in keys]


def _increment(keys: list[str]) -> dict[str, int]:
    """Add one to each sequence and read them back in one statement (row locks meanwhile)."""
    if not keys:
        return {}
    table = NumberSequence._meta.db_table
    marks = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE key IN ({marks}) "  # noqa: S608
            "RETURNING key, last",
            keys,
        )
        return {str(key): int(last) for key, last in cursor.fetchall()}
