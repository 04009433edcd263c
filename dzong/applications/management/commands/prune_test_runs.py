"""Remove designers' test runs of draft versions once they are old."""

from typing import Any

from django.core.management.base import BaseCommand

from dzong.applications.removal import remove_old_test_runs


class Command(BaseCommand):
    help = (
        "Remove designers' test runs (with their files and certificates) started more than "
        "DZONG_TEST_RUN_RETENTION_DAYS ago. Run it daily (cron or a scheduler)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = remove_old_test_runs()
        self.stdout.write(f"{removed} removed")
