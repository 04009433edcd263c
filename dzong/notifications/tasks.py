"""Background work of notifications: sending, retried by the task worker when it fails."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django_tasks import task


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
