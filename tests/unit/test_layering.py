"""Layering: the core never imports Qt (it must run headless), and its packages import no cycle."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop_app.core


def test_core_imports_no_qt() -> None:
    modules = [
        info.name for info in pkgutil.walk_packages(desktop_app.core.__path__, "desktop_app.core.")
    ]
    assert len(modules) > 5
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import desktop_app.cli\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"core or CLI pulled in Qt: {out}"


def _core_imports() -> dict[str, set[str]]:
    """Per core package (or top-level core module): the other core packages it imports.

    Every import counts, at module level, inside functions and under ``TYPE_CHECKING`` alike: a
    lazy import still ties the two packages together.
    """
    root = Path(desktop_app.core.__path__[0])
    graph: dict[str, set[str]] = {}
    for file in root.rglob("*.py"):
        unit = file.relative_to(root).parts[0].removesuffix(".py")
        targets = graph.setdefault(unit, set())
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[:2] == ["desktop_app", "core"] and len(parts) > 2 and parts[2] != unit:
                    targets.add(parts[2])
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle between core packages, as a path that ends where it starts, or None."""
    done: set[str] = set()

    def visit(unit: str, path: list[str]) -> list[str] | None:
        if unit in path:
            return [*path[path.index(unit) :], unit]
        if unit in done:
            return None
        for target in sorted(graph.get(unit, ())):
            found = visit(target, [*path, unit])
            if found:
                return found
        done.add(unit)
        return None

    for unit in sorted(graph):
        found = visit(unit, [])
        if found:
            return found
    return None


def test_core_packages_import_no_cycle() -> None:
    graph = _core_imports()
    assert {"index", "search", "ingest", "text"} <= graph.keys()
    cycle = _cycle(graph)
    assert cycle is None, "core packages import each other in a cycle: " + " -> ".join(cycle or [])


def test_cycle_check_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
