"""QuerySets of payments, and who on the staff may see which agency's money."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

COUNTER_ROLES = ("cashier",)
RECONCILIATION_ROLES = ("cashier",)


def agencies_held(user: Any, roles: tuple[str, ...]) -> set[str]:
    """The codes of agencies where this member of staff holds one of `roles`."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_staff", False):
        return set()
    from dzong.accounts.models import StaffRole

    held = StaffRole.objects.filter(user=user, role__code__in=roles)
    return set(held.values_list("role__agency__code", flat=True))


class PaymentQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> PaymentQuerySet:
        """An applicant sees the payments of the applications they may see."""
        from dzong.applications.models import Application

        return self.filter(application__in=Application.objects.visible_to(user))

    def open_since(self, moment: dt.datetime) -> PaymentQuerySet:
        """Payments still waiting on the gateway, untouched since `moment`."""
        return self.filter(status__in=["started", "pending"], updated_at__lt=moment)

    def paid(self) -> PaymentQuerySet:
        return self.filter(status="paid")


class PaymentLineQuerySet(models.QuerySet[Any]):
    def of_agency(self, agency: str) -> PaymentLineQuerySet:
        """The agency's lines of applicants' payments (a designer's test run takes no money)."""
        return self.filter(agency=agency, payment__application__is_test=False).select_related(
            "payment", "payment__application", "payment__application__service_version__service"
        )

    def received_between(self, start: dt.datetime, end: dt.datetime) -> PaymentLineQuerySet:
        """Lines of payments paid (and perhaps refunded since) in [start, end)."""
        return self.filter(payment__paid_at__gte=start, payment__paid_at__lt=end)

    def refunded_between(self, start: dt.datetime, end: dt.datetime) -> PaymentLineQuerySet:
        """Lines given back in [start, end): online, or in cash at a counter."""
        return self.filter(refunded_at__gte=start, refunded_at__lt=end)

    def pending_between(self, start: dt.datetime, end: dt.datetime) -> PaymentLineQuerySet:
        """Lines of payments started in [start, end) and still open."""
        return self.filter(
            payment__status__in=["started", "pending"],
            payment__created_at__gte=start,
            payment__created_at__lt=end,
        )
