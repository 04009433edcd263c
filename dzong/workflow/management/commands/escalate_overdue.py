"""`dzong escalate_overdue`: tell supervisors of tasks past their deadline, and applicants of
near correction deadlines (run from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dzong.workflow.escalation import escalate_overdue
from dzong.workflow.reminders import remind_of_corrections


class Command(BaseCommand):
    help = "Escalate overdue tasks; remind applicants of near correction deadlines."

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_overdue()
        self.stdout.write(f"{count} overdue tasks escalated")
        reminded = remind_of_corrections()
        self.stdout.write(f"{reminded} applicants reminded of a correction deadline")
