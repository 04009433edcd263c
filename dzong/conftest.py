"""Fixtures shared by the apps' tests: the demo services and an applicant."""

import io

import pytest
from django.core.management import call_command

from dzong.accounts.models import User


@pytest.fixture
def demo(db: None) -> None:
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def applicant(demo: None) -> User:
    return User.objects.create_user("karma@example.bt", None)
