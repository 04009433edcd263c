"""A crash run: systems submitting through the API while database workers and web workers are
killed and PostgreSQL stops without a clean shutdown (`pg_ctl restart -m immediate`); then the
sweeper. Counts what the systems were told was accepted, what was lost or duplicated, and the
certificates and messages missing or sent twice once the sweeper has run. Target: 0 for each.

Not among the sections `make bench` runs by default: it runs a PostgreSQL server of its own
(initdb in a temporary folder, its own port) so that restarting it touches nothing else on the
machine. `make bench SECTIONS=crash`.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

from dzong.bench.api import PATH, UNLIMITED, Sender, answers, client_token
from dzong.bench.journey import inside
from dzong.bench.server import BIN, free_port, served

CLIENTS = 20
DURATION = 45.0  # seconds of submitting under faults
PAUSE = 1.0  # seconds each system waits between its submissions
WORKERS = 2  # db_worker processes, each under a supervisor that starts it again
KILL_WORKER_EVERY = 3.0
KILL_WEB_EVERY = 7.0
DATABASE_RESTARTS = 2
RETRY_FOR = 90.0  # a system retries one submission (same Idempotency-Key) for this long
LEASE = 20  # seconds: the installation's job lease, short so that the run ends in minutes
DRAIN_TIMEOUT = 1200.0
SWEEPS = 6


@dataclass
class Tally:
    """What happened during the run, as the systems and the faults saw it."""

    acknowledged: dict[str, str] = field(default_factory=dict)  # business name -> reference
    unanswered: list[str] = field(default_factory=list)  # names never acknowledged
    retries: int = 0
    failures: Counter[int] = field(default_factory=Counter)  # status (0: no answer) -> times
    worker_kills: int = 0
    web_kills: int = 0
    database_restarts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Mailbox:
    """An SMTP server (aiosmtpd) that keeps every message it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Message] = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def message_ids(self) -> Counter[str]:
        """How many times each message (by its Message-ID) arrived."""
        return Counter(str(m["Message-ID"]) for m in self.messages)


class Database:
    """A PostgreSQL server of the run's own, in a temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.bin = _postgres_bin()
        self.data = folder / "data"
        self.port = free_port()
        self.log = folder / "postgres.log"

    def _as_owner(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    def start(self) -> str:
        self.data.parent.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:  # the server runs as postgres: it must reach its folder
            self.data.parent.parent.chmod(0o711)
            shutil.chown(self.data.parent, "postgres")
        self._as_owner(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust"
        )
        self._ctl("start")
        self._as_owner(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "dzong",
        )
        return f"postgres://postgres@127.0.0.1:{self.port}/dzong"

    def restart_immediately(self) -> None:
        """Stop as a crash would (no checkpoint, connections cut), then start again."""
        self._ctl("restart", "-m", "immediate")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._ctl("stop", "-m", "fast")

    def _ctl(self, *action: str) -> None:
        options = (
            f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200"
        )
        self._as_owner(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-o",
            options,
            *action,
        )


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not found:
        raise SystemExit("The crash run needs PostgreSQL's server programs (/usr/lib/postgresql).")
    return found[-1].parent


def _children(pid: int) -> list[int]:
    """The processes `pid` started (Linux's /proc), every thread's."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""


def _gunicorn_workers() -> list[int]:
    masters = [p for p in _children(os.getpid()) if "gunicorn" in _command_line(p)]
    return [worker for master in masters for worker in _children(master)]


def _kill_one(pids: list[int]) -> bool:
    if not pids:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(random.choice(pids), signal.SIGKILL)  # noqa: S311  (not a secret)
        return True
    return False


class System:
    """One client system submitting over its own connection, retrying as a careful system
    does: the same Idempotency-Key until it hears an answer."""

    def __init__(self, base: str, token: str, tally: Tally) -> None:
        self.sender = Sender(base, token)
        self.tally = tally

    def submit(self, name: str) -> None:
        body = json.dumps({"answers": answers(name)}).encode()
        give_up = time.monotonic() + RETRY_FOR
        while time.monotonic() < give_up:
            try:
                status, document = self.sender.request(
                    "POST", PATH, body, **{"Idempotency-Key": name}
                )
            except (OSError, http.client.HTTPException, ValueError):
                status, document = 0, None
                self.sender.close()  # the next request opens a new connection
            if status in (200, 201):
                with self.tally.lock:
                    self.tally.acknowledged[name] = str(document["reference"])
                return
            if 400 <= status < 500 and status != 429:
                raise AssertionError(f"The API refused a submission: {status} {document}")
            with self.tally.lock:
                self.tally.retries += 1
                self.tally.failures[status] += 1
            time.sleep(0.5)
        with self.tally.lock:
            self.tally.unanswered.append(name)


def _submitting(base: str, token: str, tally: Tally, until: float) -> None:
    system = System(base, token, tally)
    while time.monotonic() < until:
        system.submit(f"Crash Run Crafts {secrets.token_hex(6)}")
        time.sleep(PAUSE)


def _faults(
    database: Database, workers: list[subprocess.Popen[bytes]], tally: Tally, until: float
) -> None:
    """Kill a database worker every few seconds, a web worker less often, and restart the
    database without a clean shutdown DATABASE_RESTARTS times, spread over the run."""
    started = time.monotonic()
    restarts_at = [
        started + (until - started) * (n + 1) / (DATABASE_RESTARTS + 1)
        for n in range(DATABASE_RESTARTS)
    ]
    next_worker, next_web = started + KILL_WORKER_EVERY, started + KILL_WEB_EVERY
    while (now := time.monotonic()) < until:
        if now >= next_worker:
            tally.worker_kills += _kill_one([c for w in workers for c in _children(w.pid)])
            next_worker += KILL_WORKER_EVERY
        if now >= next_web:
            tally.web_kills += _kill_one(_gunicorn_workers())
            next_web += KILL_WEB_EVERY
        if restarts_at and now >= restarts_at[0]:
            restarts_at.pop(0)
            database.restart_immediately()
            tally.database_restarts += 1
        time.sleep(0.2)


def _supervised_workers(env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    command = [
        str(BIN / "python"),
        "-m",
        "dzong.demo_supervisor",
        "--",
        str(BIN / "dzong"),
        "db_worker",
        "--interval",
        "0.1",
    ]
    return [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        for _ in range(WORKERS)
    ]


def _counts(env: dict[str, str]) -> dict[str, Any]:
    return dict(inside(env, "crash-counts"))


def _sweep(env: dict[str, str]) -> int:
    """Run `dzong sweep` once, as its timer would; how many things it repaired."""
    done = subprocess.run(  # noqa: S603
        [str(BIN / "dzong"), "sweep", "--older-than", str(LEASE)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return sum(int(line.split()[0]) for line in done.stdout.splitlines() if line[:1].isdigit())


def _drain(env: dict[str, str]) -> tuple[dict[str, Any], list[int]]:
    """Let the workers finish, then sweep (past the lease) until a sweep repairs nothing and no
    task waits; the counts then, and what each sweep repaired."""
    deadline, repaired = time.monotonic() + DRAIN_TIMEOUT, []
    while time.monotonic() < deadline:
        counts = _counts(env)
        waiting = counts["tasks"].get("READY", 0)
        if waiting:
            time.sleep(2)
            continue
        time.sleep(LEASE + 1)  # what dead workers held is now past its lease
        repaired.append(_sweep(env))
        if repaired[-1] == 0 and _counts(env)["tasks"].get("READY", 0) == 0:
            return _counts(env), repaired
        if len(repaired) >= SWEEPS:
            break
    return _counts(env), repaired


@contextlib.contextmanager
def _installation(mailbox: Mailbox) -> Iterator[tuple[str, dict[str, str], Database]]:
    with tempfile.TemporaryDirectory(prefix="dzong-crash-") as folder:
        database = Database(Path(folder) / "postgres")
        url = database.start()
        extra = {
            **UNLIMITED,
            "DZONG_EMAIL_HOST": "127.0.0.1",
            "DZONG_EMAIL_PORT": str(mailbox.port),
            "DZONG_JOB_LEASE_SECONDS": str(LEASE),
            "DZONG_DB_CONN_MAX_AGE": "0",
            "DZONG_LOG_LEVEL": "CRITICAL",  # the faults are expected: no tracebacks
        }
        try:
            with served(url, extra=extra) as (base, env):
                yield base, env, database
        finally:
            database.stop()


def report() -> None:
    """Run the crash run and print its figures."""
    mailbox = Mailbox()
    mailbox.controller.start()
    tally = Tally()
    try:
        with _installation(mailbox) as (base, env, database):
            token = client_token(env, "crash-run")
            workers = _supervised_workers(env)
            try:
                until = time.monotonic() + DURATION
                faults = threading.Thread(target=_faults, args=(database, workers, tally, until))
                systems = [
                    threading.Thread(target=_submitting, args=(base, token, tally, until))
                    for _ in range(CLIENTS)
                ]
                for thread in [faults, *systems]:
                    thread.start()
                for thread in [faults, *systems]:
                    thread.join()
                counts, repaired = _drain(env)
            finally:
                for worker in workers:
                    worker.terminate()
                for worker in workers:
                    worker.wait(timeout=30)
    finally:
        mailbox.controller.stop()
    _print(tally, counts, repaired, mailbox)


def _print(tally: Tally, counts: dict[str, Any], repaired: list[int], mailbox: Mailbox) -> None:
    stored: dict[str, list[str]] = counts["applications"]  # business name -> references
    acknowledged = tally.acknowledged
    lost = [
        name for name, reference in acknowledged.items() if reference not in stored.get(name, [])
    ]
    duplicated = sum(len(references) - 1 for references in stored.values() if len(references) > 1)
    received = mailbox.message_ids()
    recorded = Counter(counts["deliveries_sent"])
    twice = sum(n - 1 for n in received.values() if n > 1)
    never_arrived = sum(max(0, n - received[key]) for key, n in recorded.items())
    unrecorded = sum(n for key, n in received.items() if key not in recorded)
    print(
        f"\nCrash run: {CLIENTS} systems submitting through the API for {DURATION:.0f} s on "
        f"PostgreSQL, {WORKERS} supervised db_worker processes, job lease {LEASE} s"
    )
    print(
        f"  Faults: {tally.worker_kills} database workers and {tally.web_kills} web workers killed "
        f"(SIGKILL), PostgreSQL restarted {tally.database_restarts} times with -m immediate"
    )
    print(
        f"  Submissions: {len(acknowledged)} acknowledged ({tally.retries} retries with the same "
        f"Idempotency-Key), {len(tally.unanswered)} never answered; {len(lost)} acknowledged and "
        f"lost, {duplicated} duplicated; {sum(map(len, stored.values()))} stored"
    )
    answers = ", ".join(
        f"{'no answer' if status == 0 else status} x{n}"
        for status, n in sorted(tally.failures.items())
    )
    print(f"  Answers that made a system try again: {answers or 'none'}")
    print(
        f"  After the sweeper ({len(repaired)} sweeps, repairing {', '.join(map(str, repaired))}): "
        f"{counts['registrations']} registrations, {counts['without_certificate']} without a valid "
        f"certificate, {counts['pdf_missing']} certificates without their PDF, "
        f"{counts['orphan_pdfs']} PDFs without a certificate, {counts['pending']} pending"
    )
    print(
        f"  Messages: {sum(recorded.values())} recorded as sent, {sum(received.values())} "
        f"received by the SMTP server; {counts['deliveries_unsent']} never sent, "
        f"{never_arrived} recorded but not received, {twice} received twice "
        f"(the same Message-ID each time), {unrecorded} received without a record"
    )
    print(f"  Tasks at the end: {counts['tasks']}")


def main() -> None:
    report()
