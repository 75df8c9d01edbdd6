"""Find the sentences the core shows users, so the window can translate them.

The core (no Qt) words its errors, file failure reasons and doctor checks in English for the
terminal. The window matches those sentences against templates taken from the core's source and
shows the translated template instead (desktop_app/ui/core_text.py). This module finds them: the
string and f-string arguments of ``...Error(...)`` calls and of ``Check(...)`` details and fixes,
constants passed there by name, ``reason = "..."`` class attributes of the error tree, and strings
marked with a ``# user-visible`` comment on their line (or alone on the line before). An
f-string's fields become ``{0}``, ``{1}``..., which the translation may reorder.

    python resources/i18n/core_strings.py   # print the templates
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CORE = ROOT / "desktop_app" / "core"
GENERATED = ROOT / "desktop_app" / "ui" / "core_messages.py"

# Check(service, name, status, detail, fix): the last two are read by people.
_CHECK_TEXT_ARGS = (3, 4)
_LETTER = re.compile(r"[A-Za-z]{2}")


def _template(node: ast.expr) -> str | None:
    """The template of a string or f-string node; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        field = 0
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
            else:
                parts.append("{" + str(field) + "}")
                field += 1
        return "".join(parts)
    return None


def _strings(node: ast.expr, names: dict[str, list[ast.expr]]) -> list[str]:
    """Templates ``node`` can stand for: a literal, both arms of ``a if c else b``, a constant."""
    if isinstance(node, ast.IfExp):
        return _strings(node.body, names) + _strings(node.orelse, names)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _strings(node.left, names), _strings(node.right, names)
        return [a + b for a in left for b in right] or left or right
    if isinstance(node, ast.Name):
        return [t for value in names.get(node.id, []) for t in _strings(value, {})]
    template = _template(node)
    return [template] if template is not None else []


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def templates_in(source: str, errors: set[str], validators: bool = False) -> list[str]:
    """The user-visible templates of one module's source: ``errors`` names the user-facing
    error classes; in a module of ``validators`` every ``...Error(...)`` is read by people."""
    tree = ast.parse(source)
    names: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.setdefault(target.id, []).append(node.value)
    lines = source.splitlines()
    marked = {n for n, line in enumerate(lines, 1) if line.rstrip().endswith("# user-visible")}
    # A "# user-visible" line of its own marks the strings that start on the next line.
    marked |= {n + 1 for n, line in enumerate(lines, 1) if line.strip() == "# user-visible"}
    found: list[str] = []
    inside_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in errors or (validators and name.endswith("Error")):
                args = [*node.args, *(k.value for k in node.keywords if k.arg in ("hint",))]
                for arg in args:
                    found.extend(_strings(arg, names))
            elif name == "Check":
                for index in _CHECK_TEXT_ARGS:
                    if index < len(node.args):
                        found.extend(_strings(node.args[index], names))
                for keyword in node.keywords:
                    if keyword.arg in ("detail", "fix"):
                        found.extend(_strings(keyword.value, names))
        elif isinstance(node, ast.ClassDef):
            for stmt in node.body:
                if (
                    isinstance(stmt, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "reason" for t in stmt.targets)
                    and isinstance(stmt.value, ast.Constant)
                    and isinstance(stmt.value.value, str)
                ):
                    found.append(stmt.value.value)
        elif (
            isinstance(node, (ast.Constant, ast.JoinedStr))
            and node.lineno in marked
            and id(node) not in inside_fstrings
        ):
            template = _template(node)
            if template is not None:
                found.append(template)
    return found


def error_classes(sources: list[str]) -> set[str]:
    """Names of TroveError and every class that derives from it, in any of ``sources``."""
    bases: dict[str, set[str]] = {}
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {b.id for b in node.bases if isinstance(b, ast.Name)}
    found = {"TroveError"}
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return found
        found |= more


# Modules whose plain ValueErrors become a ConfigError's reason ("Setting 'x' must be ...").
_VALIDATORS = {"settings.py", "urls.py"}


def core_templates(root: Path = CORE) -> list[str]:
    """Every user-visible template of the core, sorted, without near-empty ones."""
    paths = sorted(root.rglob("*.py"))
    sources = {path: path.read_text("utf-8") for path in paths}
    errors = error_classes(list(sources.values()))
    out: set[str] = set()
    for path, source in sources.items():
        for template in templates_in(source, errors, path.name in _VALIDATORS):
            literal = re.sub(r"\{\d+\}", "", template)
            if _LETTER.search(literal):
                out.add(template)
    return sorted(out)


def render(templates: list[str]) -> str:
    """The generated module that marks each template for lupdate."""
    lines = [
        '"""The core\'s user-visible sentences, marked for translation: generated, do not edit.',
        "",
        "Made by resources/i18n/update_translations.py from desktop_app/core (core_strings.py);",
        "desktop_app/ui/core_text.py matches the core's English against these and translates.",
        '"""',
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
        '__all__ = ["CORE_MESSAGES"]',
        "",
        "",
        "def _marked(*texts: object) -> tuple[str, ...]:",
        "    return tuple(str(text) for text in texts)",
        "",
        "",
        "CORE_MESSAGES = _marked(",
    ]
    for template in templates:
        lines.append(f'    QT_TRANSLATE_NOOP("Core", {template!r}),')
    lines.append(")")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    for t in core_templates():
        print(t)
    sys.exit(0)
