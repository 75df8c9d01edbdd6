"""No class over 450 lines: a class that grows past it has two jobs and is split (issue 13)."""

from __future__ import annotations

import ast
from pathlib import Path

import desktop_app

LIMIT = 450


def test_no_class_is_over_the_limit() -> None:
    root = Path(desktop_app.__file__).parent
    too_big = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                size = node.end_lineno - node.lineno + 1
                if size > LIMIT:
                    too_big.append(f"{path.relative_to(root)}: {node.name} has {size} lines")
    assert not too_big, "\n".join(too_big)
