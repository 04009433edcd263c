"""A real Dzong server for the benchmarks: a fresh database, the demo loaded, gunicorn."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

BIN = Path(sys.executable).parent
# On this 2-core machine, 4 processes of 4 threads each sustained 15-20 % more applications/s
# than 4 or 5 sync workers, on SQLite and PostgreSQL alike (threads keep connections alive).
WORKERS = 4
THREADS = 4


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(var_dir: Path, database_url: str | None) -> dict[str, str]:
    """The settings of a production-like installation on plain HTTP."""
    env = {
        **os.environ,
        "DZONG_VAR_DIR": str(var_dir),
        "DZONG_DEBUG": "0",
        "DZONG_SECURE_COOKIES": "0",
        "DZONG_SECRET_KEY": secrets.token_urlsafe(50),
        "DZONG_PAYMENT_HMAC_SECRET": secrets.token_urlsafe(32),
        "DZONG_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DZONG_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "dzong.settings",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run(args: list[str], env: dict[str, str]) -> None:
    command = [str(BIN / "dzong"), *args]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A database of its own on the local PostgreSQL, dropped afterwards."""
    import psycopg

    name = f"dzong_bench_{secrets.token_hex(4)}"
    admin = "postgres://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def served(
    database_url: str | None = None, *, port: int | None = None, extra: dict[str, str] | None = None
) -> Iterator[tuple[str, dict[str, str]]]:
    """(base URL, environment) of a running server with the demo services published."""
    with tempfile.TemporaryDirectory(prefix="dzong-bench-") as folder:
        env = {**environment(Path(folder), database_url), **(extra or {})}
        run(["migrate", "--no-input", "-v0"], env)
        run(["createcachetable"], env)
        run(["collectstatic", "--no-input", "-v0"], env)
        run(["load_demo"], env)
        port = port or free_port()
        command = [
            str(BIN / "gunicorn"),
            "dzong.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--worker-class=gthread",
            f"--threads={THREADS}",
            "--log-level=warning",
        ]
        server = subprocess.Popen(command, env=env)  # noqa: S603
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(base)
            yield base, env
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_for(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=2).read()  # noqa: S310  (loopback)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("The server did not start.")
