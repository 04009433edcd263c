"""`make bench`: the engine alone, then the journey over HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

from dzong.bench import engine, journey, pages
from dzong.bench.server import WORKERS, postgres_database, served


def main() -> None:
    engine.main()
    print(f"\nServer: gunicorn, {WORKERS} worker processes, DEBUG off, on this machine's loopback")
    with served() as (base, env):
        sessions = journey.shell(env, journey.SESSIONS.format(count=2).replace("bench-", "weigh-"))
        pages.report(base, sessions)
        journey.report("SQLite", base, env)
    with postgres_database() as url, served(url) as (base, env):
        journey.report("PostgreSQL", base, env)


main()
