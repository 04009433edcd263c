"""Fixtures of the designer's tests: a designer of the RSTA and a draft of the bus route permit."""

from __future__ import annotations

import pytest

from dzong.catalogue.models import ServiceVersion
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff


@pytest.fixture
def designer(demo):
    return office_client(staff("designer", "rsta"))


@pytest.fixture
def bus_draft(designer) -> ServiceVersion:
    version = ServiceVersion.objects.current_for("bus-route-permit")
    designer.post(f"/designer/bus-route-permit/versions/{version.number}/draft/")
    return ServiceVersion.objects.get(service__slug="bus-route-permit", status="draft")
