"""API clients made through the real command's service, and a way to call the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dzong.api.services import create_client

BUSINESS = {
    "full_name": "Karma Wangmo",
    "cid": "11512345678",
    "date_of_birth": "1990-03-14",
    "mobile": "17123456",
    "business_name": "Wangmo Handicrafts",
    "activity": "handicraft",
    "dzongkhag": "thimphu",
    "employees": 3,
    "rents_premises": False,
}
SUBMIT = "/api/v1/services/register-business/applications"


class Api:
    """Calls the API over the test client with a bearer token (CSRF checks enforced)."""

    def __init__(self, token: str | None) -> None:
        self.token = token
        self.http = Client(enforce_csrf_checks=True)

    def headers(self, key: str | None, language: str) -> dict[str, str]:
        found = {"Accept-Language": language}
        if self.token is not None:
            found["Authorization"] = f"Bearer {self.token}"
        if key is not None:
            found["Idempotency-Key"] = key
        return found

    def submit(
        self,
        answers: dict[str, Any] | None = None,
        *,
        key: str | None = None,
        language: str = "en",
        url: str = SUBMIT,
    ) -> Any:
        body = json.dumps({"answers": BUSINESS if answers is None else answers})
        return self.http.post(
            url, body, content_type="application/json", headers=self.headers(key, language)
        )

    def get(self, url: str, language: str = "en") -> Any:
        return self.http.get(url, headers=self.headers(None, language))


@pytest.fixture
def centre_token(demo) -> str:
    return create_client(
        name="thimphu-centre",
        agency="trade",
        email="centre@example.bt",
        services=["register-business"],
    ).token


@pytest.fixture
def api(centre_token) -> Api:
    return Api(centre_token)


@pytest.fixture
def other_api(demo) -> Api:
    token = create_client(
        name="paro-centre", agency="trade", email="paro@example.bt", services=["register-business"]
    ).token
    return Api(token)
