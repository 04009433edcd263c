"""Reference numbers for applications and numbers for the registrations they grant."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import connection

from dzong.applications.models import NumberSequence

# No 0/O, 1/I/L, U: easy to read aloud and to type from a phone screen.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
# Before the prefix of every number a test run gives: TEST-BL-2026-000001.
TEST_PREFIX = "TEST-"


def new_reference() -> str:
    """A reference an applicant quotes, like DZ-7KQ2-M9XA: random, so it tells nothing."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"DZ-{code[:4]}-{code[4:]}"


def next_registration_numbers(prefixes: list[str], on: dt.date) -> list[str]:
    """The next number under each prefix for the year, like BL-2026-000042; never reused.

    Sequences move one statement each, in the order of their keys, so that two submissions
    lock them in the same order and never wait on each other in a circle.
    """
    keys = [f"{prefix}-{on.year}" for prefix in prefixes]
    numbers: dict[int, str] = {}
    for index in sorted(range(len(keys)), key=lambda i: keys[i]):
        numbers[index] = f"{keys[index]}-{_next(keys[index]):06d}"
    return [numbers[index] for index in range(len(keys))]


def _next(key: str) -> int:
    number = _increment(key)
    if number is None:
        NumberSequence.objects.bulk_create([NumberSequence(key=key)], ignore_conflicts=True)
        number = _increment(key)
    if number is None:  # pragma: no cover - the row was created just above
        raise RuntimeError(f"No number sequence for {key}")
    return number


def _increment(key: str) -> int | None:
    """Add one to the sequence and read it back in one statement (a row lock meanwhile)."""
    table = NumberSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE key = %s RETURNING last",  # noqa: S608
            [key],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])
