"""Fail the build when a Dzongkha string is missing, fuzzy or given twice (two entries with one
msgid, which `makemessages` refuses and the compiler settles silently):
`python -m dzong.i18n_check DIR`."""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po


def problems_in(po_path: Path) -> list[str]:
    """Every untranslated, fuzzy or repeated entry of a .po file."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    found = [f"{po_path}: given twice: {key!r}" for key in repeated_ids(po_path.read_text("utf-8"))]
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"{po_path}: fuzzy: {message.id!r}")
        elif not all(strings):
            found.append(f"{po_path}: untranslated: {message.id!r}")
    return found


def repeated_ids(text: str) -> list[str]:
    """The msgids (within their msgctxt) that more than one entry of a .po text gives; entries
    are the blocks between blank lines, obsolete ones (#~) left out."""
    counted: Counter[tuple[str, str]] = Counter()
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        name = ""
        for line in block.splitlines():
            line = line.strip()
            if line.startswith('"') and name:
                fields[name] += ast.literal_eval(line)
            elif line.startswith(("msgctxt ", "msgid ")):
                name, _space, value = line.partition(" ")
                fields[name] = ast.literal_eval(value)
            else:
                name = ""
        if fields.get("msgid"):
            counted[(fields.get("msgctxt", ""), fields["msgid"])] += 1
    return sorted(msgid for (_context, msgid), n in counted.items() if n > 1)


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
