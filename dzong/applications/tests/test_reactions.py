"""What follows each event is read from one table, queued with the events, and each
reaction's job is safe to run twice."""

import datetime as dt
import inspect

import pytest
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from dzong.applications.models import Application, Event
from dzong.applications.reactions import (
    ISSUE_CERTIFICATE,
    REACTIONS,
    REMIND_OF_DRAFT,
    happened,
)
from dzong.applications.services import remind_stale_drafts
from dzong.applications.tests.factories import business_draft, run_reactions
from dzong.notifications.models import Delivery
from dzong.workflow.submission import submit_application


def _queued(application: Application) -> dict[str, list[str]]:
    """Each job queued, with the kinds of the events it was given."""
    kinds = dict(application.events.values_list("pk", "kind"))
    return {
        job.task_path.rsplit(".", 1)[1]: [
            kinds[pk] for pk in job.args_kwargs["kwargs"]["event_ids"]
        ]
        for job in DBTaskResult.objects.order_by("pk")
    }


def test_every_reaction_is_a_job_given_the_events_ids():
    for reaction in {r for reactions in REACTIONS.values() for r in reactions}:
        task = reaction.task()
        assert isinstance(task, Task), reaction.job
        assert list(inspect.signature(task.func).parameters) == ["event_ids"], reaction.job


@pytest.mark.django_db
def test_an_approved_submission_queues_its_reactions_with_its_events(applicant):
    application = submit_application(application=business_draft(applicant, employees="0"))
    assert _queued(application.application) == {
        "tell_applicant": ["submitted", "approved"],
        "issue_certificates_of": ["registered", "registered"],
        "found_businesses_of": ["registered", "registered"],
    }


@pytest.mark.django_db
def test_what_an_event_means_is_finer_than_its_kind(applicant):
    draft = business_draft(applicant)
    sent_back = Event(application=draft, kind=Event.Kind.MOVED, details={"sent_back": True})
    partly = Event(application=draft, kind=Event.Kind.APPROVED, details={"partly": True})
    corrected = Event(application=draft, kind=Event.Kind.SUBMITTED, details={"corrected": []})
    deadline = Event(application=draft, kind=Event.Kind.REMINDED, details={"correction": 1})
    assert [happened(e) for e in (sent_back, partly, corrected, deadline)] == [
        "corrections_requested",
        "partly_approved",
        "resubmitted",
        "reminded",
    ]
    assert not {"resubmitted", "moved", "reminded"} & REACTIONS.keys()


@pytest.mark.django_db
def test_a_draft_reminder_is_recorded_once_however_often_its_job_runs(applicant):
    draft = business_draft(applicant)
    now = timezone.now()
    Application.objects.filter(pk=draft.pk).update(updated_at=now - dt.timedelta(days=24))
    assert remind_stale_drafts(now=now) == 1
    run_reactions(draft, REMIND_OF_DRAFT)
    run_reactions(draft, REMIND_OF_DRAFT)
    reminder = Delivery.objects.get(application=draft, event="draft_reminder")
    assert reminder.subject == f"Your application {draft.reference} is not finished"
    assert "It will be removed on" in reminder.body


@pytest.mark.django_db
def test_certificates_are_issued_once_however_often_their_job_runs(applicant):
    application = submit_application(application=business_draft(applicant)).application
    run_reactions(application, ISSUE_CERTIFICATE)
    run_reactions(application, ISSUE_CERTIFICATE)
    assert application.certificates.count() == application.registrations.count() > 0
    ready = Delivery.objects.filter(application=application, subject__contains="are ready")
    assert ready.count() == 1
