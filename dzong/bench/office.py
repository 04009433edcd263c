"""`make bench`, the back office: queue and application pages and the escalation task, with
many applications in a PostgreSQL database.

`python -m dzong.bench.office [COUNT]` runs this section alone. Applications are made with
bulk inserts (copies of one real submission per service), not through the services.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

COUNT = 100_000
BATCH = 5_000
REPEATS = 15


def main(count: int = COUNT) -> None:
    """Print the figures; the database is made and dropped here."""
    from dzong.bench.server import environment, postgres_database, run

    print(f"\nBack office on PostgreSQL, {count:,} submitted applications (bulk-inserted)")
    with postgres_database() as url, tempfile.TemporaryDirectory(prefix="dzong-bench-") as var:
        env = environment(Path(var), url)
        run(["migrate", "--no-input", "-v0"], env)
        run(["createcachetable"], env)
        run(["collectstatic", "--no-input", "-v0"], env)
        run(["load_demo"], env)
        command = [sys.executable, "-m", "dzong.bench.office", "--inside", str(count)]
        done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if done.returncode:
            raise SystemExit(f"The back-office benchmark failed:\n{done.stderr[-3000:]}")
        output = done.stdout
    figures = json.loads(output.strip().splitlines()[-1])
    print(f"  made in {figures['generate_s']:.1f} s")
    for name, times in figures["pages"].items():
        print(
            f"  {name:<34} median {statistics.median(times):6.1f} ms, "
            f"slowest {max(times):6.1f} ms (target 200 ms; {len(times)} requests)"
        )
    print(
        f"  escalation: {figures['escalated']:,} overdue tasks escalated in "
        f"{figures['escalation_s']:.2f} s; again with none new: {figures['again_s'] * 1000:.0f} ms"
    )


def inside(count: int) -> dict[str, Any]:
    """In the installation under test: generate, then time the pages and the escalation."""
    import django

    django.setup()
    started = time.perf_counter()
    references = _generate(count)
    generate_s = time.perf_counter() - started
    pages = _time_pages(references)
    return {"generate_s": generate_s, "pages": pages, **_time_escalation()}


def _generate(count: int) -> list[str]:
    """`count` submitted applications spread over the demo services, each with its open task."""
    from dzong.accounts.models import User
    from dzong.applications.demo_answers import submitted

    applicant = User.objects.create_user("bench-office@bench.dzong.test", None)
    models = [submitted(s, applicant) for s in ("bus-route-permit", "industrial-land-lease")]
    models.append(submitted("drone-permit", applicant, weight=900))
    references: list[str] = []
    for start in range(0, count, BATCH):
        references += _batch(models, start, min(BATCH, count - start))
    return references


def _batch(models: list[Any], start: int, size: int) -> list[str]:
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from dzong.applications.models import Application, Event
    from dzong.workflow.models import Task

    now = timezone.now()
    fresh = []
    for number in range(start, start + size):
        model = models[number % len(models)]
        copy = Application(
            reference=f"BN-{number:09d}",
            service_version_id=model.service_version_id,
            applicant_id=model.applicant_id,
            status="submitted",
            answers=model.answers,
            fees=model.fees,
            step=model.step,
            submitted_at=now - dt.timedelta(minutes=number % 40_000),
            step_due=now + dt.timedelta(hours=(number % 400) - 20),
        )
        fresh.append(copy)
    with transaction.atomic():
        made = Application.objects.bulk_create(fresh)
        originals = {m.service_version_id: m.tasks.get() for m in models}
        Task.objects.bulk_create(_task(originals[a.service_version_id], a) for a in made)
        Event.objects.bulk_create(
            Event(application=a, kind=kind, to_step=a.step if kind == "moved" else "")
            for a in made
            for kind in ("submitted", "moved")
        )
    return [a.reference for a in made]


def _task(original: Any, application: Any) -> Any:
    from dzong.workflow.models import Task

    return Task(
        application=application,
        step=original.step,
        role=original.role,
        agency=original.agency,
        opened_at=application.submitted_at,
        due_at=application.step_due,
    )


def _time_pages(references: list[str]) -> dict[str, list[float]]:
    """Server time of each page in the test client (no network), for a transport officer."""
    from django.test import Client

    from dzong.accounts.demo import demo_staff
    from dzong.web.staff_access import VERIFIED

    officer = demo_staff("transport-officer", "rsta")
    client = Client()
    client.force_login(officer)
    session = client.session
    session[VERIFIED] = officer.pk  # both factors, as after the back office's sign-in
    session.save()
    theirs = [r for i, r in enumerate(references) if i % 3 == 0]
    paths: dict[str, Callable[[int], str]] = {
        "queue page (open, by due date)": lambda i: "/office/",
        "queue page, overdue only": lambda i: "/office/?overdue=1",
        "queue page 100 (deep paging)": lambda i: "/office/?page=100",
        "application page": lambda i: f"/office/applications/{theirs[i * 997 % len(theirs)]}/",
    }
    timings: dict[str, list[float]] = {}
    for name, path in paths.items():
        client.get(path(0), HTTP_HOST="127.0.0.1")  # warm
        timings[name] = [_timed(client, path(i)) for i in range(REPEATS)]
    return timings


def _timed(client: Any, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path, HTTP_HOST="127.0.0.1")
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def _time_escalation() -> dict[str, Any]:
    from dzong.workflow.escalation import escalate_overdue

    started = time.perf_counter()
    escalated = escalate_overdue()
    escalation_s = time.perf_counter() - started
    started = time.perf_counter()
    escalate_overdue()
    return {
        "escalated": escalated,
        "escalation_s": escalation_s,
        "again_s": time.perf_counter() - started,
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["--inside"]:
        print(json.dumps(inside(int(sys.argv[2]))))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else COUNT)
