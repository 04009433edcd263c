"""`dzong audit verify` checks the audit log's chain; `dzong audit checkpoint` signs its head."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dzong.audit.services import sign_checkpoint, verify


class Command(BaseCommand):
    help = (
        "verify: check every entry of the audit log, its head and its signed checkpoints, and "
        "name the first entry edited, deleted or moved. checkpoint: sign the chain's head (daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            checkpoint = sign_checkpoint()
            self.stdout.write(
                f"Signed the head at entry {checkpoint.position}: {checkpoint.digest}"
            )
            return
        report = verify()
        if report.problem is not None:
            raise CommandError(
                f"The audit log is not as it was written: {report.problem.what} "
                f"({report.entries} entries checked before it)."
            )
        self.stdout.write(
            f"The audit log is whole: {report.entries} entries, {report.checkpoints} signed "
            "checkpoints agree."
        )
