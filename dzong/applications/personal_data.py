"""Everything Dzong holds about one person, for them to take away (their own data only).

Each app that holds something about a person contributes its part (`register_part`, in its
`AppConfig.ready`), as the audit log's row kinds are registered: this module imports no app
above `applications`, and each part is plain JSON values. The files themselves (what the
person uploaded, their certificates' PDFs) are listed in the data and packed beside it in a
zip, written to a temporary file as it goes (never whole in memory) and streamed.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from django.db.models.fields.files import FieldFile
from django.utils import timezone

from dzong.applications.models import Application, Attachment

Part = Callable[[Any], Any]  # the person -> JSON values
FileSource = Callable[[Any], Iterator[tuple[str, FieldFile]]]  # the person -> (zip path, file)

PARTS: dict[str, Part] = {}
FILE_SOURCES: dict[str, FileSource] = {}
FORMAT = "dzong.personal-data/1"
FILES_LIMIT = 2000  # files in one download, at most; their list is complete either way


def register_part(name: str, collect: Part, files: FileSource | None = None) -> None:
    """Let `personal_data` include `name`: what `collect(person)` returns, and the stored
    files `files(person)` names."""
    PARTS[name] = collect
    if files is not None:
        FILE_SOURCES[name] = files


def when(moment: dt.datetime | dt.date | None) -> str | None:
    """A moment as the export writes it (ISO 8601, UTC), or None."""
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        return moment.astimezone(dt.UTC).isoformat()
    return moment.isoformat()


def personal_data(person: Any) -> dict[str, Any]:
    """Everything held about this person, part by part, in plain JSON values."""
    found: dict[str, Any] = {"format": FORMAT, "generated_at": when(timezone.now())}
    for name in ["applications", *sorted(set(PARTS) - {"applications"})]:
        if name in PARTS:
            found[name] = PARTS[name](person)
    return found


def applications_of(person: Any) -> list[dict[str, Any]]:
    """The person's applications (test runs aside): answers, files, events, registrations."""
    mine = Application.objects.visible_to(person).real().with_service().order_by("created_at")
    mine = mine.prefetch_related("attachments", "events", "registrations", "registration_states")
    return [_application(application) for application in mine]


def _application(application: Application) -> dict[str, Any]:
    version = application.service_version
    return {
        "reference": application.reference,
        "service": version.service.slug,
        "service_title": application.definition.title.get(application.language),
        "version": version.number,
        "status": application.status,
        "language": application.language,
        "created_at": when(application.created_at),
        "submitted_at": when(application.submitted_at),
        "decided_at": when(application.decided_at),
        "answers": application.answers,
        "files": [_file(attachment) for attachment in application.attachments.all()],
        "events": [_event(event) for event in application.events.all()],
        "registrations": [
            {"code": r.code, "agency": r.agency, "number": r.number, "issued_at": when(r.issued_at)}
            for r in application.registrations.all()
        ],
        "registration_outcomes": [
            {"code": s.code, "outcome": s.outcome, "decided_at": when(s.decided_at)}
            for s in application.registration_states.all()
        ],
    }


def attachment_path(attachment: Attachment) -> str:
    """Where a file the person uploaded lies in the zip."""
    return f"files/{attachment.application.reference}/{attachment.pk}-{attachment.name}"


def _file(attachment: Attachment) -> dict[str, Any]:
    return {
        "field": attachment.field,
        "name": attachment.name,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "sha256": attachment.sha256,
        "uploaded_at": when(attachment.created_at),
        "in_zip": attachment_path(attachment),
    }


def _event(event: Any) -> dict[str, Any]:
    """An event, with who acted named by kind only (the person, staff, or the system)."""
    if event.actor_id is None:
        actor = "system"
    elif event.actor_id == event.application.applicant_id:
        actor = "you"
    else:
        actor = "staff"
    return {
        "kind": event.kind,
        "at": when(event.created_at),
        "actor": actor,
        "from_step": event.from_step,
        "to_step": event.to_step,
        "details": event.details,
    }


def uploaded_files(person: Any) -> Iterator[tuple[str, FieldFile]]:
    """The files the person uploaded, with their place in the zip."""
    mine = Attachment.objects.visible_to(person).filter(application__is_test=False)
    for attachment in mine.select_related("application").order_by("pk"):
        yield attachment_path(attachment), attachment.file


def personal_data_zip(person: Any) -> IO[bytes]:
    """A zip of `data.json` and the files it lists, in a temporary file, read from the start."""
    data = personal_data(person)
    archive: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as packed:
        packed.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for count, (path, stored) in enumerate(_files(person)):
            if count >= FILES_LIMIT:
                break
            _pack(packed, path, stored)
    archive.seek(0)
    return archive


def _files(person: Any) -> Iterator[tuple[str, FieldFile]]:
    for source in FILE_SOURCES.values():
        yield from source(person)


def _pack(packed: zipfile.ZipFile, path: str, stored: FieldFile) -> None:
    """Copy one stored file into the zip in chunks; a file gone from storage is left out."""
    if not stored.name or not stored.storage.exists(stored.name):
        return
    with stored.storage.open(stored.name, "rb") as source, packed.open(path, "w") as target:
        for chunk in iter(lambda: source.read(1024 * 1024), b""):
            target.write(chunk)
