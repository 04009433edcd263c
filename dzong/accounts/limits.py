"""Counts behind sign-in lockouts and rate limits, kept in the cache every process shares."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpRequest

from dzong.cache import DatabaseCache


def count_hit(key: str, *, period: int) -> int:
    """Count one more under `key` over `period` seconds from the first; the count so far."""
    shared = caches["default"]
    if isinstance(shared, DatabaseCache):
        return shared.count(key, timeout=period)
    if cache.add(key, 1, timeout=period):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # the count lapsed in between
        cache.set(key, 1, timeout=period)
        return 1


def client_address(request: HttpRequest) -> str:
    """The address the request came from (behind a proxy, the one the proxy saw last)."""
    if settings.DZONG_BEHIND_PROXY:
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return str(request.META.get("REMOTE_ADDR", ""))
