"""Stop community centres' requests whose citizen did not consent in time."""

from typing import Any

from django.core.management.base import BaseCommand

from dzong.centres.services import expire_lapsed_consents


class Command(BaseCommand):
    help = (
        "Stop every request of a community centre whose citizen has not consented within "
        "DZONG_CENTRE_CONSENT_MINUTES. Run it every few minutes (cron or a scheduler)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{expire_lapsed_consents()} stopped")
