"""Answers that complete each demo service, page by page, as a browser would post them."""

from __future__ import annotations

import re

from django.test import Client

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

BUSINESS = {
    "about-you": {
        "full_name": "Karma Wangmo",
        "cid": "11512345678",
        "date_of_birth-day": "14",
        "date_of_birth-month": "3",
        "date_of_birth-year": "1990",
        "mobile": "17123456",
        "email": "",
    },
    "your-business": {
        "business_name": "Wangmo Handicrafts",
        "activity": "handicraft",
        "dzongkhag": "thimphu",
        "employees": "3",
        "rents_premises": "no",
    },
}


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
