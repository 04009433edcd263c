"""`make bench`: the engine alone, page weights, the journey over HTTP on SQLite and PostgreSQL,
certificates, paying online, the back office with 100,000 applications, the submissions API,
and submissions with every certificate signed; and, only when named, a crash run (workers killed
and the database restarted while systems submit) and the daily figures of the performance pages
with 100,000 applications.

`make bench SECTIONS="api signed"` (or `python -m dzong.bench api signed`) runs only those
sections, in the order given; the names are those of SECTIONS below.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from dzong.bench import (
    api,
    certificates,
    crash,
    engine,
    figures,
    journey,
    office,
    pages,
    payments,
    sign_in,
    signed,
)
from dzong.bench.server import THREADS, WORKERS, postgres_database, served


def journeys() -> None:
    """Page weights and the journey on SQLite, then the journey on PostgreSQL."""
    with served() as (base, env):
        pages.report(base, journey.inside(env, "sessions", "2", "weigh"))
        journey.report("SQLite", base, env)
    with postgres_database() as url, served(url) as (base, env):
        journey.report("PostgreSQL", base, env)


def certificate_timings() -> None:
    """A fresh site: no journey's certificates queued before."""
    with served() as (base, env):
        certificates.report(base, env)


def paying() -> None:
    payments.report("SQLite")
    with postgres_database() as url:
        payments.report("PostgreSQL", url)


SECTIONS: dict[str, Callable[[], None]] = {
    "engine": engine.main,
    "journey": journeys,
    "certificates": certificate_timings,
    "payments": paying,
    "office": office.main,
    "api": api.main,
    "signed": signed.main,
    "crash": crash.main,
    "figures": figures.main,
    "sign-in": sign_in.main,
}
# Run only when named: the crash run starts and restarts a PostgreSQL server of its own; the
# daily figures' data takes minutes to make; signing in starts the identity and SMS sandboxes.
BY_NAME_ONLY = {"crash", "figures", "sign-in"}


def main(names: list[str]) -> None:
    """Print the figures of the sections named (every one when none is); fails only if a
    journey itself breaks."""
    unknown = [name for name in names if name not in SECTIONS]
    if unknown:
        raise SystemExit(f"No section {', '.join(unknown)}; the sections: {', '.join(SECTIONS)}")
    print(
        f"Server: gunicorn, {WORKERS} processes of {THREADS} threads (gthread), DEBUG off, "
        "plain HTTP on loopback"
    )
    cores, load = os.cpu_count(), os.getloadavg()[0]
    print(f"Machine: {cores} cores, load average {load:.1f} at the start (other work skews them)")
    for name in names or [name for name in SECTIONS if name not in BY_NAME_ONLY]:
        SECTIONS[name]()


main(sys.argv[1:])
