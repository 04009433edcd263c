"""Escalating overdue tasks to the supervisors of their agency."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from dzong.accounts.models import User
from dzong.notifications.services import send_message
from dzong.workflow.models import Task
from dzong.workflow.queries import SUPERVISOR


def escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """Flag each overdue task once and tell its agency's supervisors; the number escalated."""
    now = now or timezone.now()
    with transaction.atomic():
        overdue = list(
            Task.objects.real()
            .overdue(now)
            .filter(escalated_at__isnull=True)
            .select_related("application")
            .select_for_update(of=("self",))
        )
        Task.objects.filter(pk__in=[t.pk for t in overdue]).update(escalated_at=now)
        by_agency: dict[str, list[Task]] = defaultdict(list)
        for task in overdue:
            by_agency[task.agency].append(task)
        for agency, tasks in by_agency.items():
            _tell_supervisors(agency, tasks)
    return len(overdue)


def _tell_supervisors(agency: str, tasks: list[Task]) -> None:
    supervisors = User.objects.filter(
        is_active=True,
        staff_roles__role__agency__code=agency,
        staff_roles__role__code=SUPERVISOR,
    )
    references = "\n".join(sorted(t.application.reference for t in tasks))
    for supervisor in supervisors:
        language = supervisor.preferred_language
        with override(language):
            subject, body = _escalation_message(tasks, references)
        send_message(
            to=supervisor, event="escalation", subject=subject, body=body, language=language
        )


def _escalation_message(tasks: list[Task], references: str) -> tuple[str, str]:
    subject = ngettext("%(count)d overdue task", "%(count)d overdue tasks", len(tasks)) % {
        "count": len(tasks)
    }
    body = _("These applications are past their deadline:\n%(references)s\n") % {
        "references": references
    }
    return subject, body
