"""Background work of notifications: sending recorded messages, each once, retried when it fails."""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from dzong.applications.jobs import lease_expired_before
from dzong.notifications.gateways import current_gateway
from dzong.notifications.models import Delivery

ATTEMPTS = 3


@task()
def deliver(*, delivery_ids: list[int]) -> None:
    """Send recorded messages not yet sent, each by its channel, recording how it went.

    Each is claimed before it is sent, so two workers (or a repeat of the task) send it once;
    each is tried up to three times.
    """
    pending = Delivery.objects.filter(pk__in=delivery_ids).exclude(status=Delivery.Status.SENT)
    failed = [d.pk for d in pending.order_by("pk") if claim(d) and not _send_one(d)]
    if failed:
        raise RuntimeError(f"{len(failed)} messages could not be sent")


def claim(delivery: Delivery) -> bool:
    """Take the message to send it (a compare-and-set): False if it was sent, or another
    worker holds it and has not outlived the lease."""
    now = timezone.now()
    free = Q(claimed_at=None) | Q(claimed_at__lt=lease_expired_before(now))
    unsent = Delivery.objects.filter(free, pk=delivery.pk).exclude(status=Delivery.Status.SENT)
    return bool(unsent.update(claimed_at=now))


def _send_one(delivery: Delivery) -> bool:
    error = ""
    for _ in range(ATTEMPTS):
        try:
            provider_id = _send(delivery)
        except Exception as failure:  # any failure is recorded, then tried again
            error = type(failure).__name__
            Delivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
            continue
        # A link into an account is kept only until it is sent (not in the table, nor its backups).
        forgotten = {"body": ""} if delivery.secret_link else {}
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.SENT,
            attempts=F("attempts") + 1,
            provider_id=provider_id,
            sent_at=timezone.now(),
            error="",
            claimed_at=None,
            **forgotten,
        )
        return True
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, error=error, claimed_at=None
    )
    return False


def _send(delivery: Delivery) -> str:
    if delivery.channel == Delivery.Channel.SMS:
        return current_gateway().send(to=delivery.address, text=delivery.body)
    email = EmailMessage(subject=delivery.subject, body=delivery.body, to=[delivery.address])
    email.from_email = settings.DEFAULT_FROM_EMAIL
    email.extra_headers["Content-Language"] = delivery.language
    email.extra_headers["Message-ID"] = sent_as = message_id(delivery)
    email.send()
    return sent_as


def message_id(delivery: Delivery) -> str:
    """The same Message-ID each time the message is sent: should a worker die after the mail
    server took it and before that was recorded, the copy sent again is known as the same
    message (mail programs show it once)."""
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = sender.rpartition("@")[2][:40] or "dzong.localhost"
    return f"<delivery.{delivery.pk}.{delivery.created_at:%Y%m%d%H%M%S}@{domain}>"


@task()
def tell_applicant(*, event_ids: list[int]) -> int:
    """A reaction (`dzong.applications.reactions`): tell each applicant what these events
    mean for them; each message once, however often this runs. How many emails."""
    from dzong.notifications.services import tell_of_events

    return tell_of_events(event_ids=event_ids)


@task()
def remind_of_draft(*, event_ids: list[int]) -> int:
    """A reaction (`dzong.applications.reactions`): remind the owners of unfinished drafts
    that they will be removed; each reminder once. How many."""
    from dzong.notifications.services import remind_of_drafts

    return remind_of_drafts(event_ids=event_ids)
