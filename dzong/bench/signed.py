"""Every certificate signed: submissions through the API while db_worker processes issue
each one's three certificates (render and PAdES signature); completed applications per second.

An application counts as completed when the API shows its three certificates valid, each with
its PDF link.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from dzong.bench.api import UNLIMITED, Sender, client_token
from dzong.bench.server import BIN, postgres_database, served

SUBMISSIONS = 30
SENDERS = 4
# Two cores: two workers render and sign while the web processes answer; a third only
# takes turns on the same cores.
TASK_WORKERS = 2
WORKER_INTERVAL = "0.1"
WORKER_BOOT = 8.0
TIMEOUT = 600.0
POLL = 0.25


def _workers(env: dict[str, str], log: Any) -> list[subprocess.Popen[bytes]]:
    quiet = {**env, "DZONG_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    return [
        subprocess.Popen(  # noqa: S603  (our own command)
            [str(BIN / "dzong"), "db_worker", "--interval", WORKER_INTERVAL],
            env=quiet,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        for _ in range(TASK_WORKERS)
    ]


def _alive(workers: list[subprocess.Popen[bytes]], log: Any) -> None:
    """Fail, with what they said, if every worker has stopped (nothing would be signed)."""
    if all(worker.poll() is not None for worker in workers):
        log.seek(0)
        raise AssertionError("The db_worker processes stopped:\n" + log.read()[-3000:].decode())


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


def _wait_for_all(
    base: str, token: str, references: list[str], started: float, check: Callable[[], None]
) -> float:
    """Seconds from `started` until every application has its certificates signed."""
    system, waiting = Sender(base, token), list(references)
    while waiting:
        check()
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
    with served(database_url, extra=UNLIMITED) as (base, env), tempfile.TemporaryFile() as log:
        token = client_token(env, "bench-signed")
        workers = _workers(env, log)
        try:
            time.sleep(WORKER_BOOT)
            started = time.perf_counter()
            references = _submit_all(base, token)
            submitted = time.perf_counter() - started
            seconds = _wait_for_all(base, token, references, started, lambda: _alive(workers, log))
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
    """Every certificate signed, on PostgreSQL (its workers take tasks without waiting on each
    other; on SQLite every worker and request takes turns at the one writer's lock)."""
    print("\nEvery certificate signed (Register a business through the API: 3 certificates each)")
    with postgres_database() as url:
        report("PostgreSQL", url)
