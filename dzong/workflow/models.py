"""Workflow: officers' tasks with deadlines, the working calendar, notes and reads."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from dzong.applications.models import Application
from dzong.workflow.queries import TaskQuerySet


class Task(models.Model):
    """A human step's work on one application, for a role of an agency, with a due date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        WAITING = "waiting", "Waiting for the applicant"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tasks")
    step = models.CharField(max_length=63)
    registration = models.SlugField(max_length=63, blank=True, default="")
    role = models.SlugField(max_length=63)
    agency = models.SlugField(max_length=63)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    opened_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["agency", "role", "status", "due_at", "id"], name="task_queue"),
            models.Index(fields=["agency", "status", "due_at", "id"], name="task_agency_queue"),
            models.Index(fields=["status", "due_at"], name="task_due"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.step} ({self.status})"

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        """Open past its due date."""
        moment = now or timezone.now()
        return self.status == self.Status.OPEN and self.due_at is not None and self.due_at < moment


class Holiday(models.Model):
    """A public holiday: no working day, so deadlines skip it."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"


class Note(models.Model):
    """An internal note on an application: staff read it, the applicant never does."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.application_id}"


class Correction(models.Model):
    """Fields an officer sent back to the applicant, with a note; open until resubmitted.

    Sent back from a registration's own step (`registration` set), only that registration
    waits; the others keep their progress."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="corrections"
    )
    step = models.CharField(max_length=63)
    registration = models.SlugField(max_length=63, blank=True, default="")
    fields = models.JSONField(default=list)
    note = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    requested_at = models.DateTimeField(default=timezone.now)
    resubmitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Corrections to {self.application_id}"


class StaffRead(models.Model):
    """A member of staff opened an application: who, when, which application, and in which
    agency and role they read it (what the applicant is shown)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reads")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    read_at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=100, blank=True)
    agency = models.SlugField(max_length=63, blank=True, default="")
    role = models.SlugField(max_length=63, blank=True, default="")

    class Meta:
        ordering = ["-read_at", "-pk"]
        indexes = [models.Index(fields=["application", "-read_at"], name="staff_read_application")]

    def __str__(self) -> str:
        return f"{self.staff_id} read {self.application_id}"
