"""Every message the platform sends, recorded as a Delivery and sent by the `deliver` job.

`send_message` records one message to an account (an applicant, a member of staff) or to a
bare email address and queues its sending on commit, `send_text` a text message to a mobile
number; nothing sends a message any other way.
Applicants are told what happened in their language, with the service's own words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dzong.applications.models import Application, Event
from dzong.applications.reactions import happened
from dzong.engine.formatting import format_date
from dzong.engine.messages import ComposedMessage, compose_message
from dzong.notifications.models import Delivery
from dzong.notifications.tasks import deliver

PARTLY_APPROVED = "partly_approved"


def tell_of_events(*, event_ids: Sequence[int]) -> int:
    """Tell each applicant what these events mean for them (`reactions.happened`), in order:
    each message once per event and channel, however often this runs. How many emails."""
    events = Event.objects.filter(pk__in=event_ids).order_by("pk")
    sent = 0
    for event in events.select_related("application__applicant", "application__service_version"):
        with transaction.atomic():
            sent += notify_applicant(
                application=event.application, events=[happened(event)], once=f"event-{event.pk}"
            )
    return sent


def notify_applicant(
    *,
    application: Application,
    events: Sequence[str],
    values: Mapping[str, str] | None = None,
    once: str = "",
) -> int:
    """Record the service's messages for these events (email, and SMS to the mobile number
    answered) and queue their sending once the transaction commits; the number of messages.
    With `once`, each message is recorded (and sent) once for that key, however often this
    runs.

    A designer's test run sends nothing: its answers are made up, and may name real people."""
    if application.is_test:
        return 0
    language = application.language
    known = {"reference": application.reference, **(values or {})}
    deliveries = []
    charged = application.charged_fees()
    for event in events:
        composed = (
            _partly_approved(application, language)
            if event == PARTLY_APPROVED
            else compose_message(
                application.definition,
                event,
                application.answers,
                values=known,
                language=language,
                charged=charged,
            )
        )
        if composed is not None:
            deliveries += _deliveries(application, event, composed, once)
    if deliveries:
        _queue(_recorded(deliveries, once))
    return len([d for d in deliveries if d.channel == Delivery.Channel.EMAIL])


def _recorded(deliveries: list[Delivery], once: str) -> list[int]:
    """Write the messages; with a key, those written before are kept, and only the unsent
    ones are given to send."""
    if not once:
        return [d.pk for d in Delivery.objects.bulk_create(deliveries)]
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    keys = [d.once_key for d in deliveries]
    unsent = Delivery.objects.filter(once_key__in=keys).exclude(status=Delivery.Status.SENT)
    return list(unsent.order_by("pk").values_list("pk", flat=True))


def _partly_approved(application: Application, language: str) -> ComposedMessage:
    """The decision when some registrations were granted and others refused: which were
    which, each refusal's reason, and where to read more."""
    names = {r.code: r.name.get(language) for r in application.definition.registrations}
    states = list(application.registration_states.all())
    granted = ", ".join(names.get(s.code, s.code) for s in states if s.outcome == "approved")
    with translation.override(language):
        lines = [
            _("Some of your registrations were granted and others were not."),
            _("Granted: %(names)s") % {"names": granted},
        ]
        lines += [
            _refusal(names.get(s.code, s.code), s.refusal_reason())
            for s in states
            if s.outcome == "rejected"
        ]
        link = site_url(reverse("portal:application", args=[application.reference]))
        lines.append(_("Read more on your application page:\n%(link)s") % {"link": link})
        subject = _("Your application %(reference)s is partly approved") % {
            "reference": application.reference
        }
    return ComposedMessage(subject=subject, body="\n\n".join(lines), sms=subject)


def _refusal(name: str, reason: str) -> str:
    if not reason:
        return _("Not granted: %(name)s") % {"name": name}
    return _("Not granted: %(name)s. Reason: %(reason)s") % {"name": name, "reason": reason}


def _deliveries(
    application: Application, event: str, composed: ComposedMessage, once: str
) -> list[Delivery]:
    def key(channel: str) -> str:
        return f"{once}-{event}-{channel}"[:120] if once else ""

    common = {
        "recipient_id": application.applicant_id,
        "application": application,
        "event": event,
        "language": application.language,
        "subject": composed.subject[:300],
    }
    found = []
    email = application.applicant.email  # none for an account made with the national identity
    if email:
        found.append(
            Delivery(
                channel=Delivery.Channel.EMAIL,
                address=email,
                body=composed.body,
                once_key=key("email"),
                **common,
            )
        )
    mobile = _assisted_mobile(application) or application.answers.get("mobile")
    if isinstance(mobile, str) and mobile:
        text = composed.sms or composed.subject
        found.append(
            Delivery(
                channel=Delivery.Channel.SMS,
                address=mobile,
                body=text,
                once_key=key("sms"),
                **common,
            )
        )
    return found


def _assisted_mobile(application: Application) -> str:
    """The citizen's own number, given when a community centre's operator applied for them
    (whatever number the form's answers hold). The centres build on notifications: their
    record is reached by its relation's name."""
    try:
        return str(application.assisted.mobile_number)
    except ObjectDoesNotExist:
        return ""


def send_message(
    *,
    to: Any,
    event: str,
    subject: str,
    body: str,
    language: str,
    application: Application | None = None,
    once_key: str = "",
    secret_link: bool = False,
) -> Delivery:
    """Record an email to an account or a bare address, written in `language`, and queue its
    sending once the transaction commits; with a `once_key`, recorded once however often this
    runs (and a message already sent is not queued again). The body of a message whose link
    lets someone into an account (`secret_link`) is blanked once it is sent."""
    message = Delivery(
        recipient=None if isinstance(to, str) else to,
        address=to if isinstance(to, str) else (to.email or ""),
        application=application,
        event=event,
        channel=Delivery.Channel.EMAIL,
        language=language,
        subject=subject[:300],
        body=body,
        once_key=once_key[:120],
        secret_link=secret_link,
    )
    if message.once_key:
        Delivery.objects.bulk_create([message], ignore_conflicts=True)
        message = Delivery.objects.get(once_key=message.once_key)
    else:
        message.save()
    if message.status != Delivery.Status.SENT:
        _queue([message.pk])
    return message


def send_text(*, to: str, event: str, text: str, language: str) -> Delivery:
    """Record a text message (SMS) to a mobile number, about no application, and queue its
    sending once the transaction commits. Its text is blanked once it is sent: such messages
    carry codes that prove who someone is."""
    message = Delivery.objects.create(
        address=to,
        event=event[:40],
        channel=Delivery.Channel.SMS,
        language=language,
        subject=event[:300],
        body=text,
        secret_link=True,
    )
    _queue([message.pk])
    return message


def tell_applicant_once(
    *, application: Application, event: str, subject: str, body: str, once_key: str
) -> Delivery:
    """Record an email to the applicant, once for `once_key` however often this runs, and
    queue its sending on commit (a message already sent is not queued again)."""
    return send_message(
        to=application.applicant,
        event=event,
        subject=subject,
        body=body,
        language=application.language,
        application=application,
        once_key=once_key,
    )


def _queue(ids: list[int]) -> None:
    transaction.on_commit(lambda: deliver.enqueue(delivery_ids=ids))


def send_queued_deliveries(*, older_than: dt.timedelta = dt.timedelta(minutes=5)) -> int:
    """Queue again the sending of messages recorded a while ago and still not sent (their
    job was lost); each is claimed before it is sent, so none goes twice. How many."""
    since = timezone.now() - older_than
    ids = list(
        Delivery.objects.filter(status=Delivery.Status.QUEUED, created_at__lt=since)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    if ids:
        _queue(ids)
    return len(ids)


def remind_of_drafts(*, event_ids: Sequence[int]) -> int:
    """Tell the owners of unfinished drafts, reminded by these events, that each will be
    removed unless they go on: one recorded message per event, however often this runs."""
    reminded = Event.objects.filter(pk__in=event_ids, kind=Event.Kind.REMINDED).order_by("pk")
    told = 0
    for event in reminded.select_related("application__applicant", "application__service_version"):
        removal = dt.date.fromisoformat(event.details["removal_date"])
        subject, body = _draft_reminder(event.application, removal)
        with transaction.atomic():
            tell_applicant_once(
                application=event.application,
                event="draft_reminder",
                subject=subject,
                body=body,
                once_key=f"event-{event.pk}-reminded",
            )
        told += 1
    return told


def _draft_reminder(application: Application, removal_date: dt.date) -> tuple[str, str]:
    language = application.language
    with translation.override(language):
        title = application.definition.title.get(language)
        subject = _("Your application %(reference)s is not finished") % {
            "reference": application.reference
        }
        body = _(
            "You started an application to %(service)s but have not finished it.\n\n"
            "It will be removed on %(date)s unless you continue it before then:\n%(link)s\n"
        ) % {
            "service": title,
            "date": format_date(removal_date, language),
            "link": site_url(reverse("portal:application", args=[application.reference])),
        }
    return subject, body


def site_url(path: str) -> str:
    """An address on this site for a message sent by email."""
    return settings.DZONG_SITE_URL.rstrip("/") + path
