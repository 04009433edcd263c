"""Background work of the audit log: the daily signed checkpoint."""

from __future__ import annotations

from django_tasks import task

from dzong.audit.services import sign_checkpoint


@task()
def sign_daily_checkpoint() -> None:
    """Sign the chain's head (safe to run twice: a second checkpoint of the same head agrees)."""
    sign_checkpoint()
