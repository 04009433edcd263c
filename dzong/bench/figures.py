"""`make bench SECTIONS=figures`: the daily figures of the performance pages, with 100,000
decided applications over a year in a PostgreSQL database (run only when named: making the
data takes minutes).

`python -m dzong.bench.figures [COUNT]` runs this section alone. Applications are made with
bulk inserts: copies of real applications decided through the services (a bus route permit
approved by an officer after its fees were paid at a counter, and a business registration
approved by its rules), their events and payments moved back in time.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

COUNT = 100_000
BATCH = 5_000
DAYS = 365


def main(count: int = COUNT) -> None:
    """Print the figures; the database is made and dropped here."""
    from dzong.bench.server import environment, postgres_database, run

    print(f"\nDaily figures on PostgreSQL, {count:,} decided applications over {DAYS} days")
    with postgres_database() as url, tempfile.TemporaryDirectory(prefix="dzong-bench-") as var:
        env = environment(Path(var), url)
        run(["migrate", "--no-input", "-v0"], env)
        run(["load_demo"], env)
        command = [sys.executable, "-m", "dzong.bench.figures", "--inside", str(count)]
        done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if done.returncode:
            raise SystemExit(f"The daily figures' benchmark failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  made in {figures['generate_s']:.1f} s ({figures['events']:,} events)")
    print(
        f"  every day of the year computed from nothing: {figures['all_s']:.1f} s "
        f"({figures['rows']:,} rows)"
    )
    print(f"  the daily run (the last day again and today): {figures['daily_s']:.2f} s")
    print(f"  the same run again at once: {figures['again_s']:.2f} s")


def inside(count: int) -> dict[str, Any]:
    """In the installation under test: generate, then time the daily figures."""
    import django

    django.setup()
    from django.utils import timezone

    from dzong.applications.models import Event
    from dzong.transparency.figures import compute_daily_figures
    from dzong.transparency.models import DailyFigure

    started = time.perf_counter()
    _generate(count)
    generate_s = time.perf_counter() - started
    today = timezone.localdate()
    started = time.perf_counter()
    compute_daily_figures(since=today - dt.timedelta(days=DAYS + 15))
    all_s = time.perf_counter() - started
    DailyFigure.objects.filter(day=today).delete()  # as if today's run had not come yet
    started = time.perf_counter()
    compute_daily_figures()
    daily_s = time.perf_counter() - started
    started = time.perf_counter()
    compute_daily_figures()
    return {
        "generate_s": generate_s,
        "events": Event.objects.count(),
        "rows": DailyFigure.objects.count(),
        "all_s": all_s,
        "daily_s": daily_s,
        "again_s": time.perf_counter() - started,
    }


def _generate(count: int) -> None:
    """`count` decided applications, half of each demo model, spread over the year."""
    from dzong.accounts.demo import demo_staff
    from dzong.accounts.models import User
    from dzong.applications.demo_answers import filled
    from dzong.payments.services import BEFORE, must_pay_before_submission, record_counter_payment
    from dzong.workflow.services import act_on_task
    from dzong.workflow.submission import submit_application

    applicant = User.objects.create_user("bench-figures@bench.dzong.test", None)
    cashier = User.objects.get_or_create(email="cashier@bench.dzong.test", is_staff=True)[0]
    models = []
    for service, options, officer, action in (
        ("bus-route-permit", {}, ("transport-officer", "rsta"), "approve"),
        ("drone-permit", {"weight": 900}, ("aviation-officer", "caa"), "reject"),
    ):
        draft = filled(service, applicant, **options)
        if must_pay_before_submission(application=draft):
            record_counter_payment(
                application=draft, purpose=BEFORE, receipt_number=f"BENCH-{service}", staff=cashier
            )
        else:
            submit_application(application=draft)
        draft.refresh_from_db()
        task = draft.tasks.get(status="open")
        staff = demo_staff(*officer)
        act_on_task(task=task, version=task.version, staff=staff, action=action, reason="Bench")
        draft.refresh_from_db()
        models.append(draft)
    history = [(m, list(m.events.all()), list(m.payments.all())) for m in models]
    for start in range(0, count, BATCH):
        _batch(history, start, min(BATCH, count - start))


def _batch(history: list[tuple[Any, list[Any], list[Any]]], start: int, size: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from dzong.applications.models import Application, Event
    from dzong.payments.models import Payment, PaymentEvent

    now = timezone.now()
    copies = []
    for number in range(start, start + size):
        model = history[number % len(history)][0]
        submitted = now - dt.timedelta(days=number % DAYS, minutes=number % 600)
        copies.append(
            Application(
                reference=f"BF-{number:09d}",
                service_version_id=model.service_version_id,
                applicant_id=model.applicant_id,
                status=model.status,
                answers=model.answers,
                fees=model.fees,
                step=model.step,
                submitted_at=submitted,
                decided_at=model.decided_at and submitted,
            )
        )
    with transaction.atomic():
        made = Application.objects.bulk_create(copies)
        events, payments = [], []
        for number, copy in enumerate(made, start=start):
            _, model_events, model_payments = history[number % len(history)]
            taken = dt.timedelta(days=number % 9, hours=number % 5)
            submitted = copy.submitted_at or now
            for event in model_events:
                late = event.kind in ("approved", "rejected") or (
                    event.actor_id and event.from_step
                )
                moment = submitted + (taken if late else dt.timedelta())
                events.append(_event_copy(event, copy, moment))
            payments += [_payment_copy(p, copy, number) for p in model_payments]
        Event.objects.bulk_create(events, batch_size=2000)
        Payment.objects.bulk_create(payments, batch_size=2000)
        PaymentEvent.objects.bulk_create(
            (PaymentEvent(payment=p, kind="paid", created_at=p.paid_at) for p in payments),
            batch_size=2000,
        )


def _event_copy(event: Any, application: Any, moment: dt.datetime) -> Any:
    from dzong.applications.models import Event

    return Event(
        application=application,
        kind=event.kind,
        actor_id=event.actor_id,
        from_step=event.from_step,
        to_step=event.to_step,
        details=event.details,
        created_at=moment,
    )


def _payment_copy(payment: Any, application: Any, number: int) -> Any:
    from dzong.payments.models import Payment

    return Payment(
        reference=f"BFP-{number:09d}",
        application=application,
        purpose=payment.purpose,
        provider=payment.provider,
        status=payment.status,
        amount=payment.amount,
        currency=payment.currency,
        verification_code=f"BFV{number:09d}",
        created_at=application.submitted_at,
        paid_at=application.submitted_at,
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--inside"]:
        print(json.dumps(inside(int(sys.argv[2]))))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else COUNT)
