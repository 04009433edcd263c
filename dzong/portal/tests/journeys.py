"""Answers that complete each demo service, page by page, as a browser would post them."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from dzong.bench.journey import ABOUT_YOU, business
from dzong.catalogue.services import import_definition, publish_version
from dzong.engine.loader import dump_yaml
from dzong.engine.tests.support import demo_document
from dzong.web.staff_access import VERIFIED
from dzong.workflow.tests.factories import PDF as PDF  # shared with the portal tests
from dzong.workflow.tests.factories import PNG as PNG

BUSINESS = {
    "about-you": {**ABOUT_YOU, "email": ""},
    "your-business": business("Wangmo Handicrafts"),
}


def session_for(user: Any) -> str:
    """A signed-in session made on the server, for a browser's cookie; a member of staff's
    has passed both factors, as the staff's sign-in leaves it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.is_staff:
        session[VERIFIED] = user.pk
    session.create()
    return str(session.session_key)


def publish_business_with_goods() -> None:
    """Register a business with a question shown only for general trading, on the same page."""
    document = demo_document("register-business")
    page = next(p for p in document["pages"] if p["code"] == "your-business")
    page["fields"].insert(
        2,
        {
            "code": "goods",
            "type": "text",
            "label": {"en": "Goods you trade", "dz": "ཚོང་ཅ་ལ།"},
            "show_if": {"==": [{"var": "activity"}, "trading"]},
        },
    )
    publish_version(version=import_definition(text=dump_yaml(document)))


def post_page(client: Client, url: str, data: dict[str, object]) -> str:
    """Post one page and return where it leads; fails with the page's errors if it stays."""
    response = client.post(url, data)
    if response.status_code != 302:
        errors = re.findall(r'class="govuk-error-message">(.*?)</p>', response.text, re.S)
        raise AssertionError(f"{url} stayed ({response.status_code}): {errors}")
    return str(response["Location"])


def submission_key(html: str) -> str:
    found = re.search(r'name="submission_key" value="([^"]+)"', html)
    assert found, "the check page has no submission key"
    return found.group(1)


def fill_business(client: Client, answers: dict[str, dict[str, object]] = BUSINESS) -> str:
    """Fill every page of Register a business; the URL of the check page."""
    url = post_page(client, "/services/register-business/apply/", answers["about-you"])
    return post_page(client, url, answers["your-business"])


def submit(client: Client, check_url: str) -> str:
    """Declare and submit from the check page; the confirmation URL."""
    key = submission_key(client.get(check_url).text)
    return post_page(client, check_url, {"declaration": "yes", "submission_key": key})
