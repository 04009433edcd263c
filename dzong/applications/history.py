"""An application's events read against the audit log, which no one can rewrite unseen: each
event says whether it is still as the log recorded it, and who the log says acted."""

from __future__ import annotations

from dataclasses import dataclass

from dzong.applications.models import Application, Event
from dzong.applications.services import event_digest
from dzong.audit.models import Entry

AS_LOGGED = "as_logged"
CHANGED = "changed"  # the row differs from what the log recorded
UNLOGGED = "unlogged"  # written behind the log's back: the log has no entry for it
DELETED = "deleted"  # the log vouches for an event that is gone
BEFORE_LOG = "before_log"  # older than the log itself: nothing to check it against


@dataclass(frozen=True)
class LoggedEvent:
    """An event beside its audit entry; a deleted event is rebuilt (unsaved) from what its
    entry kept: its kind, steps and moment."""

    event: Event
    standing: str
    logged_actor: str  # as the log names them: "staff:7", "applicant:9", "person:9", "system"


def events_against_log(application: Application) -> list[LoggedEvent]:
    """The application's events, each checked against the audit log, in the log's order; the
    events the log vouches for but that were deleted stand where they were; events the log
    never saw come last."""
    entries = Entry.objects.filter(
        subject=f"application:{application.reference}", data__row__kind="event"
    ).order_by("position")
    events = {event.pk: event for event in application.events.select_related("actor")}
    found: list[LoggedEvent] = []
    for entry in entries:
        vouched = entry.data["row"]
        pk = vouched.get("id")
        event = events.pop(pk, None) if isinstance(pk, int) else None
        if event is None:
            standing, event = DELETED, _rebuilt(entry, application)
        elif event_digest(event) == vouched.get("digest"):
            standing = AS_LOGGED
        else:
            standing = CHANGED
        found.append(LoggedEvent(event, standing, entry.actor))
    first = Entry.objects.order_by("position").values_list("recorded_at", flat=True).first()
    for event in events.values():
        older = first is None or event.created_at < first
        found.append(LoggedEvent(event, BEFORE_LOG if older else UNLOGGED, ""))
    return found


def _rebuilt(entry: Entry, application: Application) -> Event:
    data = entry.data
    return Event(
        application=application,
        kind=entry.action.removeprefix("application."),
        from_step=str(data.get("from") or ""),
        to_step=str(data.get("to") or ""),
        details={},
        created_at=entry.recorded_at,
    )
