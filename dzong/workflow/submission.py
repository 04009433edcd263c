"""Submitting an application: the one service every way in calls (the portal, the API, a
payment that settles the fees due first).

Submitting checks the answers and the fees due before submission, lets the workflow decide
where the application goes (`moves.advance`: its steps, tasks and any decision at once),
and records it all through `applications`: the answers and fees, the registrations the
decision grants, and the events, whose reactions (`dzong.applications.reactions`) follow
once the transaction commits. The engine's form is built once per submission.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dzong.applications.fees import unpaid_before_submission
from dzong.applications.models import Application, Event
from dzong.applications.numbers import new_reference
from dzong.applications.registrations import RegisteredAnswers
from dzong.applications.services import (
    FeesDueFirst,
    KeyReused,
    NotActingForBusiness,
    Submission,
    SubmissionRefused,
    form_for,
    record_events,
)
from dzong.catalogue.models import ServiceVersion
from dzong.engine.fees import FeeBreakdown, compute_fees
from dzong.engine.form import Form
from dzong.organisations.services import may_apply_for
from dzong.workflow.moves import advance
from dzong.workflow.services import events_of


def submit_application(
    *, application: Application, idempotency_key: str | None = None, actor_id: int | None = None
) -> Submission:
    """Submit a draft once: a repeat (double tap, retry, Back then Submit) changes nothing.
    `actor_id` is who pressed submit for the applicant (a community centre's operator, a
    cashier taking the fees); the applicant by default.

    SubmissionRefused (with a message per field) when answers are missing or wrong;
    FeesDueFirst when fees due before submission are not paid yet.
    """
    if not application.is_draft:
        return Submission(application, created=False)
    form = form_for(application)
    errors = form.validate_all(application.answers)
    try:
        if errors:
            raise SubmissionRefused(errors)
        fees = _fees_paid_first(application, form, application.answers)
        return _submit(application, form, fees, idempotency_key, actor_id=actor_id)
    except (IntegrityError, SubmissionRefused, _AlreadySubmitted) as error:
        # Someone else's submission of this draft (another tap) may have won the race.
        raced = _submitted_with_key(application, idempotency_key) or _refreshed(application)
        if raced is not None:
            return Submission(raced, created=False)
        if isinstance(error, SubmissionRefused):
            raise
        raise SubmissionRefused(_taken_errors(form, application.answers)) from error


class _AlreadySubmitted(Exception):
    """The draft was submitted by another request while this one worked."""


def _submitted_with_key(application: Application, key: str | None) -> Application | None:
    """An application this applicant already submitted with the same key (a replay)."""
    if not key:
        return None
    found = Application.objects.filter(submission_key=key, applicant=application.applicant_id)
    earlier: Application | None = found.exclude(status=Application.Status.DRAFT).first()
    return earlier


def _refreshed(application: Application) -> Application | None:
    application.refresh_from_db()
    return None if application.is_draft else application


def submit_answers(
    *,
    version: ServiceVersion,
    applicant: Any,
    answers: Mapping[str, Any],
    language: str,
    start_key: str | None = None,
    start_digest: str = "",
    refused: Mapping[str, str] | None = None,
    organisation: Any = None,
) -> Submission:
    """Start and submit an application in one go, from answers the engine has cleaned (a
    system sending them all at once). The same `start_key` gives the same application, even
    if the answers sent again would now be refused (their business name is licensed now);
    KeyReused if that application was started by a request of another `start_digest`.

    SubmissionRefused (with a message per field) when answers are missing or wrong; `refused`
    are the messages the caller's cleaning gave, which come first. FeesDueFirst when the
    answers owe fees due before submission: no payment is taken here, and no application is
    queued unpaid. A refusal writes nothing. For a business (`organisation`), which the
    applicant must be allowed to apply for: NotActingForBusiness otherwise.
    """
    if organisation is not None and not may_apply_for(applicant, organisation):
        raise NotActingForBusiness(organisation.pk)
    form = Form(
        version.definition,
        language=language,
        today=timezone.localdate(),
        issued=RegisteredAnswers(),
    )
    errors = {**form.validate_all(answers), **(refused or {})}
    try:
        if errors:
            raise SubmissionRefused(errors)
        started = _started(version, applicant, answers, language, start_key, start_digest)
        started.organisation = organisation
        fees = _fees_paid_first(started, form, answers)
        return _start_and_submit(started, form, fees)
    except (IntegrityError, SubmissionRefused) as error:
        earlier = _started_with_key(start_key)  # a retry: looked for only now, to spare a query
        if earlier is not None and earlier.start_digest != start_digest:
            raise KeyReused(start_key) from error
        if earlier is not None:
            return Submission(earlier, created=False)
        if isinstance(error, SubmissionRefused):
            raise
        raise SubmissionRefused(_taken_errors(form, answers)) from error


def _fees_paid_first(
    application: Application, form: Form, answers: Mapping[str, Any]
) -> FeeBreakdown:
    """The answers' fees; FeesDueFirst if those due before submission are not paid."""
    fees = compute_fees(application.definition, form.effective_answers(answers))
    if unpaid := unpaid_before_submission(application, fees):
        raise FeesDueFirst(unpaid, fees.currency)
    return fees


def _started_with_key(key: str | None) -> Application | None:
    if not key:
        return None
    found = Application.objects.filter(start_key=key).exclude(status=Application.Status.DRAFT)
    earlier: Application | None = found.select_related("service_version").first()
    return earlier


def _started(
    version: ServiceVersion,
    applicant: Any,
    answers: Mapping[str, Any],
    language: str,
    start_key: str | None,
    start_digest: str,
) -> Application:
    """A new application, unsaved."""
    return Application(
        reference=new_reference(),
        service_version=version,
        applicant=applicant,
        language=language,
        start_key=start_key,
        start_digest=start_digest if start_key else "",
        answers=dict(answers),
    )


def _start_and_submit(application: Application, form: Form, fees: FeeBreakdown) -> Submission:
    """A new application written once, already submitted."""
    started = Event(application=application, kind=Event.Kind.STARTED, actor=application.applicant)
    return _submit(application, form, fees, application.start_key, started, save=_insert)


def _insert(application: Application) -> None:
    application.save(force_insert=True)


@transaction.atomic
def _submit(
    application: Application,
    form: Form,
    fees: FeeBreakdown,
    key: str | None,
    started: Event | None = None,
    save: Callable[[Application], None] | None = None,
    actor_id: int | None = None,
) -> Submission:
    """Everything submitting writes, in one transaction that only the first request commits."""
    now = timezone.now()
    application.answers = form.effective_answers(application.answers)
    application.fees = _fee_lines(fees)
    application.submission_key = key or None
    application.submitted_at = application.updated_at = now
    submitted = Event(
        application=application,
        kind=Event.Kind.SUBMITTED,
        actor_id=actor_id or application.applicant_id,
    )
    moves = advance(
        application=application,
        form=form,
        step_code=application.definition.workflow_start,
        now=now,
        save=save or _save_if_still_draft,
    )
    moved = events_of(application=application, form=form, moves=moves, now=now)
    record_events([*([started] if started else []), submitted, *moved])
    return Submission(application, created=True)


def _save_if_still_draft(application: Application) -> None:
    """Write the submission only over a draft: the row's lock makes a second writer wait."""
    fields = [
        "answers",
        "fees",
        "submission_key",
        "submitted_at",
        "updated_at",
        "status",
        "step",
        "step_due",
        "decided_at",
    ]
    values = {name: getattr(application, name) for name in fields}
    still_draft = Application.objects.filter(pk=application.pk, status=Application.Status.DRAFT)
    if not still_draft.update(**values):
        raise _AlreadySubmitted(application.reference)


def _fee_lines(fees: FeeBreakdown) -> list[dict[str, Any]]:
    return [
        {
            "code": line.code,
            "label": {"en": line.label.en, "dz": line.label.dz},
            "agency": line.agency,
            "account": line.account,
            "amount": line.amount,
            "due": line.due,
            "currency": fees.currency,
        }
        for line in fees.lines
    ]


def _taken_errors(form: Form, answers: Mapping[str, Any]) -> dict[str, str]:
    """After a lost race for a unique answer, the messages the engine now gives."""
    errors = form.validate_all(answers)
    return errors or {"": "This application could not be submitted. Try again."}
