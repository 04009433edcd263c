"""API clients: created with a token shown once, revoked, recognised, and kept to a rate."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dzong.accounts.limits import count_hit
from dzong.accounts.models import User
from dzong.api.models import ApiClient
from dzong.catalogue.models import Agency, Service

TOKEN_PREFIX = "dzg_"  # noqa: S105  (a marker that tells a token apart, no secret)


class ClientRefused(Exception):
    """The client cannot be created as asked; the message says why."""


@dataclass(frozen=True)
class NewClient:
    """A client just created, and its token: shown this once, never stored in clear."""

    client: ApiClient
    token: str


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (a random 256-bit token needs no slow hash)."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_client(*, name: str, agency: str, email: str, services: Iterable[str]) -> NewClient:
    """A client of `agency` that may submit to `services`; messages about its applications go
    to `email`."""
    slugs = sorted(set(services))
    owner = Agency.objects.filter(code=agency).first()
    if owner is None:
        raise ClientRefused(f"No agency {agency}.")
    unknown = set(slugs) - set(
        Service.objects.filter(slug__in=slugs).values_list("slug", flat=True)
    )
    if unknown or not slugs:
        raise ClientRefused(f"No such service: {', '.join(sorted(unknown)) or '(none given)'}.")
    if ApiClient.objects.filter(name=name).exists():
        raise ClientRefused(f"A client named {name} exists already.")
    if User.objects.filter(email__iexact=email).exists():
        raise ClientRefused(f"The address {email} belongs to an account already.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    account = User.objects.create_user(email, None, full_name=name)
    client = ApiClient.objects.create(
        name=name,
        agency=owner,
        account=account,
        services=slugs,
        token_hash=token_hash(token),
        token_prefix=token[: len(TOKEN_PREFIX) + 4],
    )
    return NewClient(client, token)


def revoke_client(*, name: str) -> ApiClient | None:
    """Refuse the client's token from now on; None if there is no such client."""
    client: ApiClient | None = ApiClient.objects.filter(name=name).first()
    if client is not None and client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
    return client


def client_for(token: str) -> ApiClient | None:
    """The client holding this token, revoked or not; None for a token nobody holds."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    found: ApiClient | None = ApiClient.objects.holding(token_hash(token))
    return found


def within_rate(client: ApiClient) -> bool:
    """Count one request of the client in this minute; False past the allowance.

    Counted in the cache every web process shares, like sign-in failures.
    """
    allowance = settings.DZONG_API_REQUESTS_PER_MINUTE
    if allowance <= 0:
        return True
    key = f"dzong:api-rate:{client.pk}:{int(timezone.now().timestamp()) // 60}"
    return count_hit(key, period=61) <= allowance
