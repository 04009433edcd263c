"""`make bench`: the engine alone, page weights, the journey over HTTP on SQLite and PostgreSQL,
paying online, the back office with 100,000 applications."""

from __future__ import annotations

import os

from dzong.bench import certificates, engine, journey, office, pages, payments
from dzong.bench.server import THREADS, WORKERS, postgres_database, served


def main() -> None:
    """Print every section's figures; fails only if the journey itself breaks."""
    engine.main()
    print(
        f"\nServer: gunicorn, {WORKERS} processes of {THREADS} threads (gthread), DEBUG off, "
        "plain HTTP on loopback"
    )
    cores, load = os.cpu_count(), os.getloadavg()[0]
    print(f"Machine: {cores} cores, load average {load:.1f} at the start (other work skews them)")
    with served() as (base, env):
        pages.report(base, journey.inside(env, "sessions", "2", "weigh"))
        journey.report("SQLite", base, env)
    with served() as (base, env):  # a fresh site: no journey's certificates queued before
        certificates.report(base, env)
    with postgres_database() as url, served(url) as (base, env):
        journey.report("PostgreSQL", base, env)
    payments.report("SQLite")
    with postgres_database() as url:
        payments.report("PostgreSQL", url)
    office.main()


main()
