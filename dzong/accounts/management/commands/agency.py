"""`dzong agency create CODE --name-en NAME --name-dz NAME`: a new agency and its roles."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dzong.accounts.invitations import InvitationRefused, create_agency


class Command(BaseCommand):
    help = "Create an agency (its code and names in English and Dzongkha) and its roles."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="A new agency with an administrator role.")
        create.add_argument("code", help="A short code in lower case, like trade or rsta")
        create.add_argument("--name-en", required=True, help="The agency's name in English")
        create.add_argument("--name-dz", required=True, help="The agency's name in Dzongkha")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            agency = create_agency(
                code=options["code"], name_en=options["name_en"], name_dz=options["name_dz"]
            )
        except InvitationRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Agency {agency.code} created. Invite its first administrator with:\n"
            f"  dzong staff invite EMAIL --agency {agency.code}"
        )
