"""Reading the daily figures: a period's totals, percentiles and shares, with small counts
suppressed so that no figure points at a person."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dzong.transparency.models import DailyFigure

SMALLEST_SHOWN = 5  # a count of 1 to 4 is suppressed; 0 is shown


def shown(count: int) -> int | None:
    """The count, or None where it is small enough to point at a person (1 to 4)."""
    return None if 0 < count < SMALLEST_SHOWN else count


def percentile(histogram: Mapping[int, int], share: float) -> int | None:
    """The nearest-rank percentile of values counted in `histogram` ({value: count}); None
    when fewer than five values are counted (too few to publish)."""
    total = sum(histogram.values())
    if total < SMALLEST_SHOWN:
        return None
    rank = max(1, math.ceil(share * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return None  # pragma: no cover - the ranks add up to the total


def merged(histograms: Iterable[Mapping[str, int]]) -> Counter[int]:
    """Histograms as stored ({"days": count}) added up."""
    total: Counter[int] = Counter()
    for histogram in histograms:
        for value, count in histogram.items():
            total[int(value)] += count
    return total


@dataclass
class Totals:
    """A period's figures for a service or an agency, before suppression."""

    received: int = 0
    approved: int = 0
    rejected: int = 0
    sent_back: int = 0
    automatic: int = 0
    within_promise: int = 0
    promised: int = 0  # decisions of services that promise a time
    decision_days: Counter[int] = field(default_factory=Counter)
    step_days: dict[str, Counter[int]] = field(default_factory=dict)
    payments: dict[str, list[int]] = field(default_factory=dict)
    ratings: Counter[int] = field(default_factory=Counter)

    @property
    def decided(self) -> int:
        return self.approved + self.rejected

    def add(self, figure: DailyFigure) -> None:
        """Add one day's row (a DailyFigure) to the totals."""
        for name in ("received", "approved", "rejected", "sent_back", "automatic"):
            setattr(self, name, getattr(self, name) + getattr(figure, name))
        self.within_promise += figure.within_promise
        if figure.promised_days is not None:
            self.promised += figure.approved + figure.rejected
        self.decision_days += merged([figure.decision_days])
        for step, histogram in figure.step_days.items():
            self.step_days.setdefault(step, Counter()).update(merged([histogram]))
        for channel, (count, amount) in figure.payments.items():
            counted = self.payments.setdefault(channel, [0, 0])
            counted[0] += count
            counted[1] += amount
        self.ratings += merged([figure.ratings])

    def share_within_promise(self) -> float | None:
        """The share of decisions made in the promised time; None if suppressed or unknown."""
        late = self.promised - self.within_promise
        if self.promised < SMALLEST_SHOWN or shown(self.within_promise) is None:
            return None
        return None if shown(late) is None else self.within_promise / self.promised

    def average_rating(self) -> float | None:
        """The average rating; None for fewer than five ratings."""
        count = sum(self.ratings.values())
        if count < SMALLEST_SHOWN:
            return None
        return sum(r * n for r, n in self.ratings.items()) / count


def totals_of(figures: Iterable[DailyFigure]) -> Totals:
    """The figures of many days (and services) added up."""
    totals = Totals()
    for figure in figures:
        totals.add(figure)
    return totals


def weeks(
    figures: Iterable[DailyFigure], first: dt.date, count: int
) -> list[tuple[dt.date, Totals]]:
    """Totals for each of `count` weeks from `first` (a Monday)."""
    found = [(first + dt.timedelta(weeks=n), Totals()) for n in range(count)]
    for figure in figures:
        index = (figure.day - first).days // 7
        if 0 <= index < count:
            found[index][1].add(figure)
    return found
