"""The messages a service sends an applicant when something happens, filled in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dzong.engine.definition import Service
from dzong.engine.placeholders import Placeholders


@dataclass(frozen=True)
class ComposedMessage:
    """A message ready to send: subject and body (and an SMS text, if the service has one)."""

    subject: str
    body: str
    sms: str | None


def compose_message(
    service: Service,
    event: str,
    answers: Mapping[str, Any],
    *,
    values: Mapping[str, str],
    language: str,
    charged: Mapping[str, int] | None = None,
) -> ComposedMessage | None:
    """The service's message for `event` in `language`; None if it sends none for it. Its
    fees are those `charged` (by fee code) when given."""
    message = next((m for m in service.messages if m.event == event), None)
    if message is None:
        return None
    fill = Placeholders(service, answers, language, values, charged).render
    return ComposedMessage(
        subject=" ".join(fill(message.subject.get(language)).split()),
        body=fill(message.body.get(language)),
        sms=fill(message.sms.get(language)) if message.sms else None,
    )
