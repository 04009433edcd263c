"""Background work of notifications: sending, retried by the task worker when it fails."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email(*, to: str, subject: str, body: str, language: str) -> None:
    """Send one plain-text email through the configured mail server."""
    message = EmailMessage(subject=subject, body=body, to=[to])
    message.from_email = settings.DEFAULT_FROM_EMAIL
    message.extra_headers["Content-Language"] = language
    message.send()
