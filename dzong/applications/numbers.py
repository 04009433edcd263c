"""Reference numbers for applications (registrations' numbers: `registrations.py`)."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L, U: easy to read aloud and to type from a phone screen.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
# Before the prefix of every number a test run gives: TEST-BL-2026-000001.
TEST_PREFIX = "TEST-"


def new_reference() -> str:
    """A reference an applicant quotes, like DZ-7KQ2-M9XA: random, so it tells nothing."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"DZ-{code[:4]}-{code[4:]}"
