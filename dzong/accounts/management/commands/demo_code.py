"""`dzong demo_code EMAIL`: a demo staff account's current sign-in code, for the demo only."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dzong.accounts.demo import NotTheDemo, current_demo_code, demo_in_use


class Command(BaseCommand):
    help = (
        "Print a demo staff account's current TOTP code (only with DZONG_DEMO=1 or "
        "DZONG_DEBUG=1, and only for the demo's accounts)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email", help="a demo staff account, as `make demo` lists them")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not demo_in_use():
            raise CommandError(
                "This prints codes for the demo only: set DZONG_DEMO=1 (never in production)."
            )
        try:
            code, seconds = current_demo_code(email=email)
        except NotTheDemo as error:
            raise CommandError(f"{error} is not a demo staff account.") from error
        self.stdout.write(f"{code}  (valid for about {seconds} more seconds)")
