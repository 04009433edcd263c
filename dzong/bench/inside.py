"""The benchmark's work inside the installation under test: its settings, its database.

Run by the benchmark in the server's environment; prints one line of JSON:
`python -m dzong.bench.inside sessions COUNT PREFIX` signs in COUNT new applicants (their
session keys); `python -m dzong.bench.inside queries` counts the SQL of one Submit request;
`client NAME` makes an API client for Register a business (its token); `api-queries` counts
the SQL of one submission through the API.
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


def api_client(name: str) -> str:
    """A new API client of the trade agency for Register a business; its token."""
    from dzong.api.services import create_client

    made = create_client(
        name=name, agency="trade", email=f"{name}@bench.dzong.test", services=["register-business"]
    )
    return made.token


def api_queries() -> dict[str, Any]:
    """The SQL of one submission through the API (the client's token included)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dzong.bench.api import PATH, answers

    headers = {"Authorization": f"Bearer {api_client('bench-queries')}", "Idempotency-Key": "q"}
    client = Client(HTTP_HOST="127.0.0.1")
    body = json.dumps({"answers": answers("Api Query Count Crafts")})
    with CaptureQueriesContext(connection) as captured:
        response = client.post(PATH, body, content_type="application/json", headers=headers)
    assert response.status_code == 201, response.content
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
    elif argv[0] == "client":
        print(json.dumps(api_client(argv[1])))
    elif argv[0] == "api-queries":
        print(json.dumps(api_queries()))
    else:
        raise SystemExit(f"unknown: {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
