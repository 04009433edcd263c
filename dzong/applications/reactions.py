"""What follows each event of an application's life: the one table to read.

The service that makes something happen (submitting, an officer's decision, a reminder)
records it as an `Event` in its own transaction, through `record_events`. Once that
transaction commits, each reaction the table below names for what happened runs as a
background job (django-tasks), given the events' ids. Nothing else follows an event: no
Django signals, no on-commit calls scattered through services.

With the database task queue (the default) the jobs are queued in the event's own
transaction: the worker sees them only once it commits, and none is lost between the commit
and the queue. With any other queue they are queued once the transaction commits.

Every job is safe to run twice, and at once on two workers: it claims what it acts on (a
certificate per registration, a message per event and channel, a payment's refund), acts,
and records what it did, so a repeat finds the work done.

Jobs are named by their dotted path, the way the task queue stores and finds them: the
apps that do the work (notifications, certificates, payments) build on `applications`,
never the other way round. What the workflow decides on the way (the steps entered, the
tasks opened, the registrations approved and numbered) is written in the same transaction
as the event, for the applicant and the office to see at once; it is no reaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks_db.backend import DatabaseBackend

from dzong.applications.models import Event


@dataclass(frozen=True)
class Reaction:
    """A named job run after an event: `job` is the dotted path of a django-tasks task that
    takes `event_ids`."""

    name: str
    job: str

    def task(self) -> Any:
        """The django-tasks task this reaction enqueues."""
        return import_string(self.job)


TELL_APPLICANT = Reaction(
    "tell the applicant, by email and SMS, in the service's words",
    "dzong.notifications.tasks.tell_applicant",
)
ISSUE_CERTIFICATE = Reaction(
    "issue the registration's certificate, then tell the applicant it is ready",
    "dzong.certificates.tasks.issue_certificates_of",
)
FOUND_BUSINESS = Reaction(
    "make the business a registration founds an organisation owned by its applicant",
    "dzong.applications.tasks.found_businesses_of",
)
REFUND = Reaction(
    "give back the paid fees the fees' refund rules allow",
    "dzong.payments.tasks.refund_after_rejection",
)
REMIND_OF_DRAFT = Reaction(
    "tell the owner of the draft when it will be removed",
    "dzong.notifications.tasks.remind_of_draft",
)

# What happened (see `happened`) -> what follows, in order.
REACTIONS: dict[str, tuple[Reaction, ...]] = {
    "submitted": (TELL_APPLICANT,),
    "corrections_requested": (TELL_APPLICANT,),
    "approved": (TELL_APPLICANT,),
    "partly_approved": (TELL_APPLICANT,),
    "rejected": (TELL_APPLICANT, REFUND),
    "registered": (ISSUE_CERTIFICATE, FOUND_BUSINESS),
    "reminded_of_draft": (REMIND_OF_DRAFT,),
}


def happened(event: Event) -> str:
    """What an event means for what follows: its kind, made finer where the kind alone does
    not say (a step sent back for corrections, a decision that granted only some registrations,
    corrections sent again rather than a first submission, a reminder of a draft rather than
    of a correction's deadline)."""
    details = event.details or {}
    if event.kind == Event.Kind.REMINDED and "removal_date" in details:
        return "reminded_of_draft"
    if event.kind == Event.Kind.MOVED and details.get("sent_back"):
        return "corrections_requested"
    if event.kind == Event.Kind.APPROVED and details.get("partly"):
        return "partly_approved"
    if event.kind == Event.Kind.SUBMITTED and "corrected" in details:
        return "resubmitted"
    return str(event.kind)


def reactions_to(events: Sequence[Event]) -> dict[Reaction, list[int]]:
    """Each reaction these (saved) events call for, with the ids of the events it follows."""
    found: dict[Reaction, list[int]] = defaultdict(list)
    for event in events:
        for reaction in REACTIONS.get(happened(event), ()):
            found[reaction].append(event.pk)
    return dict(found)


def queue_reactions(events: Sequence[Event]) -> None:
    """Queue the jobs of the reactions these events call for, to run once the transaction
    commits."""
    for reaction, ids in reactions_to(events).items():
        task = reaction.task()
        if isinstance(task.get_backend(), DatabaseBackend):  # commits with the events, or not
            task.enqueue(event_ids=ids)
        else:
            transaction.on_commit(partial(task.enqueue, event_ids=ids))
