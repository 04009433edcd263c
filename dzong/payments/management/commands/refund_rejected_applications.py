"""`dzong refund_rejected_applications`: give back the paid fees of rejected applications."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dzong.payments.refunds import refund_rejected_applications


class Command(BaseCommand):
    help = "Refund the paid fees of rejected applications (cash: marked for the counter)."

    def handle(self, *args: Any, **options: Any) -> None:
        done = refund_rejected_applications()
        self.stdout.write(f"{done} payment(s) refunded or marked for refund at the counter")
