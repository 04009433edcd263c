"""Changing applications: starting, saving, attaching, tidying drafts, and recording what
happened to them (the events, and the registrations issued).

Submitting is `dzong.workflow.submission`, which the workflow's decisions need; it records
through this module, never the other way round."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.applications.fees import refuse_changed_answers
from dzong.applications.models import (
    Application,
    Attachment,
    Event,
    version_of,
)
from dzong.applications.numbers import new_reference
from dzong.applications.reactions import queue_reactions
from dzong.applications.registrations import RegisteredAnswers
from dzong.applications.uploads import describe_upload, sha256_of
from dzong.audit.services import Record, actor_of, append_all, content_digest, row
from dzong.catalogue.models import ServiceVersion
from dzong.engine.definition import Field, Service
from dzong.engine.form import Form, PageResult
from dzong.organisations.models import Organisation
from dzong.organisations.services import business_attributes, may_apply_for


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


class DraftMovedOn(Exception):
    """The draft was saved from elsewhere since the answers sent were typed; nothing was kept.
    `version` is the draft's version now."""

    def __init__(self, version: str) -> None:
        super().__init__("The draft changed since these answers were typed.")
        self.version = version


class PaidFeesKept(Exception):
    """The page's answers would change fees already paid; `errors` says which, and nothing
    of the page was kept."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("The answers would change fees already paid.")
        self.errors = dict(errors)


def form_for(application: Application, *, language: str | None = None) -> Form:
    """The engine's form for this application, in the applicant's language."""
    return Form(
        application.definition,
        language=language or application.language,
        today=timezone.localdate(),
        issued=RegisteredAnswers(),
    )


@transaction.atomic
def fields_shown(form: Form, answers: Mapping[str, Any]) -> list[Field]:
    """The questions (documents too) the applicant was shown for these answers, page by page:
    the only ones an officer may send back."""
    seen = form.effective_answers(answers)
    return [f for page in form.visible_pages(seen) for f in form.visible_fields(page, seen)]


class NotActingForBusiness(Exception):
    """The person may not apply for this business (not a member, removed, or not allowed)."""


def start_application(
    *,
    version: ServiceVersion,
    applicant: Any,
    language: str,
    start_key: str | None = None,
    is_test: bool = False,
    organisation: Organisation | None = None,
    actor: Any = None,
    details: Mapping[str, str] | None = None,
) -> Application:
    """A new draft under the service's current version, bound to it for life.

    The same `start_key` (a double tap on the first page) gives the same draft. `is_test`
    makes a designer's test run of a draft version, counted nowhere. Fields prefilled from
    the account start with the applicant's name and email; for a business (`organisation`,
    which the applicant must be allowed to apply for), with what its registration holds.
    `actor` is who started it for the applicant (a community centre's operator, `details`
    naming the centre); the applicant by default.
    """
    if start_key:
        earlier: Application | None = Application.objects.filter(
            applicant=applicant, start_key=start_key
        ).first()
        if earlier is not None:
            return earlier
    if organisation is not None and not may_apply_for(applicant, organisation):
        raise NotActingForBusiness(organisation.pk)
    application = Application.objects.create(
        reference=new_reference(),
        service_version=version,
        applicant=applicant,
        organisation=organisation,
        language=language,
        start_key=start_key or None,
        is_test=is_test,
        answers=prefilled_answers(
            version=version, applicant=applicant, language=language, organisation=organisation
        ),
    )
    started = Event(
        application=application,
        kind=Event.Kind.STARTED,
        actor=actor or applicant,
        details=dict(details or {}),
    )
    note_events([started])
    return application


def account_attributes(
    applicant: Any, organisation: Organisation | None = None
) -> tuple[dict[str, str], set[str]]:
    """What the account says of its holder (`applicant.name`, `applicant.email`, and, once the
    national identity vouched for them, `applicant.citizenship_id` and
    `applicant.date_of_birth`), with what the registration of the business applied for holds
    (`business.name`, `business.licence_number`, `business.address`); and which of those are
    vouched for (by the national identity, or by the registration)."""
    business = business_attributes(organisation)
    account, verified = _person_attributes(applicant)
    return account | business, verified | set(business)


def _person_attributes(applicant: Any) -> tuple[dict[str, str], set[str]]:
    account = {
        "applicant.name": getattr(applicant, "full_name", "") or "",
        "applicant.email": getattr(applicant, "email", "") or "",
    }
    try:  # one query, or none when the account came with select_related
        identity = applicant.verified_identity if getattr(applicant, "pk", None) else None
    except ObjectDoesNotExist:  # no national identity vouched for this account
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


def prefilled_answers(
    *,
    version: ServiceVersion,
    applicant: Any,
    language: str,
    organisation: Organisation | None = None,
) -> dict[str, Any]:
    """What the account gives (name, email, and what the national identity verified), and
    what the business's registration holds, for the fields the definition prefills from
    them: a new draft starts with them."""
    account, _verified = account_attributes(applicant, organisation)
    return Form(version.definition, language=language).prefilled(account)


def locked_answers(
    *,
    definition: Service,
    applicant: Any,
    language: str,
    organisation: Organisation | None = None,
) -> dict[str, Any]:
    """The answers the national identity verified, and those the business's registration
    holds, for the fields prefilled from them: they are shown read-only and no posted value
    changes them (portal or API)."""
    account, verified = account_attributes(applicant, organisation)
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
    expected_version: str | None = None,
) -> PageResult:
    """Check one page and keep every valid answer and accepted file, even if others are wrong.

    Files are checked by their content (sniffed) and size before anything is stored.
    PaidFeesKept (nothing kept) when the answers would change fees already paid.
    With `expected_version` (answers kept on a device while offline), DraftMovedOn (nothing
    kept) when the draft was saved since that version: the applicant chooses, never silently.
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
        definition=application.definition,
        applicant=application.applicant,
        language=language,
        organisation=application.organisation,
    )
    entered.update({code: value for code, value in locked.items() if code in on_page})
    for code in (f.code for f in page.fields if f.type == "file"):
        kept = None if code == remove_file else application.answers.get(code)
        entered[code] = described.get(code) or kept
    result = form.validate_page(page_code, entered, application.answers)
    fields = [f.code for f in page.fields]
    if refused := refuse_changed_answers(
        application=application, answers=result.answers, fields=fields, form=form
    ):
        raise PaidFeesKept(refused)
    with transaction.atomic():
        if expected_version is not None:
            _refuse_if_moved_on(application, expected_version)
        _keep_files(application, result, uploads, described, remove_file)
        save_answers(
            application=application, answers=result.answers, page=page_code, language=language
        )
    return result


def _refuse_if_moved_on(application: Application, expected_version: str) -> None:
    """DraftMovedOn unless the draft is still at `expected_version` (its row locked meanwhile)."""
    locked = Application.objects.select_for_update().filter(pk=application.pk)
    current = locked.values_list("updated_at", "status").first()
    if current is None or current[1] != Application.Status.DRAFT:
        raise NotADraft(application.reference)
    if version_of(current[0]) != expected_version:
        raise DraftMovedOn(version_of(current[0]))


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


def record_events(events: Sequence[Event]) -> list[Event]:
    """Write these events at once, append them to the audit log, and queue what follows each
    (`reactions.py`), to run once the transaction commits."""
    recorded = note_events(events)
    queue_reactions(recorded)
    return recorded


def note_events(events: Sequence[Event]) -> list[Event]:
    """Write these events and append them to the audit log, in one transaction; nothing
    follows them. Every event of an application is written through here."""
    _name_centres(events)
    with transaction.atomic(savepoint=False):
        recorded = Event.objects.bulk_create(events)
        append_all(
            [
                Record(
                    _actor(event),
                    f"application.{event.kind}",
                    f"application:{event.application.reference}",
                    {
                        "row": row("event", event.pk, event_digest(event)),
                        "from": event.from_step,
                        "to": event.to_step,
                    },
                )
                for event in recorded
            ]
        )
    return recorded


def _name_centres(events: Sequence[Event]) -> None:
    """An act of a community centre's operator on an application they made for a citizen
    names the centre in the event's details (the operator is its actor)."""
    acted = {e.application_id for e in events if e.actor_id and e.application_id and not _own(e)}
    if not acted:
        return
    found = Application.objects.filter(pk__in=acted, assisted__isnull=False)
    rows = found.values_list("pk", "assisted__operator_id", "assisted__centre__code")
    made = {pk: (operator, centre) for pk, operator, centre in rows}
    for event in events:
        operator, centre = made.get(event.application_id, (None, ""))
        if operator is not None and event.actor_id == operator:
            event.details = {**event.details, "centre": centre}


def _own(event: Event) -> bool:
    """The applicant acted (known without reading the application again)."""
    return bool(Event.application.is_cached(event) and event.actor_id == _applicant_of(event))


def _applicant_of(event: Event) -> int:
    applicant: int = event.application.applicant_id
    return applicant


def _actor(event: Event) -> str:
    """Who acted, as the audit log names them, without reading the account again."""
    if Event.actor.is_cached(event) or event.actor_id is None:
        return actor_of(event.actor)
    return f"person:{event.actor_id}"


def event_digest(event: Event) -> str:
    """What the audit log keeps of an event: the digest of its content."""
    return content_digest(
        {
            "application": event.application_id,
            "kind": event.kind,
            "actor": event.actor_id,
            "from": event.from_step,
            "to": event.to_step,
            "details": event.details,
            "at": event.created_at.astimezone(dt.UTC).isoformat(),
        }
    )


def current_event_digest(pk: int) -> str | None:
    """The digest of the event as it is now (None: deleted), for `dzong audit verify`."""
    found = Event.objects.filter(pk=pk).first()
    return event_digest(found) if found else None


def remind_stale_drafts(*, now: dt.datetime | None = None) -> int:
    """Remind the owners of drafts that will soon be removed; each draft once: the draft is
    claimed, the reminder recorded as an event, and the message follows it (`reactions.py`)."""
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
            claimed = Application.objects.filter(pk=draft.pk, reminded_at__isnull=True)
            if not claimed.update(reminded_at=now):  # reminded by another run meanwhile
                continue
            removal = timezone.localdate(draft.updated_at + retention)
            reminded = Event(
                application=draft,
                kind=Event.Kind.REMINDED,
                details={"removal_date": removal.isoformat()},
            )
            record_events([reminded])
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
            append_all([_removed(draft)])
            draft.delete()
        count += 1
    return count


def _removed(draft: Application) -> Record:
    """The audit entry of a draft removed whole: its events may be gone from then on."""
    subject = f"application:{draft.reference}"
    return Record("system", "application.removed", subject, {"draft": True, "rows_removed": True})


def _draft_periods() -> tuple[dt.timedelta, dt.timedelta]:
    retention = dt.timedelta(days=settings.DZONG_DRAFT_RETENTION_DAYS)
    notice = dt.timedelta(days=settings.DZONG_DRAFT_REMINDER_DAYS)
    return retention, min(notice, retention)
