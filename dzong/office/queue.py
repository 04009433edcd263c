"""The officer's queue: tasks for their roles, filtered and sorted by due date."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.applications.models import Application
from dzong.catalogue.models import ServiceVersion
from dzong.engine.definition import Service
from dzong.office.screen import applied_by, due_date, language, step_name
from dzong.payments.models import Payment
from dzong.workflow.models import Task
from dzong.workflow.queries import (
    PARTLY_APPROVED,
    SUPERVISOR,
    filter_by_shown_status,
    staff_agencies,
    staff_roles,
)

PAGE_SIZE = 50
STATUSES = ("open", "waiting", "done")
DECISIONS = ("submitted", "approved", PARTLY_APPROVED, "rejected")


@dataclass(frozen=True)
class Filters:
    """What the officer asked to see."""

    service: str
    step: str
    status: str
    overdue: bool
    scope: str
    decision: str

    @classmethod
    def read(cls, query: QueryDict) -> Filters:
        status = query.get("status", "open")
        scope = query.get("scope", "all")
        return cls(
            service=query.get("service", "")[:63],
            step=query.get("step", "")[:63],
            status=status if status in STATUSES else "open",
            overdue=query.get("overdue") == "1",
            scope=scope if scope in ("all", "mine", "pool") else "all",
            decision=decision if (decision := query.get("decision", "")) in DECISIONS else "",
        )


@dataclass(frozen=True)
class Row:
    """One task in the queue."""

    task: Task
    reference: str
    applicant: str
    fees: str
    fees_paid: bool
    service: str
    step: str
    due: str
    overdue: bool


def tasks_for(staff: Any) -> QuerySet[Task]:
    """The tasks this person works: their roles' tasks, or the whole agency's if they supervise."""
    supervised = [agency for agency, role in staff_roles(staff) if role == SUPERVISOR]
    mine = Task.objects.for_roles_of(staff)
    if supervised:
        mine = mine | Task.objects.filter(agency__in=supervised)
    return mine.real().filter(agency__in=staff_agencies(staff))


def filtered(staff: Any, filters: Filters) -> QuerySet[Task]:
    tasks = tasks_for(staff).filter(status=filters.status)
    if filters.service:
        tasks = tasks.filter(application__service_version__service__slug=filters.service)
    if filters.step:
        tasks = tasks.filter(step=filters.step)
    if filters.overdue:
        tasks = tasks.filter(due_at__lt=timezone.now())
    if filters.scope == "mine":
        tasks = tasks.filter(assignee=staff)
    elif filters.scope == "pool":
        tasks = tasks.filter(assignee__isnull=True)
    if filters.decision:
        decided = filter_by_shown_status(Application.objects.all(), filters.decision)
        tasks = tasks.filter(application__in=decided.values("pk"))
    return tasks.order_by("due_at", "pk")


def counts(staff: Any) -> dict[str, int]:
    """How many tasks of each status this person works."""
    found = dict(tasks_for(staff).values_list("status").annotate(n=Count("pk")).order_by())
    return {status: found.get(status, 0) for status in STATUSES}


def rows(tasks: QuerySet[Task], page: int) -> list[Row]:
    # The page's ids first, from the index alone; then those rows with their applications,
    # applicants and whether each purpose's fees were paid, in one query.
    ids = list(tasks.values_list("pk", flat=True)[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    found = (
        Task.objects.filter(pk__in=ids)
        .select_related("application__applicant", "application__organisation", "assignee")
        .annotate(**{f"paid_{p}": _paid(p) for p in Payment.Purpose.values})
    )
    chosen = sorted(found, key=lambda task: ids.index(task.pk))
    definitions = _definitions({t.application.service_version_id for t in chosen})
    now = timezone.now()
    return [
        Row(
            task=t,
            reference=t.application.reference,
            applicant=applied_by(t.application),
            **_fees(t),
            service=definitions[t.application.service_version_id].title.get(language()),
            step=step_name(definitions[t.application.service_version_id], t.step),
            due=due_date(t.due_at),
            overdue=t.is_overdue(now),
        )
        for t in chosen
    ]


def _paid(purpose: str) -> Exists:
    paid = Payment.objects.filter(application=OuterRef("application"), purpose=purpose)
    return Exists(paid.filter(status=Payment.Status.PAID))


def _fees(task: Task) -> dict[str, Any]:
    """Whether the fees charged so far are paid: those due before submission, and those due
    after approval once approved."""
    owed = {line["due"] for line in task.application.fees if line.get("amount")}
    if not owed:
        return {"fees": _("No fees"), "fees_paid": True}
    unpaid = [purpose for purpose in owed if not getattr(task, f"paid_{purpose}")]
    if not unpaid:
        return {"fees": _("Paid"), "fees_paid": True}
    later = unpaid == [Payment.Purpose.AFTER_APPROVAL]
    if later and task.application.status != Application.Status.APPROVED:
        return {"fees": _("Due after approval"), "fees_paid": False}
    return {"fees": _("Not paid"), "fees_paid": False}


def _definitions(version_ids: set[int]) -> dict[int, Service]:
    """Each version's definition parsed once, however many tasks share it."""
    return {v.pk: v.definition for v in ServiceVersion.objects.filter(pk__in=version_ids)}


def choices(staff: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The services and steps the filters offer: those of the person's agencies."""
    agencies = staff_agencies(staff)
    versions = ServiceVersion.objects.published().filter(service__agency__code__in=agencies)
    services, steps = [], {}
    for version in versions.select_related("service"):
        definition = version.definition
        services.append((version.service.slug, definition.title.get(language())))
        own = [r.workflow.steps.values() for r in definition.registrations if r.workflow]
        for step in itertools.chain(definition.steps.values(), *own):
            if step.type == "human":
                steps[step.code] = step.name.get(language())
    return services, sorted(steps.items(), key=lambda item: item[1])
