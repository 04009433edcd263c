"""Reference numbers for applications and numbers for the registrations they grant."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter

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

    One statement moves every sequence (creating those new this year), however many
    registrations a submission grants.
    """
    keys = [f"{prefix}-{on.year}" for prefix in prefixes]
    wanted = Counter(keys)
    last = _advance(wanted)
    given: Counter[str] = Counter()
    numbers = []
    for key in keys:
        given[key] += 1
        numbers.append(f"{key}-{last[key] - wanted[key] + given[key]:06d}")
    return numbers


def _advance(wanted: Counter[str]) -> dict[str, int]:
    """Move each sequence on by its count in one upsert; the last number of each.

    The rows are written, and so locked, in the order of their keys (an INSERT takes its
    VALUES in order): two submissions lock them in the same order and never wait on each
    other in a circle. A sequence new this year starts at its count.
    """
    if not wanted:
        return {}
    table = NumberSequence._meta.db_table
    keys = sorted(wanted)
    rows = ", ".join(["(%s, %s)"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, last) VALUES {rows} "  # noqa: S608
            f"ON CONFLICT (key) DO UPDATE SET last = {table}.last + excluded.last "
            "RETURNING key, last",
            [value for key in keys for value in (key, wanted[key])],
        )
        return {str(key): int(last) for key, last in cursor.fetchall()}
