"""The messages' part of a person's data: every message sent to them, and how it went."""

from __future__ import annotations

from typing import Any

from dzong.applications.personal_data import when
from dzong.notifications.models import Delivery

MESSAGES_LIMIT = 5000  # the newest messages, at most


def messages_of(person: Any) -> list[dict[str, Any]]:
    """Each message to the person (a body that held a sign-in link is blank once sent)."""
    sent = Delivery.objects.filter(recipient=person).select_related("application")
    return [
        {
            "application": message.application.reference if message.application else None,
            "channel": message.channel,
            "address": message.address,
            "subject": message.subject,
            "body": message.body,
            "status": message.status,
            "created_at": when(message.created_at),
            "sent_at": when(message.sent_at),
        }
        for message in sent.order_by("-created_at", "-pk")[:MESSAGES_LIMIT]
    ]
