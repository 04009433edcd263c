"""The working calendar: weekends and public holidays are not working days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

WEEKEND = (5, 6)  # Saturday and Sunday


def is_working_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    """Neither a weekend day nor a public holiday."""
    return day.weekday() not in WEEKEND and day not in holidays


def add_working_days(start: dt.date, days: int, holidays: Collection[dt.date]) -> dt.date:
    """The day `days` working days after `start` (work opened on a holiday counts from the next)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day
