"""Appeals and complaints as people read them, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dzong.accounts.administration import ADMINISTRATOR
from dzong.appeals.models import Appeal
from dzong.applications.models import Event
from dzong.engine.formatting import format_moment
from dzong.workflow.queries import SUPERVISOR, staff_roles

KINDS = {
    Appeal.Kind.APPEAL: gettext_lazy("Appeal"),
    Appeal.Kind.COMPLAINT: gettext_lazy("Complaint"),
}
STATUSES = {
    Appeal.Status.OPEN: gettext_lazy("Being looked at"),
    Appeal.Status.UPHELD: gettext_lazy("Decision upheld"),
    Appeal.Status.OVERTURNED: gettext_lazy("Decision overturned: considered again"),
    Appeal.Status.ANSWERED: gettext_lazy("Answered"),
}


@dataclass(frozen=True)
class AppealRow:
    """One appeal or complaint, ready to show."""

    reference: str
    kind: str
    status: str
    made: str
    due: str
    text: str
    answer: str
    is_open: bool


def _moment(value: Any, language: str) -> str:
    return format_moment(timezone.localtime(value), language) if value else ""


def appeal_rows(appeals: QuerySet[Appeal] | list[Appeal], language: str) -> list[AppealRow]:
    """Appeals and complaints as rows of text in `language`."""
    return [
        AppealRow(
            reference=appeal.reference,
            kind=str(KINDS[Appeal.Kind(appeal.kind)]),
            status=str(STATUSES[Appeal.Status(appeal.status)]),
            made=_moment(appeal.created_at, language),
            due=_moment(appeal.due_at, language),
            text=appeal.text,
            answer=appeal.answer,
            is_open=appeal.is_open,
        )
        for appeal in appeals
    ]


def describe_appeal_event(event: Event) -> str:
    """The timeline's line for an appeal's or complaint's event ('' for other events)."""
    reference = (event.details or {}).get("appeal", "")
    outcome = (event.details or {}).get("outcome", "")
    if event.kind == Event.Kind.APPEALED:
        return _("Appeal %(reference)s made") % {"reference": reference}
    if event.kind == Event.Kind.APPEAL_DECIDED and outcome == Appeal.Status.OVERTURNED:
        return _("Appeal %(reference)s: decision overturned") % {"reference": reference}
    if event.kind == Event.Kind.APPEAL_DECIDED:
        return _("Appeal %(reference)s: decision upheld") % {"reference": reference}
    if event.kind == Event.Kind.COMPLAINED:
        return _("Complaint %(reference)s made") % {"reference": reference}
    if event.kind == Event.Kind.COMPLAINT_ANSWERED:
        return _("Complaint %(reference)s answered") % {"reference": reference}
    return ""


def appeals_for(staff: Any) -> QuerySet[Appeal]:
    """The appeals and complaints of the roles this member of staff holds (an agency's
    supervisors see its appeals, its administrators its complaints); nothing for others."""
    query = Q(pk__in=[])
    for agency, role in staff_roles(staff):
        if role == SUPERVISOR:
            query |= Q(agency=agency, kind=Appeal.Kind.APPEAL)
        elif role == ADMINISTRATOR:
            query |= Q(agency=agency, kind=Appeal.Kind.COMPLAINT)
        else:
            query |= Q(agency=agency, role=role, kind=Appeal.Kind.APPEAL)
    return Appeal.objects.filter(query).select_related("application__service_version__service")
