"""The audit log: append an entry, sign the chain's head, and check the whole chain.

Each entry's digest covers its own content and the digest of the entry before it, so an entry
edited, deleted or moved breaks the chain from there on. Appending locks the chain's head in
the caller's transaction: entries are chained in the order their transactions commit, and an
entry whose transaction rolls back leaves no gap. The head is signed each day (a checkpoint
anyone may keep), so that even a chain recomputed from an edit on is found out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from django.db import IntegrityError, transaction
from django.utils import timezone
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from dzong.audit.models import AuditKey, Checkpoint, Entry, Head
from dzong.keyring import jwk_of, seal_key, unseal_key

GENESIS = hashlib.sha256(b"dzong audit log").hexdigest()
MEDIA_TYPE = "dzong-audit-checkpoint+jwt"
HEAD = 1  # the head's row
DATA_LIMIT = 4096  # characters of an entry's data: identifiers and short facts, never documents


# Rows kept elsewhere that entries vouch for: a kind of row, and how to read one's digest now
# (None: the row is gone). Each app registers its own kinds; the audit log imports no app.
ROW_KINDS: dict[str, Callable[[int], str | None]] = {}


def register_row_kind(kind: str, current_digest: Callable[[int], str | None]) -> None:
    """Let `verify` check rows of `kind` against the digests entries recorded for them."""
    ROW_KINDS[kind] = current_digest


def content_digest(content: dict[str, Any]) -> str:
    """The digest of a row's content (JSON values), as an entry records it."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def row(kind: str, pk: int, digest: str) -> dict[str, Any]:
    """An entry's reference to a row it vouches for."""
    return {"kind": kind, "id": pk, "digest": digest}


def actor_of(user: Any) -> str:
    """How the log names who acted: a member of staff, an applicant, or the system."""
    if user is None or not getattr(user, "pk", None):
        return "system"
    return f"{'staff' if user.is_staff else 'applicant'}:{user.pk}"


def digest_of(
    *,
    position: int,
    recorded_at: dt.datetime,
    actor: str,
    action: str,
    subject: str,
    data: dict[str, Any],
    previous: str,
) -> str:
    """The digest of an entry: its content and the digest of the entry before it."""
    return content_digest(
        {
            "position": position,
            "recorded_at": recorded_at.astimezone(dt.UTC).isoformat(),
            "actor": actor,
            "action": action,
            "subject": subject,
            "data": data,
            "previous": previous,
        }
    )


@dataclass(frozen=True)
class Record:
    """One thing to append: who, what, to what, and identifiers or short facts."""

    actor: str
    action: str
    subject: str
    data: dict[str, Any] = field(default_factory=dict)


def append(*, actor: str, action: str, subject: str, data: dict[str, Any] | None = None) -> Entry:
    """Add an entry at the end of the chain, in the caller's transaction."""
    return append_all([Record(actor, action, subject, data or {})])[0]


def append_all(records: Sequence[Record]) -> list[Entry]:
    """Add entries at the end of the chain, in order, in the caller's transaction: the head is
    locked once, the entries written at once."""
    for record in records:
        if len(json.dumps(record.data, ensure_ascii=False)) > DATA_LIMIT:
            raise ValueError("An audit entry's data is limited to identifiers and short facts.")
    if not records:
        return []
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        entries, previous, now = [], head.digest, timezone.now()
        for number, record in enumerate(records, start=head.position + 1):
            entry = Entry(
                position=number,
                recorded_at=now,
                actor=record.actor[:120],
                action=record.action[:60],
                subject=record.subject[:120],
                data=record.data,
                previous=previous,
            )
            entry.digest = previous = _digest(entry)
            entries.append(entry)
        Entry.objects.bulk_create(entries)
        Head.objects.filter(pk=HEAD).update(position=entries[-1].position, digest=previous)
    return entries


def _locked_head() -> Head:
    """The one head row, locked (made by the first append; two first appends make it once)."""
    found = Head.objects.select_for_update().filter(pk=HEAD).first()
    if found is not None:
        return found
    with contextlib.suppress(IntegrityError), transaction.atomic():
        Head.objects.create(pk=HEAD, position=0, digest=GENESIS)
    return Head.objects.select_for_update().get(pk=HEAD)


def _digest(entry: Entry) -> str:
    return digest_of(
        position=entry.position,
        recorded_at=entry.recorded_at,
        actor=entry.actor,
        action=entry.action,
        subject=entry.subject,
        data=entry.data,
        previous=entry.previous,
    )


def sign_checkpoint() -> Checkpoint:
    """Sign the chain's head as it is now, for anyone to keep and compare later."""
    head = Head.objects.filter(pk=HEAD).first() or Head(position=0, digest=GENESIS)
    signed_at = timezone.now()
    payload = {
        "position": head.position,
        "digest": head.digest,
        "signed_at": signed_at.astimezone(dt.UTC).isoformat(),
    }
    key = current_key()
    header = {"alg": "ES256", "typ": MEDIA_TYPE, "kid": key.key_id}
    body = json.dumps(payload, separators=(",", ":")).encode()
    token = jws.serialize_compact(header, body, _private_jwk(key))
    return Checkpoint.objects.create(
        position=head.position, digest=head.digest, signed_at=signed_at, token=token
    )


def current_key() -> AuditKey:
    """The key that signs checkpoints: made, once, the first time one is needed."""
    found = AuditKey.objects.order_by("-created_at", "-pk").first()
    if found is not None:
        return found
    private = ec.generate_private_key(ec.SECP256R1())
    public = jwk_of(private.public_key())
    key_id = public.thumbprint()
    jwk = {**public.as_dict(private=False), "kid": key_id, "use": "sig", "alg": "ES256"}
    made, _ = AuditKey.objects.get_or_create(
        key_id=key_id, defaults={"private_key": seal_key(private), "public_jwk": jwk}
    )
    return made


def _private_jwk(key: AuditKey) -> ECKey:
    return jwk_of(unseal_key(key.private_key))


def public_keys() -> list[dict[str, Any]]:
    """Every key that signed checkpoints, as JSON Web Keys, for anyone checking them."""
    return [key.public_jwk for key in AuditKey.objects.order_by("created_at", "pk")]


def signed_checkpoint(token: str) -> dict[str, Any] | None:
    """The payload of a checkpoint one of the audit keys signed; else None."""
    try:
        kid = str(jws.extract_compact(token.encode()).headers().get("kid", ""))
        key = AuditKey.objects.filter(key_id=kid).first()
        if key is None:
            return None
        public = ECKey.import_key(key.public_jwk)
        payload = json.loads(jws.deserialize_compact(token, public).payload)
    except (JoseError, ValueError, TypeError):
        return None
    return payload if isinstance(payload, dict) else None


@dataclass(frozen=True)
class Problem:
    """The first place where the log is not as it was written."""

    position: int
    what: str


@dataclass(frozen=True)
class Report:
    """What `verify` checked, and the first problem it found (None: the log is whole)."""

    entries: int
    checkpoints: int
    problem: Problem | None


def verify() -> Report:
    """Check every entry's digest and link, the head, and every checkpoint's signature and
    agreement with the chain; report the first entry edited, deleted or moved."""
    checkpoints = _checkpoints_by_position()
    if isinstance(checkpoints, Problem):
        return Report(0, 0, checkpoints)
    running, position = GENESIS, 0
    removed = _removed_subjects()
    for entry in _entries():
        problem = (
            _misplaced(entry, position + 1, running)
            or _not_checkpointed(entry, checkpoints)
            or _row_changed(entry, removed)
        )
        if problem:
            return Report(position, len(checkpoints), problem)
        running, position = entry.digest, entry.position
    problem = _head_problem(position, running) or _checkpoint_beyond(position, checkpoints)
    return Report(position, len(checkpoints), problem)


def _entries() -> Iterator[Entry]:
    return Entry.objects.order_by("position").iterator(chunk_size=2000)


def _misplaced(entry: Entry, expected: int, running: str) -> Problem | None:
    if entry.position != expected:
        return Problem(expected, f"entry {expected} was deleted")
    if entry.previous != running:
        return Problem(expected, f"entry {expected} does not follow the entry before it")
    if _digest(entry) != entry.digest:
        return Problem(expected, f"entry {expected} was edited")
    return None


def _removed_subjects() -> set[str]:
    """Subjects whose rows a later entry says were removed on purpose (past their retention
    period): their rows may be gone, never edited. Those entries are in the chain like any."""
    removals = Entry.objects.filter(action__endswith=".removed", data__rows_removed=True)
    return set(removals.values_list("subject", flat=True))


def _row_changed(entry: Entry, removed: set[str]) -> Problem | None:
    """The row the entry vouches for, if it was edited or deleted since (deleted is no
    problem when its subject was removed on purpose)."""
    vouched = entry.data.get("row") if isinstance(entry.data, dict) else None
    if not isinstance(vouched, dict) or vouched.get("kind") not in ROW_KINDS:
        return None
    kind, pk = vouched["kind"], vouched.get("id")
    now = ROW_KINDS[kind](int(pk)) if isinstance(pk, int) else None
    if now is None and entry.subject in removed:
        return None
    if now is None:
        return Problem(entry.position, f"the {kind} {pk} of entry {entry.position} was deleted")
    if now != vouched.get("digest"):
        return Problem(entry.position, f"the {kind} {pk} of entry {entry.position} was edited")
    return None


def _checkpoints_by_position() -> dict[int, list[Checkpoint]] | Problem:
    found: dict[int, list[Checkpoint]] = {}
    for checkpoint in Checkpoint.objects.order_by("position", "pk"):
        payload = signed_checkpoint(checkpoint.token)
        if payload is None or (payload.get("position"), payload.get("digest")) != (
            checkpoint.position,
            checkpoint.digest,
        ):
            return Problem(
                checkpoint.position, f"the checkpoint at {checkpoint.position} is forged"
            )
        found.setdefault(checkpoint.position, []).append(checkpoint)
    return found


def _not_checkpointed(entry: Entry, checkpoints: dict[int, list[Checkpoint]]) -> Problem | None:
    if any(c.digest != entry.digest for c in checkpoints.get(entry.position, [])):
        return Problem(
            entry.position,
            f"the chain up to entry {entry.position} was rewritten after it was signed",
        )
    return None


def _head_problem(position: int, running: str) -> Problem | None:
    head = Head.objects.filter(pk=HEAD).first()
    if head is None or (head.position, head.digest) == (position, running):
        return None
    if head.position > position:
        return Problem(position + 1, f"entries {position + 1} to {head.position} were deleted")
    return Problem(position, "the chain's head does not match its last entry")


def _checkpoint_beyond(position: int, checkpoints: dict[int, list[Checkpoint]]) -> Problem | None:
    later = [p for p in checkpoints if p > position]
    if later:
        return Problem(position + 1, f"entries {position + 1} to {max(later)} were deleted")
    return None
