"""Figures of each community centre and operator, for administrators: applications made,
services used, cash taken, and the time from the citizen's arrival to submission."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from dzong.centres.models import AssistedApplication, CashEntry


@dataclass
class Figures:
    """One centre's (or operator's) figures."""

    name: str
    applications: int = 0
    submitted: int = 0
    services: set[str] = field(default_factory=set)
    cash: int = 0
    minutes: list[float] = field(default_factory=list)

    @property
    def median_minutes(self) -> int | None:
        """The median time from arrival to submission, in whole minutes."""
        return round(statistics.median(self.minutes)) if self.minutes else None


def centre_figures() -> tuple[list[Figures], list[Figures]]:
    """Figures per centre and per operator, of applications made with consent."""
    centres: dict[int, Figures] = {}
    operators: dict[int, Figures] = {}
    made = AssistedApplication.objects.filter(consent="given").select_related(
        "centre", "operator", "application", "service_version__service"
    )
    for assisted in made:
        centre = centres.setdefault(assisted.centre_id, Figures(assisted.centre.name))
        operator = operators.setdefault(assisted.operator_id, Figures(str(assisted.operator)))
        for figures in (centre, operator):
            _count(figures, assisted)
    cash: dict[tuple[str, int], int] = defaultdict(int)
    for row in CashEntry.objects.values("centre_id", "operator_id").annotate(
        total=Sum("payment__amount")
    ):
        cash[("c", row["centre_id"])] += row["total"]
        cash[("o", row["operator_id"])] += row["total"]
    for pk, figures in centres.items():
        figures.cash = cash[("c", pk)]
    for pk, figures in operators.items():
        figures.cash = cash[("o", pk)]
    return list(centres.values()), list(operators.values())


def _count(figures: Figures, assisted: AssistedApplication) -> None:
    figures.applications += 1
    figures.services.add(assisted.service_version.service.slug)
    application = assisted.application
    if application is not None and application.submitted_at is not None:
        figures.submitted += 1
        seconds = (application.submitted_at - assisted.arrived_at).total_seconds()
        figures.minutes.append(seconds / 60)
