"""Refresh the translation sources from the UI code and compile them for the app.

    python resources/i18n/update_translations.py          # lupdate + lrelease
    python resources/i18n/update_translations.py --check  # fail if a string lacks a translation

It first regenerates desktop_app/ui/core_messages.py, the core's user-visible sentences
(core_strings.py finds them), so they are translated like the window's own strings; --check
fails when that file is stale too.

Translators edit trove_<lang>.ts (Qt Linguist, or any XML editor); the app loads trove_<lang>.qm.
Adding a language: copy trove_ko.ts to trove_<lang>.ts, set its language attribute, translate,
run this script, and add the code to LANGUAGES in desktop_app/ui/i18n.py.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def tool(name: str) -> str:
    """A PySide6 tool next to the running interpreter, or on PATH."""
    local = Path(sys.executable).with_name(name)
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (pip install -e .)")
    return found


def sources() -> list[str]:
    """Every UI module: the only code with user-visible strings in Qt's translation system."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop_app" / "ui").rglob("*.py"))


def lupdate(ts: Path) -> None:
    """Merge the code's current strings into ``ts`` (keeps translations, drops obsolete ones).

    English is the source language: its file holds only the "%n" strings, whose singular and
    plural forms Qt takes from a translation ("1 file", "2 files").
    """
    english = ts.name.startswith("trove_en.")
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *sources(),
            "-no-obsolete",
            "-locations",
            "none",
            *(["-pluralonly", "-target-language", "en"] if english else []),
            "-ts",
            str(ts),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def unfinished(ts: Path) -> list[str]:
    """Source strings of ``ts`` without a finished translation."""
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if (
            translation is None
            or translation.get("type") == "unfinished"
            or not (translation.text or translation.findall("numerusform"))
        ):
            missing.append(message.findtext("source") or "")
    return missing


def core_messages(check: bool) -> bool:
    """Regenerate the core's sentences for lupdate; with ``check``, only say whether stale."""
    sys.path.insert(0, str(HERE))
    from core_strings import GENERATED, core_templates, render

    text = render(core_templates())
    current = GENERATED.read_text("utf-8") if GENERATED.exists() else ""
    if text == current:
        return True
    if check:
        print(
            f"{GENERATED.relative_to(ROOT)} is stale: the core's user-visible sentences changed. "
            "Run resources/i18n/update_translations.py and translate the new ones."
        )
        return False
    GENERATED.write_text(text, "utf-8")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check, change nothing")
    args = parser.parse_args()
    status = 0 if core_messages(args.check) else 1
    for ts in sorted(HERE.glob("trove_*.ts")):
        if args.check:
            probe = ts.with_suffix(".check.ts")
            shutil.copy(ts, probe)
            try:
                lupdate(probe)
                missing = unfinished(probe)
            finally:
                probe.unlink()
        else:
            lupdate(ts)
            missing = unfinished(ts)
            subprocess.run(
                [tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
                check=True,
                capture_output=True,
            )
        for source in missing:
            print(f"{ts.name}: untranslated: {source!r}")
        status = status or bool(missing)
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
