"""Fixtures of the notifications tests: tasks run at once, so emails reach the SMTP server."""

import pytest


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
