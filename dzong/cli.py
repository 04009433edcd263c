"""The `dzong` command: the platform's own commands, and Django's."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run a command: `dzong service check FILE`, `dzong rules test FILE`, `dzong migrate`..."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dzong.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dzong", *sys.argv[1:]])


if __name__ == "__main__":
    main()
