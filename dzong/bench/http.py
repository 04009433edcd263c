"""A small HTTP client that keeps cookies, as one applicant's browser would."""

from __future__ import annotations

import gzip
import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass, field


@dataclass
class Reply:
    """A response: status, where it leads, its body, its size on the wire and its duration."""

    status: int
    location: str
    body: str
    wire_bytes: int
    seconds: float
    cache_control: str = ""


@dataclass
class Browser:
    """Keeps one connection and the cookies the server sets."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        host = urllib.parse.urlsplit(self.base)
        self.connection = http.client.HTTPConnection(host.hostname or "", host.port, timeout=30)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Reply:
        headers = {"Accept-Encoding": "gzip", "Cookie": self._cookie_header()}
        body = urllib.parse.urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        response, raw = self._exchange(method, path, body, headers)
        seconds = time.perf_counter() - started
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        text = gzip.decompress(raw) if response.getheader("Content-Encoding") == "gzip" else raw
        return Reply(
            response.status,
            response.getheader("Location") or "",
            text.decode("utf-8", "replace"),
            len(raw),
            seconds,
            response.getheader("Cache-Control") or "",
        )

    def _exchange(
        self, method: str, path: str, body: str | None, headers: dict[str, str]
    ) -> tuple[http.client.HTTPResponse, bytes]:
        """Send once more on a new connection if the server had closed an idle one.

        Safe to repeat: every form of the journey carries its own idempotency key.
        """
        try:
            return self._send(method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.connection.close()
            return self._send(method, path, body, headers)

    def _send(
        self, method: str, path: str, body: str | None, headers: dict[str, str]
    ) -> tuple[http.client.HTTPResponse, bytes]:
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        return response, response.read()

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Reply:
        return self.request("POST", path, form)

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def close(self) -> None:
        self.connection.close()


def hidden(html: str, name: str) -> str:
    """The value of a hidden input of the page."""
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    if found is None:
        raise AssertionError(f"No {name} on the page")
    return found.group(1)
