"""Background work of the workflow: the periodic escalation of overdue tasks."""

from __future__ import annotations

from django_tasks import task

from dzong.workflow.escalation import escalate_overdue


@task()
def escalate_overdue_tasks() -> int:
    """Escalate overdue tasks to their agencies' supervisors (run it every hour)."""
    return escalate_overdue()
