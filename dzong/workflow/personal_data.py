"""The workflow's part of a person's data: who looked at their applications (office, role,
when, what), and the corrections asked of them."""

from __future__ import annotations

from typing import Any

from dzong.applications.personal_data import when
from dzong.workflow.models import Correction, StaffRead

READS_LIMIT = 5000  # the newest reads, at most


def reads_of(person: Any) -> list[dict[str, Any]]:
    """Each time staff opened one of the person's applications or files."""
    reads = StaffRead.objects.filter(application__applicant=person, application__is_test=False)
    return [
        {
            "application": read.application.reference,
            "at": when(read.read_at),
            "agency": read.agency,
            "role": read.role,
            "what": read.what,
        }
        for read in reads.select_related("application")[:READS_LIMIT]
    ]


def corrections_of(person: Any) -> list[dict[str, Any]]:
    """Each time an officer sent an application back to the person for corrections."""
    sent_back = Correction.objects.filter(application__applicant=person)
    return [
        {
            "application": correction.application.reference,
            "fields": correction.fields,
            "note": correction.note,
            "requested_at": when(correction.requested_at),
            "resubmitted_at": when(correction.resubmitted_at),
        }
        for correction in sent_back.select_related("application")
    ]
