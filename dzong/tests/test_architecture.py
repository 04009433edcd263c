"""The shape of the code, checked: the domain apps depend on each other one way, and none of
them on a web layer.

Every import of a domain app's modules is read with `ast`, those at the top of a module and
those inside functions alike. Two kinds of module are front doors rather than the domain, and
may call any app: management commands, and the pages a domain app serves itself (`views.py`,
`*_views.py`, `urls.py`, `*_urls.py`, which are a web layer of their own).
"""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
DOMAIN = {
    "accounts",
    "catalogue",
    "applications",
    "workflow",
    "certificates",
    "notifications",
    "payments",
    "audit",
    "organisations",
    "appeals",
    "transparency",
    "centres",
}
WEB = {"portal", "office", "designer", "verify", "api", "web"}

Imports = dict[str, set[tuple[str, str]]]  # app -> (app imported, where)


def _is_front_door(path: Path) -> bool:
    name = path.stem
    pages = name in {"views", "urls"} or name.endswith(("_views", "_urls"))
    return pages or "commands" in path.parts


def _domain_modules(app: str) -> list[Path]:
    skipped = {"tests", "migrations"}
    return [
        path
        for path in sorted((PACKAGE / app).rglob("*.py"))
        if not skipped & set(path.relative_to(PACKAGE).parts) and not _is_front_door(path)
    ]


def _imported_apps(path: Path) -> list[tuple[str, int]]:
    """The apps of `dzong` a module imports, at any depth of its code, with the line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "dzong" and len(parts) > 1:
                found.append((parts[1], node.lineno))
    return found


def imports_between_apps() -> Imports:
    """Each domain app's imports of other apps of `dzong`, with where each is made."""
    imports: Imports = defaultdict(set)
    for app in sorted(DOMAIN):
        for path in _domain_modules(app):
            for imported, line in _imported_apps(path):
                if imported != app and imported in DOMAIN | WEB:
                    imports[app].add((imported, f"{path.relative_to(PACKAGE.parent)}:{line}"))
    return imports


def cycles(imports: Imports) -> list[list[str]]:
    """Every app that reaches itself through the domain apps' imports, with one way round."""
    edges = {app: {t for t, _ in found if t in DOMAIN} for app, found in imports.items()}
    found = []
    for start in sorted(edges):
        path = _way_back(start, edges)
        if path:
            found.append(path)
    return found


def _way_back(start: str, edges: dict[str, set[str]]) -> list[str]:
    """The apps from `start` back to itself, if there is a way (breadth first)."""
    ways = {nxt: [start, nxt] for nxt in sorted(edges.get(start, ()))}
    queue = list(ways)
    while queue:
        app = queue.pop(0)
        if app == start:
            return ways[app]
        for nxt in sorted(edges.get(app, ())):
            if nxt not in ways:
                ways[nxt] = [*ways[app], nxt]
                queue.append(nxt)
    return []


def _where(imports: Imports, way: list[str]) -> list[str]:
    return [next(w for t, w in sorted(imports[a]) if t == b) for a, b in itertools.pairwise(way)]


def test_the_domain_apps_depend_on_each_other_one_way():
    imports = imports_between_apps()
    found = {" -> ".join(way): _where(imports, way) for way in cycles(imports)}
    assert not found, f"Domain apps import each other in a circle: {found}"


def test_no_domain_app_imports_a_web_layer():
    imports = imports_between_apps()
    found = sorted(where for app in imports for target, where in imports[app] if target in WEB)
    assert not found, f"Domain modules import a web layer: {found}"


def test_an_import_inside_a_function_counts(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def later():\n    from dzong.workflow.moves import advance\n")
    assert ("workflow", 2) in _imported_apps(module)


def test_a_circle_through_three_apps_is_found():
    imports: Imports = {
        "applications": {("notifications", "a.py:1")},
        "notifications": {("certificates", "n.py:1")},
        "certificates": {("applications", "c.py:1"), ("accounts", "c.py:2")},
    }
    assert ["applications", "notifications", "certificates", "applications"] in cycles(imports)
    assert _where(imports, ["certificates", "applications"]) == ["c.py:1"]
