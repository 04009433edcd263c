"""Every certificate signed: submissions through the API while db_worker processes issue
each one's three certificates (render and PAdES signature); completed applications per second.

An application counts as completed when the API shows its three certificates valid, each with
its PDF link.
"""

from __future__ import annotations

import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

from dzong.bench.api import UNLIMITED, Sender, client_token
from dzong.bench.server import BIN, postgres_database, served

SUBMISSIONS = 60
SENDERS = 4
# Two cores: two workers render and sign while the web processes answer; a third only
# takes turns on the same cores.
TASK_WORKERS = 2
WORKER_INTERVAL = "0.1"
WORKER_BOOT = 8.0
TIMEOUT = 600.0
POLL = 0.25


def _workers(env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    quiet = {**env, "DZONG_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    return [
        subprocess.Popen(  # noqa: S603  (our own command)
            [str(BIN / "dzong"), "db_worker", "--interval", WORKER_INTERVAL],
            env=quiet,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(TASK_WORKERS)
    ]


def _submit_all(base: str, token: str) -> list[str]:
    """SUBMISSIONS applications from SENDERS systems at once; their references in order."""

    def sender(count: int) -> list[str]:
        system = Sender(base, token)
        references = [system.submit() for _ in range(count)]
        system.close()
        return references

    shares = [SUBMISSIONS // SENDERS + (n < SUBMISSIONS % SENDERS) for n in range(SENDERS)]
    with ThreadPoolExecutor(SENDERS) as pool:
        return [r for found in pool.map(sender, shares) for r in found]


def _signed(system: Sender, reference: str) -> bool:
    status, document = system.request("GET", f"/api/v1/applications/{reference}")
    if status != 200:
        raise AssertionError(f"The API could not show {reference}: {status}")
    certificates = [c for r in document["registrations"] for c in r["certificates"]]
    return len(certificates) == 3 and all(
        c["status"] == "valid" and c["links"]["pdf"] for c in certificates
    )


def _wait_for_all(base: str, token: str, references: list[str], started: float) -> float:
    """Seconds from `started` until every application has its certificates signed."""
    system, waiting = Sender(base, token), list(references)
    while waiting:
        if time.perf_counter() - started > TIMEOUT:
            raise AssertionError(f"{len(waiting)} applications unsigned after {TIMEOUT:.0f} s")
        while waiting and _signed(system, waiting[0]):  # roughly in order: ask the oldest
            waiting.pop(0)
        if waiting:
            time.sleep(POLL)
    system.close()
    return time.perf_counter() - started


def report(label: str, database_url: str | None = None) -> None:
    """Print the figures on one database."""
    with served(database_url, extra=UNLIMITED) as (base, env):
        token = client_token(env, "bench-signed")
        workers = _workers(env)
        try:
            time.sleep(WORKER_BOOT)
            started = time.perf_counter()
            references = _submit_all(base, token)
            submitted = time.perf_counter() - started
            seconds = _wait_for_all(base, token, references, started)
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
    print(
        f"\n{label}: {SUBMISSIONS} submissions ({SENDERS} systems at once), {TASK_WORKERS} "
        f"db_worker processes: all {SUBMISSIONS * 3} certificates signed in {seconds:.1f} s, "
        f"{SUBMISSIONS / seconds:.1f} completed submissions/s (submitting alone took "
        f"{submitted:.1f} s, {SUBMISSIONS / submitted:.1f}/s)"
    )


def main() -> None:
    """Every certificate signed, on SQLite then PostgreSQL."""
    print("\nEvery certificate signed (Register a business through the API: 3 certificates each)")
    report("SQLite")
    with postgres_database() as url:
        report("PostgreSQL", url)
