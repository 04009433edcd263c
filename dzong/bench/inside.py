"""The benchmark's work inside the installation under test: its settings, its database.

Run by the benchmark in the server's environment; prints one line of JSON:
`python -m dzong.bench.inside sessions COUNT PREFIX` signs in COUNT new applicants (their
session keys); `python -m dzong.bench.inside queries` counts the SQL of one Submit request;
`client NAME` makes an API client for Register a business (its token); `api-queries` counts
the SQL of one submission through the API; `crash-counts` what the crash run checks.
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


def crash_counts() -> dict[str, Any]:
    """What the crash run checks, read from the database and the file storage."""
    from django.core.files.storage import default_storage
    from django_tasks_db.models import DBTaskResult

    from dzong.applications.models import Application, IssuedRegistration
    from dzong.certificates.models import Certificate
    from dzong.notifications.models import Delivery
    from dzong.notifications.tasks import message_id

    stored: dict[str, list[str]] = {}
    for reference, found in Application.objects.filter(submitted_at__isnull=False).values_list(
        "reference", "answers"
    ):
        stored.setdefault(str(found.get("business_name", "")), []).append(reference)
    valid = Certificate.objects.filter(status=Certificate.Status.ISSUED)
    issued = IssuedRegistration.objects.all()
    files = set(valid.exclude(pdf="").values_list("pdf", flat=True))
    on_disk = _stored_files(default_storage, "certificates")
    sent = Delivery.objects.filter(status=Delivery.Status.SENT, channel=Delivery.Channel.EMAIL)
    return {
        "applications": stored,
        "registrations": issued.count(),
        "without_certificate": issued.exclude(certificates__in=valid).count(),
        "pdf_missing": sum(1 for name in files if not default_storage.exists(name))
        + valid.filter(pdf="").count(),
        "orphan_pdfs": len(on_disk - set(Certificate.objects.values_list("pdf", flat=True))),
        "pending": Certificate.objects.filter(status=Certificate.Status.PENDING).count(),
        "deliveries_sent": [message_id(delivery) for delivery in sent],
        "deliveries_unsent": Delivery.objects.exclude(status=Delivery.Status.SENT).count(),
        "tasks": dict(Counter(DBTaskResult.objects.values_list("status", flat=True))),
    }


def _stored_files(storage: Any, folder: str) -> set[str]:
    folders, files = storage.listdir(folder) if storage.exists(folder) else ([], [])
    found = {f"{folder}/{name}" for name in files}
    for inner in folders:
        found |= _stored_files(storage, f"{folder}/{inner}")
    return found


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
    elif argv[0] == "crash-counts":
        print(json.dumps(crash_counts()))
    else:
        raise SystemExit(f"unknown: {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
