"""QuerySets of tasks, permission filtering included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

SUPERVISOR = "supervisor"


def staff_roles(staff: Any) -> list[tuple[str, str]]:
    """The (agency, role) pairs this member of staff holds; none for anyone else."""
    if not getattr(staff, "is_authenticated", False) or not getattr(staff, "is_staff", False):
        return []
    cached: list[tuple[str, str]] | None = getattr(staff, "_held_roles", None)
    if cached is None:  # asked many times in one request: read once per user object
        held = staff.staff_roles.select_related("role__agency")
        cached = [(r.role.agency.code, r.role.code) for r in held]
        staff._held_roles = cached
    return cached


def staff_agencies(staff: Any) -> set[str]:
    """The agencies a member of staff works in."""
    return {agency for agency, _ in staff_roles(staff)}


def is_supervisor(staff: Any, agency: str) -> bool:
    """Whether this member of staff supervises the agency (may assign and reassign)."""
    return (agency, SUPERVISOR) in staff_roles(staff)


class TaskQuerySet(models.QuerySet[Any]):
    def visible_to(self, staff: Any) -> TaskQuerySet:
        """Tasks of the agencies this member of staff works in (test runs are not theirs to
        work); nothing for anyone else."""
        return self.real().filter(agency__in=staff_agencies(staff))

    def for_roles_of(self, staff: Any) -> TaskQuerySet:
        """Tasks waiting for a role this member of staff holds (their queue)."""
        query = models.Q(pk__in=[])
        for agency, role in staff_roles(staff):
            query |= models.Q(agency=agency, role=role)
        return self.filter(query)

    def real(self) -> TaskQuerySet:
        """Tasks of applicants' applications, not of a designer's test runs."""
        return self.filter(application__is_test=False)

    def open(self) -> TaskQuerySet:
        return self.filter(status="open")

    def overdue(self, now: dt.datetime) -> TaskQuerySet:
        """Open tasks past their due date."""
        return self.open().filter(due_at__lt=now)

    def in_pool(self) -> TaskQuerySet:
        """Open tasks nobody has claimed or been given."""
        return self.open().filter(assignee__isnull=True)


def applications_visible_to(staff: Any) -> models.QuerySet[Any]:
    """Submitted applications of the agencies this member of staff works in (the service's
    agency, or an agency holding one of its tasks); nothing for anyone else."""
    from dzong.applications.models import Application
    from dzong.workflow.models import Task

    agencies = staff_agencies(staff)
    if not agencies:
        return Application.objects.none()
    # A correlated EXISTS: looking one application up costs one index probe, not a scan.
    with_task = Task.objects.filter(application=models.OuterRef("pk"), agency__in=agencies)
    return (
        Application.objects.submitted()
        .real()
        .filter(
            models.Q(service_version__service__agency__code__in=agencies) | models.Exists(with_task)
        )
    )


PARTLY_APPROVED = "partly_approved"


def with_partly_refused(applications: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Applications annotated with `partly_refused`: some registration of theirs refused."""
    from dzong.applications.models import RegistrationState

    refused = RegistrationState.objects.filter(
        application=models.OuterRef("pk"), outcome=RegistrationState.Outcome.REJECTED
    )
    annotated: models.QuerySet[Any] = applications.annotate(partly_refused=models.Exists(refused))
    return annotated


def shown_status(application: Any) -> str:
    """The application's status as people read it: an approved application with a registration
    refused is 'partly_approved' (its stored status stays 'approved': what was granted holds)."""
    if application.status != "approved":
        return str(application.status)
    refused = getattr(application, "partly_refused", None)
    if refused is None:
        refused = application.registration_states.filter(outcome="rejected").exists()
    return PARTLY_APPROVED if refused else "approved"


def filter_by_shown_status(applications: models.QuerySet[Any], status: str) -> models.QuerySet[Any]:
    """Applications whose shown status is `status` (partly approved told from approved)."""
    if status not in ("approved", PARTLY_APPROVED):
        return applications.filter(status=status)
    annotated = with_partly_refused(applications).filter(status="approved")
    return annotated.filter(partly_refused=status == PARTLY_APPROVED)
