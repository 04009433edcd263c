"""Helpers of the back office's tests: a client signed in as staff with both factors."""

from __future__ import annotations

from typing import Any

from django.test import Client

from dzong.web.staff_access import VERIFIED


def office_client(staff: Any) -> Client:
    """A client signed in to the back office as this member of staff."""
    client = Client()
    client.force_login(staff)
    session = client.session
    session[VERIFIED] = staff.pk
    session.save()
    return client
