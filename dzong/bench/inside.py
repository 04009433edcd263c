"""The benchmark's work inside the installation under test: its settings, its database.

Run by the benchmark in the server's environment; prints one line of JSON:
`python -m dzong.bench.inside sessions COUNT PREFIX` signs in COUNT new applicants (their
session keys); `python -m dzong.bench.inside queries` counts the SQL of one Submit request.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from typing import Any

import django

SQL_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def sessions(count: int, prefix: str) -> list[str]:
    """Session keys of `count` new applicants, each signed in once by Django's own login().

    They have no password, so no Argon2 hashing is spent here.
    """
    from django.test import Client

    from dzong.accounts.models import User

    keys = []
    for number in range(count):
        user = User.objects.create_user(f"{prefix}-{number}@bench.dzong.test", None)
        client = Client()
        client.force_login(user)
        keys.append(str(client.session.session_key))
    return keys


def submit_queries() -> dict[str, Any]:
    """The SQL of one Submit request (session and user included), in the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dzong.accounts.models import User
    from dzong.applications.models import Application
    from dzong.bench.http import hidden

    user = User.objects.create_user("queries@bench.dzong.test", None)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    check = _fill_business(client)
    key = hidden(client.get(check).text, "submission_key")
    with CaptureQueriesContext(connection) as captured:
        client.post(check, {"declaration": "yes", "submission_key": key})
    assert Application.objects.get(applicant=user).status == "approved", "not approved at once"
    kinds = Counter(describe(query["sql"]) for query in captured.captured_queries)
    return {"count": len(captured), "kinds": kinds.most_common()}


def _fill_business(client: Any, name: str = "Query Count Crafts") -> str:
    """Fill both pages of Register a business (names are unique); the URL of its check page."""
    from dzong.bench.journey import ABOUT_YOU, business

    second = client.post("/services/register-business/apply/", ABOUT_YOU)["Location"]
    return str(client.post(second, business(name))["Location"])


def describe(sql: str) -> str:
    """What a statement does, in two words: its verb and its table (`SELECT accounts_user`)."""
    verb = sql.split(None, 1)[0].upper()
    table = SQL_TABLE.search(sql)
    return f"{verb} {table.group(1)}" if table and verb != "BEGIN" else verb


def main(argv: list[str]) -> None:
    """Do what the first argument asks and print the result as JSON."""
    django.setup()
    if argv[0] == "sessions":
        print(json.dumps(sessions(int(argv[1]), argv[2])))
    elif argv[0] == "queries":
        print(json.dumps(submit_queries()))
    else:
        raise SystemExit(f"unknown: {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
