"""What designers expect of a service's example applicants, kept between test runs."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from dzong.catalogue.models import ExpectedOutcome, Service


def record_expected_outcomes(
    *, service: Service, expectations: Iterable[tuple[str, str, int | None]]
) -> None:
    """Keep (example, step reached, fee total) for each example; both blank forgets it."""
    with transaction.atomic():
        for example, reaches, fee_total in expectations:
            if not reaches and fee_total is None:
                ExpectedOutcome.objects.filter(service=service, example=example).delete()
                continue
            ExpectedOutcome.objects.update_or_create(
                service=service,
                example=example,
                defaults={"reaches": reaches, "fee_total": fee_total},
            )


def expected_outcomes(*, service: Service) -> dict[str, ExpectedOutcome]:
    """The service's recorded expectations, by example."""
    return {e.example: e for e in ExpectedOutcome.objects.filter(service=service)}
