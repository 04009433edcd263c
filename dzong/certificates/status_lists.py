"""Fetching a credential's status list as any verifier would: by its URL.

A resolver turns a status list URL into the status list credential (a vc+jwt). Our own site's
lists are served in-process by the very view that publishes them, so verifying needs no loop
through the network; any other URL is fetched over HTTP(S), with a timeout and a size limit.
The fetched credential is trusted only after its signature, issuer and purpose are checked.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import Protocol

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import Resolver404, resolve

STATUS_LIST_VIEW = "credentials:status_list"
MAX_BYTES = 1024 * 1024  # a 16 KB list gzipped and signed is far smaller
TIMEOUT_SECONDS = 5.0


class StatusListUnavailable(Exception):
    """The status list could not be had, so revocation cannot be ruled out."""


class StatusListResolver(Protocol):
    """Turns a status list URL into the status list credential found there."""

    def fetch(self, url: str) -> str: ...


class InProcessResolver:
    """Our own site's status lists, asked of the view that serves them, without HTTP."""

    def fetch(self, url: str) -> str:
        path = urllib.parse.urlsplit(url).path
        try:
            match = resolve(path)
        except Resolver404 as error:
            raise StatusListUnavailable(f"{url} is not a status list of ours.") from error
        if match.view_name != STATUS_LIST_VIEW:
            raise StatusListUnavailable(f"{url} is not a status list of ours.")
        request = HttpRequest()
        request.method = "GET"
        request.path = request.path_info = path
        try:
            response = match.func(request, *match.args, **match.kwargs)
        except Http404 as error:  # the view's answer for an agency with no list
            raise StatusListUnavailable(f"{url} answered 404.") from error
        if response.status_code != 200:
            raise StatusListUnavailable(f"{url} answered {response.status_code}.")
        return bytes(response.content).decode()


class HttpResolver:
    """Status lists of other sites, fetched over HTTP(S)."""

    def fetch(self, url: str) -> str:
        if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
            raise StatusListUnavailable(f"{url} is not a web address.")
        request = urllib.request.Request(url, headers={"Accept": "application/vc+jwt"})  # noqa: S310  # scheme checked above
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                body: bytes = response.read(MAX_BYTES + 1)
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise StatusListUnavailable(f"{url} could not be fetched.") from error
        if len(body) > MAX_BYTES:
            raise StatusListUnavailable(f"{url} is too large for a status list.")
        return body.decode("utf-8", "replace")


class SiteResolver:
    """In-process for URLs of this site (DZONG_SITE_URL), over HTTP for any other."""

    def __init__(self) -> None:
        self.own = InProcessResolver()
        self.other = HttpResolver()

    def fetch(self, url: str) -> str:
        site = settings.DZONG_SITE_URL.rstrip("/") + "/"
        return (self.own if url.startswith(site) else self.other).fetch(url)
