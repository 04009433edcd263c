"""Remove decided applications past their service's retention period."""

from typing import Any

from django.core.management.base import BaseCommand

from dzong.applications.retention import remove_expired_applications


class Command(BaseCommand):
    help = (
        "Remove decided applications (answers and files; whole where no payment, registration "
        "or certificate refers to them) kept longer than their service's retention.keep_days, "
        "recording each removal without its content. Run it daily (cron or a scheduler)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = remove_expired_applications()
        self.stdout.write(f"{removed} removed")
