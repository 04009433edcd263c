"""Background work of certificates: issuing after approval, and renewal reminders."""

from __future__ import annotations

from django_tasks import task


# Below the default priority: the applicant hears "received" before "your certificates".
@task(priority=-10)
def issue_registration_certificates(*, registration_ids: list[int]) -> list[str]:
    """Issue the certificates of newly granted registrations, then tell the applicant.

    Idempotent: a retry keeps the certificates already issued and sends nothing twice.
    """
    from dzong.certificates.services import issue_and_announce

    return issue_and_announce(registration_ids=registration_ids)


@task()
def remind_expiring_certificates() -> int:
    """Remind holders of certificates that expire soon (daily); each certificate once."""
    from dzong.certificates.services import remind_of_renewals

    return remind_of_renewals()
