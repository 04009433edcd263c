"""`dzong staff invite EMAIL --agency CODE`: invite an agency's administrator by email."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dzong.accounts.invitations import InvitationRefused, invite_administrator


class Command(BaseCommand):
    help = (
        "Invite an agency's administrator: an email with a link (signed, expiring, used once) "
        "where they choose a password and set up their authenticator app."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        invite = actions.add_parser("invite", help="Email an invitation to administer an agency.")
        invite.add_argument("email", help="The person's work email address")
        invite.add_argument("--agency", required=True, help="The agency's code")
        invite.add_argument("--name", default="", help="The person's full name")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            invite_administrator(
                agency=options["agency"], email=options["email"], full_name=options["name"]
            )
        except InvitationRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Invitation to {options['email'].strip().lower()} recorded; the worker sends it."
        )
