"""Background work of notifications: sending, retried by the task worker when it fails."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from dzong.notifications.gateways import current_gateway
from dzong.notifications.models import Delivery

ATTEMPTS = 3


@task()
def send_emails(*, to: str, messages: list[dict[str, str]], language: str) -> None:
    """Send several plain-text emails to one person, in order, over one connection."""
    with get_connection() as connection:
        for message in messages:
            email = EmailMessage(
                subject=message["subject"], body=message["body"], to=[to], connection=connection
            )
            email.from_email = settings.DEFAULT_FROM_EMAIL
            email.extra_headers["Content-Language"] = language
            email.send()


@task()
def deliver(*, delivery_ids: list[int]) -> None:
    """Send recorded messages not yet sent, each by its channel, recording how it went.

    Each is tried up to three times; a repeat of the task sends nothing twice.
    """
    pending = Delivery.objects.filter(pk__in=delivery_ids).exclude(status=Delivery.Status.SENT)
    failed = [d.pk for d in pending.order_by("pk") if not _send_one(d)]
    if failed:
        raise RuntimeError(f"{len(failed)} messages could not be sent")


def _send_one(delivery: Delivery) -> bool:
    error = ""
    for _ in range(ATTEMPTS):
        try:
            provider_id = _send(delivery)
        except Exception as failure:  # any failure is recorded, then tried again
            error = type(failure).__name__
            Delivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
            continue
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.SENT,
            attempts=F("attempts") + 1,
            provider_id=provider_id,
            sent_at=timezone.now(),
            error="",
        )
        return True
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, error=error)
    return False


def _send(delivery: Delivery) -> str:
    if delivery.channel == Delivery.Channel.SMS:
        return current_gateway().send(to=delivery.address, text=delivery.body)
    email = EmailMessage(subject=delivery.subject, body=delivery.body, to=[delivery.address])
    email.from_email = settings.DEFAULT_FROM_EMAIL
    email.extra_headers["Content-Language"] = delivery.language
    email.send()
    return ""
