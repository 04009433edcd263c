"""The submissions API over HTTP: many clients' systems submitting Register a business at once.

Also used by the "every certificate signed" section: `submit` and `client_token`.
"""

from __future__ import annotations

import http.client
import json
import secrets
import statistics
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from dzong.bench.journey import inside
from dzong.bench.server import postgres_database, served

SENDERS = 8  # systems submitting at once, each on its own keep-alive connection
DURATION = 15.0
# 15, and the audit log's three: its head locked, the entries written, the head moved on.
QUERY_TARGET = 18
PATH = "/api/v1/services/register-business/applications"
# The bench's systems send as fast as they can: no rate per client here.
UNLIMITED = {"DZONG_API_REQUESTS_PER_MINUTE": "0"}


def answers(name: str) -> dict[str, Any]:
    """Register a business with three registrations (licence, taxpayer, employer)."""
    return {
        "full_name": "Karma Wangmo",
        "cid": "11512345678",
        "date_of_birth": "1990-03-14",
        "mobile": "17123456",
        "business_name": name,
        "activity": "handicraft",
        "dzongkhag": "thimphu",
        "employees": 3,
        "rents_premises": False,
    }


class Sender:
    """One system's connection to the API, with its token."""

    def __init__(self, base: str, token: str) -> None:
        address = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(
            address.hostname or "", address.port, timeout=60
        )
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def request(
        self, method: str, path: str, body: bytes | None = None, **extra: str
    ) -> tuple[int, Any]:
        """(status, JSON body); once more on a new connection if the server closed an idle one."""
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers={**self.headers, **extra})
                response = self.connection.getresponse()
                return response.status, json.loads(response.read() or b"null")
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def submit(self) -> str:
        """Submit one business (a fresh name and idempotency key); its reference."""
        name = f"Api Bench Crafts {secrets.token_hex(6)}"
        body = json.dumps({"answers": answers(name)}).encode()
        status, document = self.request("POST", PATH, body, **{"Idempotency-Key": name})
        if status != 201 or document["status"] != "approved":
            raise AssertionError(f"The API refused a submission: {status} {document}")
        return str(document["reference"])

    def close(self) -> None:
        self.connection.close()


def client_token(env: dict[str, str], name: str) -> str:
    """A new API client of the installation (Register a business); its token."""
    return str(inside(env, "client", name))


def at_once(base: str, token: str, seconds: float) -> tuple[list[float], float]:
    """(each submission's seconds, seconds taken) with SENDERS systems sending for `seconds`."""
    deadline = time.perf_counter() + seconds

    def sender() -> list[float]:
        system, times = Sender(base, token), []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            system.submit()
            times.append(time.perf_counter() - started)
        system.close()
        return times

    started = time.perf_counter()
    with ThreadPoolExecutor(SENDERS) as pool:
        results = [f.result() for f in [pool.submit(sender) for _ in range(SENDERS)]]
    return [t for times in results for t in times], time.perf_counter() - started


def report(label: str, database_url: str | None = None) -> None:
    """Print the API's figures on one database."""
    with served(database_url, extra=UNLIMITED) as (base, env):
        token = client_token(env, "bench-api")
        at_once(base, token, 2.0)  # every worker process loads what it needs
        times, seconds = at_once(base, token, DURATION)
        found = inside(env, "api-queries")
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(
        f"\n{label}: {SENDERS} systems submitting at once for {DURATION:.0f} s: {len(times)} "
        f"applications, {len(times) / seconds:.1f} submissions/s (each approved, 3 registrations)"
    )
    print(
        f"  POST round trip: median {statistics.median(ordered) * 1000:.1f} ms, "
        f"95th {p95 * 1000:.1f} ms"
    )
    verdict = "within" if found["count"] <= QUERY_TARGET else "OVER"
    print(
        f"  SQL statements in one API submission: {found['count']} ({verdict} the target of "
        f"{QUERY_TARGET}; the client's token included)"
    )
    print("    " + ", ".join(f"{kind} x{count}" for kind, count in found["kinds"]))


def main() -> None:
    """The API alone, on SQLite then PostgreSQL."""
    print(f"\nSubmissions API (POST {PATH}, JSON answers, a token per system)")
    report("SQLite")
    with postgres_database() as url:
        report("PostgreSQL", url)
