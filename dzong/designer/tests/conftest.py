"""Fixtures of the designer's tests: designers of the RSTA and the CAA, and drafts to edit."""

from __future__ import annotations

import pytest

from dzong.catalogue.models import ServiceVersion
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff


@pytest.fixture
def designer(demo):
    return office_client(staff("designer", "rsta"))


def open_draft(client, slug: str) -> ServiceVersion:
    """A draft of the service's current version, opened through the designer."""
    version = ServiceVersion.objects.current_for(slug)
    client.post(f"/designer/{slug}/versions/{version.number}/draft/")
    return ServiceVersion.objects.get(service__slug=slug, status="draft")


@pytest.fixture
def bus_draft(designer) -> ServiceVersion:
    return open_draft(designer, "bus-route-permit")


@pytest.fixture
def aviation_designer(demo):
    """A designer of the Civil Aviation Authority, which owns the drone permit."""
    return office_client(staff("designer", "caa"))


@pytest.fixture
def drone_draft(aviation_designer) -> ServiceVersion:
    return open_draft(aviation_designer, "drone-permit")
