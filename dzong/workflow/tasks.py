"""Background work of the workflow: the periodic escalation of overdue tasks."""

from __future__ import annotations

from django_tasks import task

from dzong.workflow.escalation import escalate_overdue
from dzong.workflow.reminders import remind_of_corrections


@task()
def escalate_overdue_tasks() -> int:
    """Escalate overdue tasks to their agencies' supervisors and remind applicants of
    correction deadlines (run it every hour); the number of tasks escalated."""
    remind_of_corrections()
    return escalate_overdue()
