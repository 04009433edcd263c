"""Background work of certificates: issuing after approval, and renewal reminders."""

from __future__ import annotations

from django_tasks import task


# Below the default priority: the applicant hears "received" before "your certificates".
@task(priority=-10)
def issue_certificates_of(*, event_ids: list[int]) -> list[str]:
    """A reaction (`dzong.applications.reactions`): issue the certificates of the
    registrations these events granted, then tell the applicant. Safe to run twice."""
    from dzong.certificates.services import issue_and_announce, registrations_granted_by

    return issue_and_announce(registration_ids=registrations_granted_by(event_ids=event_ids))


@task()
def remind_expiring_certificates() -> int:
    """Remind holders of certificates that expire soon (daily); each certificate once."""
    from dzong.certificates.services import remind_of_renewals

    return remind_of_renewals()
