"""The demo's sandbox SMS gateway: what the "http" gateway sends it is shown on its page."""

import threading

import pytest
import requests

from dzong.notifications.gateways import current_gateway
from dzong.notifications.sms_sandbox import SmsSandbox


@pytest.fixture
def sandbox(settings):
    server = SmsSandbox(("127.0.0.1", 0))
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    settings.DZONG_SMS_GATEWAY = "http"
    settings.DZONG_SMS_URL = f"{server.public_url}/messages"
    yield server
    server.shutdown()
    server.server_close()


def test_messages_sent_through_the_http_gateway_are_shown_newest_first_and_escaped(sandbox):
    first = current_gateway().send(to="+97517123456", text="Your Dzong code is 123456.")
    current_gateway().send(to="+97577123456", text="<script>x</script>")
    assert first.startswith("sandbox-")
    response = requests.get(sandbox.public_url + "/", timeout=5)
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    page = response.text
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.index("+97577123456") < page.index("+97517123456")
    assert "Your Dzong code is 123456." in page


def test_a_request_that_is_not_a_message_is_refused(sandbox):
    refused = requests.post(sandbox.public_url + "/messages", data=b"[1]", timeout=5)
    assert refused.status_code == 400
    assert sandbox.messages == type(sandbox.messages)(maxlen=50)
