"""Changing applications: starting, saving, attaching, submitting, and tidying drafts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.accounts.models import VerifiedIdentity
from dzong.applications.models import (
    Application,
    Attachment,
    Event,
    IssuedRegistration,
    UniqueAnswer,
)
from dzong.applications.numbers import TEST_PREFIX, new_reference, next_registration_numbers
from dzong.applications.uploads import describe_upload, sha256_of
from dzong.catalogue.models import ServiceVersion
from dzong.certificates.tasks import issue_registration_certificates
from dzong.engine.definition import Service
from dzong.engine.fees import FeeBreakdown, compute_fees
from dzong.engine.form import Form, PageResult, normalise_unique
from dzong.engine.registrations import applicable_registrations
from dzong.notifications.services import decision_events, notify_applicant, remind_of_draft


class SubmissionRefused(Exception):
    """The application cannot be submitted as it stands; `errors` says why, per field."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("The application is not ready to submit.")
        self.errors = dict(errors)


class FeesDueFirst(SubmissionRefused):
    """The answers owe fees that are paid before submission, which only the portal takes."""

    def __init__(self, amount: int, currency: str) -> None:
        super().__init__({"fees": _("This service's fees are paid before it is submitted.")})
        self.amount = amount
        self.currency = currency


class KeyReused(Exception):
    """The start key was used before by a request different from this one."""


class NotADraft(Exception):
    """Answers change only while the application is a draft."""


class RegisteredAnswers:
    """The engine's view of what registrations already hold, for answers that must be unique."""

    def is_taken(self, *, service: str, registration: str, value: str) -> bool:
        return UniqueAnswer.objects.filter(service=service, code=registration, value=value).exists()


def form_for(application: Application, *, language: str | None = None) -> Form:
    """The engine's form for this application, in the applicant's language."""
    return Form(
        application.definition,
        language=language or application.language,
        today=timezone.localdate(),
        issued=RegisteredAnswers(),
    )


@transaction.atomic
def start_application(
    *,
    version: ServiceVersion,
    applicant: Any,
    language: str,
    start_key: str | None = None,
    is_test: bool = False,
) -> Application:
    """A new draft under the service's current version, bound to it for life.

    The same `start_key` (a double tap on the first page) gives the same draft. `is_test`
    makes a designer's test run of a draft version, counted nowhere. Fields prefilled from
    the account start with the applicant's name and email.
    """
    if start_key:
        earlier: Application | None = Application.objects.filter(
            applicant=applicant, start_key=start_key
        ).first()
        if earlier is not None:
            return earlier
    application = Application.objects.create(
        reference=new_reference(),
        service_version=version,
        applicant=applicant,
        language=language,
        start_key=start_key or None,
        is_test=is_test,
        answers=prefilled_answers(version=version, applicant=applicant, language=language),
    )
    Event.objects.create(application=application, kind=Event.Kind.STARTED, actor=applicant)
    return application


def account_attributes(applicant: Any) -> tuple[dict[str, str], set[str]]:
    """What the account says of its holder (`applicant.name`, `applicant.email`, and, once the
    national identity vouched for them, `applicant.citizenship_id` and
    `applicant.date_of_birth`), and which of those the national identity verified."""
    account = {
        "applicant.name": getattr(applicant, "full_name", "") or "",
        "applicant.email": getattr(applicant, "email", "") or "",
    }
    try:  # one query, or none when the account came with select_related
        identity = applicant.verified_identity if getattr(applicant, "pk", None) else None
    except VerifiedIdentity.DoesNotExist:
        identity = None
    if identity is None:
        return account, set()
    verified = {
        "applicant.name": identity.name,
        "applicant.citizenship_id": identity.citizenship_id,
        "applicant.date_of_birth": (
            identity.date_of_birth.isoformat() if identity.date_of_birth else ""
        ),
    }
    verified = {key: value for key, value in verified.items() if value}
    return account | verified, set(verified)


def prefilled_answers(*, version: ServiceVersion, applicant: Any, language: str) -> dict[str, Any]:
    """What the account gives (name, email, and what the national identity verified), for the
    fields the definition prefills from the account: a new draft starts with them."""
    account, _verified = account_attributes(applicant)
    return Form(version.definition, language=language).prefilled(account)


def locked_answers(*, definition: Service, applicant: Any, language: str) -> dict[str, Any]:
    """The answers the national identity verified, for the fields prefilled from them: they
    are shown read-only and no posted value changes them (portal or API)."""
    account, verified = account_attributes(applicant)
    chosen = {key: value for key, value in account.items() if key in verified}
    return Form(definition, language=language).prefilled(chosen)


def save_answers(
    *, application: Application, answers: Mapping[str, Any], page: str, language: str
) -> None:
    """Keep the draft's answers and where the applicant got to; a save ends any reminder."""
    application.answers = dict(answers)
    application.last_page = page
    application.language = language
    application.updated_at = timezone.now()
    application.reminded_at = None
    application.save(
        update_fields=["answers", "last_page", "language", "updated_at", "reminded_at"]
    )


def save_page(
    *,
    application: Application,
    page_code: str,
    submitted: Mapping[str, Any],
    uploads: Mapping[str, Any],
    remove_file: str | None = None,
    language: str,
) -> PageResult:
    """Check one page and keep every valid answer and accepted file, even if others are wrong.

    Files are checked by their content (sniffed) and size before anything is stored.
    """
    if not application.is_draft:
        raise NotADraft(application.reference)
    form = form_for(application, language=language)
    page = application.definition.page(page_code)
    if page is None:
        raise ValueError(f"No page {page_code}")
    described = {code: describe_upload(upload) for code, upload in uploads.items()}
    entered = dict(submitted)
    on_page = {f.code for f in page.fields}
    locked = locked_answers(
        definition=application.definition, applicant=application.applicant, language=language
    )
    entered.update({code: value for code, value in locked.items() if code in on_page})
    for code in (f.code for f in page.fields if f.type == "file"):
        kept = None if code == remove_file else application.answers.get(code)
        entered[code] = described.get(code) or kept
    result = form.validate_page(page_code, entered, application.answers)
    with transaction.atomic():
        _keep_files(application, result, uploads, described, remove_file)
        save_answers(
            application=application, answers=result.answers, page=page_code, language=language
        )
    return result


def _keep_files(
    application: Application,
    result: PageResult,
    uploads: Mapping[str, Any],
    described: Mapping[str, Mapping[str, Any]],
    remove_file: str | None,
) -> None:
    earlier = application.answers
    for code, upload in uploads.items():
        if code in result.errors:
            if code in earlier:  # a rejected file never costs the one already accepted
                result.answers[code] = earlier[code]
            continue
        attachment = attach_file(
            application=application, field=code, upload=upload, description=described[code]
        )
        result.answers[code] = attachment.description()
    if remove_file and remove_file not in uploads:
        remove_attachment(application=application, field=remove_file)
        result.answers.pop(remove_file, None)


@transaction.atomic
def attach_file(
    *,
    application: Application,
    field: str,
    upload: Any,
    description: Mapping[str, Any],
    keep_earlier: bool = False,
) -> Attachment:
    """Store an uploaded file the engine accepted; it replaces the field's earlier file.

    With `keep_earlier` (a file sent again for corrections) the earlier one stays stored, for
    staff to read in the application's history."""
    for earlier in application.attachments.filter(field=field) if not keep_earlier else ():
        _delete_attachment(earlier)
    return Attachment.objects.create(
        application=application,
        field=field,
        file=_stored(upload, application),
        name=description["name"],
        size=description["size"],
        content_type=description["content_type"],
        sha256=sha256_of(upload),
    )


def _stored(upload: Any, application: Application) -> Any:
    # The stored name tells nothing of the applicant or the file's own name.
    upload.name = f"{application.reference}-{new_reference()[3:]}.bin"
    return upload


def remove_attachment(*, application: Application, field: str) -> None:
    """Remove a field's file (the applicant chose Remove)."""
    for attachment in application.attachments.filter(field=field):
        _delete_attachment(attachment)


def _delete_attachment(attachment: Attachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@dataclass(frozen=True)
class Submission:
    """What submitting did: the application, and whether this call was the one that did it."""

    application: Application
    created: bool


def submit_application(
    *, application: Application, idempotency_key: str | None = None
) -> Submission:
    """Submit a draft once: a repeat (double tap, retry, Back then Submit) changes nothing.

    SubmissionRefused (with a message per field) when answers are missing or wrong.
    """
    if not application.is_draft:
        return Submission(application, created=False)
    form = form_for(application)
    errors = form.validate_all(application.answers)
    try:
        if errors:
            raise SubmissionRefused(errors)
        return _submit(application, form, idempotency_key)
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
) -> Submission:
    """Start and submit an application in one go, from answers the engine has cleaned (a
    system sending them all at once). The same `start_key` gives the same application, even
    if the answers sent again would now be refused (their business name is licensed now);
    KeyReused if that application was started by a request of another `start_digest`.

    SubmissionRefused (with a message per field) when answers are missing or wrong; `refused`
    are the messages the caller's cleaning gave, which come first. FeesDueFirst when the
    answers owe fees due before submission: no payment is taken here, and no application is
    queued unpaid. A refusal writes nothing.
    """
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
        _refuse_fees_due_first(version, form, answers)
        started = _started(version, applicant, answers, language, start_key, start_digest)
        return _start_and_submit(started, form)
    except (IntegrityError, SubmissionRefused) as error:
        earlier = _started_with_key(start_key)  # a retry: looked for only now, to spare a query
        if earlier is not None and earlier.start_digest != start_digest:
            raise KeyReused(start_key) from error
        if earlier is not None:
            return Submission(earlier, created=False)
        if isinstance(error, SubmissionRefused):
            raise
        raise SubmissionRefused(_taken_errors(form, answers)) from error


def _refuse_fees_due_first(version: ServiceVersion, form: Form, answers: Mapping[str, Any]) -> None:
    fees = compute_fees(version.definition, form.effective_answers(answers))
    if fees.due("before_submission"):
        raise FeesDueFirst(fees.due("before_submission"), fees.currency)


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


def _start_and_submit(application: Application, form: Form) -> Submission:
    """A new application written once, already submitted."""
    started = Event(application=application, kind=Event.Kind.STARTED, actor=application.applicant)
    return _submit(application, form, application.start_key, started, save=_insert)


def _insert(application: Application) -> None:
    application.save(force_insert=True)


@transaction.atomic
def _submit(
    application: Application,
    form: Form,
    key: str | None,
    started: Event | None = None,
    save: Callable[[Application], None] | None = None,
) -> Submission:
    """Everything submitting writes, in one transaction that only the first request commits."""
    from dzong.workflow.moves import advance

    now = timezone.now()
    application.answers = form.effective_answers(application.answers)
    application.fees = _fee_lines(compute_fees(application.definition, application.answers))
    application.submission_key = key or None
    application.submitted_at = application.updated_at = now
    submitted = Event(
        application=application, kind=Event.Kind.SUBMITTED, actor_id=application.applicant_id
    )
    moves = advance(
        application=application,
        step_code=application.definition.workflow_start,
        now=now,
        save=save or _save_if_still_draft,
    )
    Event.objects.bulk_create([*([started] if started else []), submitted, *moves.events])
    _notify(application, moves.events)
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


def issue_registrations(
    *, application: Application, now: dt.datetime, codes: Collection[str] | None = None
) -> list[Event]:
    """Grant the registrations that apply to an application (only `codes`, when given, as
    each is approved); their events, unsaved.

    The one place registrations are created, at once on submission or by an officer's approval.
    """
    return _issue_registrations(application, form_for(application), now, codes)


def _issue_registrations(
    application: Application, form: Form, now: dt.datetime, codes: Collection[str] | None = None
) -> list[Event]:
    """Give each registration that applies (of `codes`) its number; hold its unique answers."""
    definition = application.definition
    granted = [
        registration
        for registration in applicable_registrations(form, application.answers)
        if codes is None or registration.code in codes
    ]
    # A test run numbers its registrations in sequences of its own: no real number is used.
    mark = TEST_PREFIX if application.is_test else ""
    numbers = next_registration_numbers(
        [mark + registration.number_prefix for registration in granted], timezone.localdate(now)
    )
    issued = [
        IssuedRegistration(
            application=application,
            service=definition.slug,
            code=registration.code,
            agency=registration.agency,
            number=number,
            issued_at=now,
        )
        for registration, number in zip(granted, numbers, strict=True)
    ]
    IssuedRegistration.objects.bulk_create(issued)
    if not application.is_test:  # a test run never holds a name a real applicant wants
        UniqueAnswer.objects.bulk_create(_unique_answers(application, issued))
    ids = [r.pk for r in issued]
    transaction.on_commit(lambda: issue_registration_certificates.enqueue(registration_ids=ids))
    return [
        Event(
            application=application,
            kind=Event.Kind.REGISTERED,
            details={"registration": r.code, "number": r.number},
        )
        for r in issued
    ]


def _unique_answers(
    application: Application, issued: list[IssuedRegistration]
) -> list[UniqueAnswer]:
    held = {r.code: r for r in issued}
    return [
        UniqueAnswer(
            registration=held[field.unique.registration],
            service=application.definition.slug,
            code=field.unique.registration,
            value=normalise_unique(application.answers[field.code]),
        )
        for _, field in application.definition.fields()
        if field.unique and field.unique.registration in held and field.code in application.answers
    ]


def _taken_errors(form: Form, answers: Mapping[str, Any]) -> dict[str, str]:
    """After a lost race for a unique answer, the messages the engine now gives."""
    errors = form.validate_all(answers)
    return errors or {"": "This application could not be submitted. Try again."}


def _notify(application: Application, moves: list[Event]) -> None:
    events = ["submitted", *decision_events(application, moves)]
    notify_applicant(application=application, events=events)


def remind_stale_drafts(*, now: dt.datetime | None = None) -> int:
    """Remind the owners of drafts that will soon be removed; each draft once."""
    now = now or timezone.now()
    retention, notice = _draft_periods()
    due = (
        Application.objects.real()
        .untouched_since(now - retention + notice)
        .filter(reminded_at__isnull=True)
    )
    count = 0
    for draft in due.select_related("applicant", "service_version"):
        with transaction.atomic():
            removal = timezone.localdate(draft.updated_at + retention)
            remind_of_draft(application=draft, removal_date=removal)
            Application.objects.filter(pk=draft.pk).update(reminded_at=now)
            Event.objects.create(application=draft, kind=Event.Kind.REMINDED)
        count += 1
    return count


def remove_stale_drafts(*, now: dt.datetime | None = None) -> int:
    """Remove drafts untouched for the retention period whose owner was reminded in time."""
    now = now or timezone.now()
    retention, notice = _draft_periods()
    stale = (
        Application.objects.real()
        .untouched_since(now - retention)
        .filter(reminded_at__isnull=False, reminded_at__lte=now - notice)
    )
    count = 0
    for draft in stale:
        with transaction.atomic():
            for attachment in draft.attachments.all():
                _delete_attachment(attachment)
            draft.delete()
        count += 1
    return count


def _draft_periods() -> tuple[dt.timedelta, dt.timedelta]:
    retention = dt.timedelta(days=settings.DZONG_DRAFT_RETENTION_DAYS)
    notice = dt.timedelta(days=settings.DZONG_DRAFT_REMINDER_DAYS)
    return retention, min(notice, retention)
