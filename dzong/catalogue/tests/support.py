"""The demo services and accounts for tests: loaded once per test session, loaded again only
where a test that empties the database (a transactional one) left none."""

from __future__ import annotations

import io

from django.core.management import call_command

from dzong.catalogue.models import ServiceVersion


def ensure_demo() -> None:
    """Load the demo unless it is already in the database (each test rolls back its changes)."""
    if not ServiceVersion.objects.published().exists():
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
