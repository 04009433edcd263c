"""`dzong compute_figures`: the daily figures of the performance pages and the open data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand

from dzong.transparency.figures import compute_daily_figures


class Command(BaseCommand):
    help = (
        "Compute each public service's daily figures from the events, from the last day "
        "computed to today. Safe to run twice or at once; schedule it at least daily."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--since",
            type=dt.date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="Compute again from this day",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = compute_daily_figures(since=options["since"])
        self.stdout.write(f"{days} day(s) computed")
