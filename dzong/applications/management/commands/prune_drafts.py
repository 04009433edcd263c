"""Remind owners of old drafts, and remove drafts whose owners were reminded in time."""

from typing import Any

from django.core.management.base import BaseCommand

from dzong.applications.services import remind_stale_drafts, remove_stale_drafts


class Command(BaseCommand):
    help = (
        "Send reminders for drafts that will soon be removed, and remove those untouched for "
        "DZONG_DRAFT_RETENTION_DAYS after a reminder. Run it daily (cron or a scheduler)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = remind_stale_drafts()
        removed = remove_stale_drafts()
        self.stdout.write(f"{reminded} reminded, {removed} removed")
