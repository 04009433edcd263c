"""Test settings shared by every app's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent
CONFORMANCE = REPO.parent / "shared" / "conformance" / "jsonlogic" / "tests.json"
EDGE_CASES = REPO / "dzong" / "engine" / "cases" / "edge_cases.json"
DEMO_SERVICES = REPO / "demo" / "services"


@pytest.fixture(autouse=True)
def _plain_static_files(settings: pytest.FixtureRequest) -> None:
    """Tests serve static files as they are, without the collected manifest."""
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Files applicants upload in tests land in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
