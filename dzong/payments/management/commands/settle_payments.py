"""`dzong settle_payments`: ask the gateway about payments left open (run every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dzong.payments.services import settle_pending_payments


class Command(BaseCommand):
    help = "Settle payments left pending by asking their gateway."

    def handle(self, *args: Any, **options: Any) -> None:
        settled = settle_pending_payments()
        self.stdout.write(f"{settled} payment(s) settled")
