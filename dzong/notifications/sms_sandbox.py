"""A sandbox SMS gateway for the demo: takes text messages as the "http" gateway sends them
and shows the latest on a page, in place of the phones they were for.

Run it beside Dzong: `python -m dzong.notifications.sms_sandbox --port 8003`, with
DZONG_SMS_GATEWAY=http and DZONG_SMS_URL=http://127.0.0.1:8003/messages (`make demo` does).

- POST /messages ({"to", "text", "sender"} as JSON) keeps the message and answers its id.
- GET / is the page of the latest 50 messages, newest first (it holds nothing else, and
  forgets them when it stops).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import secrets
import threading
from collections import deque
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEPT = 50
LARGEST = 10_000  # bytes of one request


@dataclass(frozen=True)
class TextMessage:
    """A message the sandbox received."""

    id: str
    to: str
    text: str
    received_at: dt.datetime


class Handler(BaseHTTPRequestHandler):
    server: SmsSandbox

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if self.path != "/messages" or not 0 < length <= LARGEST:
            self._answer(HTTPStatus.BAD_REQUEST, "application/json", b"{}")
            return
        try:
            payload = json.loads(self.rfile.read(length))
            message = self.server.keep(str(payload["to"])[:20], str(payload["text"])[:1600])
        except (ValueError, KeyError, TypeError):
            self._answer(HTTPStatus.BAD_REQUEST, "application/json", b"{}")
            return
        self._answer(HTTPStatus.OK, "application/json", json.dumps({"id": message.id}).encode())

    def do_GET(self) -> None:
        if self.path != "/":
            self._answer(HTTPStatus.NOT_FOUND, "text/plain", b"Not found")
            return
        self._answer(HTTPStatus.OK, "text/html; charset=utf-8", self.server.page().encode())

    def _answer(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", "default-src 'none'")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass  # the messages are the demo's people's: not in the console


class SmsSandbox(ThreadingHTTPServer):
    """The HTTP server holding the latest messages."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, Handler)
        self.messages: deque[TextMessage] = deque(maxlen=KEPT)
        self.lock = threading.Lock()

    def keep(self, to: str, text: str) -> TextMessage:
        """Keep one message received; the oldest goes past 50."""
        message = TextMessage(f"sandbox-{secrets.token_hex(6)}", to, text, dt.datetime.now(dt.UTC))
        with self.lock:
            self.messages.appendleft(message)
        return message

    def page(self) -> str:
        """The latest messages, newest first."""
        with self.lock:
            rows = [
                f"<li><p><b>{html.escape(m.to)}</b> at {m.received_at:%H:%M:%S} UTC</p>"
                f"<p>{html.escape(m.text)}</p></li>"
                for m in self.messages
            ]
        listed = "".join(rows) or "<li>No messages yet.</li>"
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Sandbox SMS gateway</title></head><body><main>"
            "<h1>Sandbox SMS gateway</h1><p>Text messages Dzong sent, newest first. "
            "Reload to see new ones.</p>"
            f"<ul>{listed}</ul></main></body></html>"
        )

    @property
    def public_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


def main(argv: list[str] | None = None) -> None:
    """Serve the sandbox SMS gateway until interrupted."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8003)
    options = parser.parse_args(argv)
    server = SmsSandbox((options.host, options.port))
    print(f"Sandbox SMS gateway on {server.public_url}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
