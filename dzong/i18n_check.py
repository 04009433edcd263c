"""Fail the build when a Dzongkha string is missing or fuzzy: `python -m dzong.i18n_check DIR`."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po


def problems_in(po_path: Path) -> list[str]:
    """Every untranslated or fuzzy entry of a .po file."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"{po_path}: fuzzy: {message.id!r}")
        elif not all(strings):
            found.append(f"{po_path}: untranslated: {message.id!r}")
    return found


def main() -> int:
    """Check every .po file under the given folder."""
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "dzong/locale")
    files = sorted(folder.glob("*/LC_MESSAGES/*.po"))
    problems = [p for path in files for p in problems_in(path)]
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(files)} translation file(s), {len(problems)} problem(s)")
    return 1 if problems or not files else 0


if __name__ == "__main__":
    sys.exit(main())
