"""`dzong holiday DATE NAME`: add a public holiday to the working calendar (or rename it)."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dzong.workflow.services import add_holiday


class Command(BaseCommand):
    help = "Add a public holiday: deadlines then skip that day."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("date", help="YYYY-MM-DD")
        parser.add_argument("name")

    def handle(self, *args: Any, date: str, name: str, **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError as error:
            raise CommandError(f"Not a date: {date} (write it as YYYY-MM-DD)") from error
        add_holiday(date=day, name=name)
        self.stdout.write(f"{day.isoformat()}: {name}")
