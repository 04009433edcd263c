"""The account's part of a person's data: what they told us and what the national identity
vouched for."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from dzong.applications.personal_data import when


def account_of(person: Any) -> dict[str, Any]:
    """The account, and the verified identity if there is one."""
    try:
        identity = person.verified_identity
    except ObjectDoesNotExist:
        identity = None
    return {
        "email": person.email,
        "name": person.full_name,
        "preferred_language": person.preferred_language,
        "joined_at": when(person.date_joined),
        "last_sign_in_at": when(person.last_login),
        "verified_identity": None
        if identity is None
        else {
            "citizenship_id": identity.citizenship_id,
            "name": identity.name,
            "date_of_birth": when(identity.date_of_birth),
            "verified_by": identity.provider,
            "verified_at": when(identity.verified_at),
        },
    }
