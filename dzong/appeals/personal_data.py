"""The appeals' part of a person's data: their appeals and complaints, and the answers."""

from __future__ import annotations

from typing import Any

from dzong.appeals.models import Appeal
from dzong.applications.personal_data import when


def appeals_of(person: Any) -> list[dict[str, Any]]:
    """Each appeal and complaint the person made."""
    return [
        {
            "reference": appeal.reference,
            "kind": appeal.kind,
            "application": appeal.application.reference,
            "text": appeal.text,
            "status": appeal.status,
            "made_at": when(appeal.created_at),
            "due_at": when(appeal.due_at),
            "decided_at": when(appeal.decided_at),
            "answer": appeal.answer,
        }
        for appeal in Appeal.objects.filter(applicant=person).select_related("application")
    ]
