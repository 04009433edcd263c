"""Lockouts hold across web processes: another process's failures count here too."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from dzong.accounts.services import is_locked_out, record_failure

ANOTHER_PROCESS = """
import django
django.setup()
from dzong.accounts.services import record_failure
for _ in range({count}):
    record_failure("karma@example.bt")
"""


def database_url():
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_failures_in_another_web_process_count_towards_the_lockout(settings):
    settings.DZONG_SIGN_IN_MAX_FAILURES = 4
    for _ in range(2):
        record_failure("karma@example.bt")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dzong.settings",
        "DATABASE_URL": database_url(),
        "DZONG_SIGN_IN_MAX_FAILURES": "4",
    }
    code = ANOTHER_PROCESS.format(count=2)
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert is_locked_out("karma@example.bt")
