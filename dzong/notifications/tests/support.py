"""Checks shared by the tests of every message: recorded, sent once, and not again."""

from __future__ import annotations

import email.message
import time
from typing import Any

from dzong.notifications.models import Delivery
from dzong.notifications.tasks import deliver


def sent_once(smtp_server: Any, message: Delivery) -> email.message.EmailMessage:
    """The one email a recorded message became: recorded as sent, and not sent again when its
    job runs a second time."""
    message.refresh_from_db()
    assert (message.status, message.claimed_at, message.attempts) == ("sent", None, 1)
    deliver.call(delivery_ids=[message.pk])
    time.sleep(0.3)  # a second copy, were one sent, would have arrived
    copies = [
        m
        for m in smtp_server.messages
        if str(m["Subject"]).strip() == message.subject and m["To"] == message.address
    ]
    assert len(copies) == 1, f"{len(copies)} emails for one message"
    assert copies[0]["Content-Language"] == message.language
    return copies[0]
