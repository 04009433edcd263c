"""`dzong escalate_overdue`: tell supervisors of tasks past their deadline (run from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dzong.workflow.escalation import escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue tasks to the supervisors of their agency."

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_overdue()
        self.stdout.write(f"{count} overdue tasks escalated")
