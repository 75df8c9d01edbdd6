"""The project's one check: lint, format, types, tests; CI runs it via the README command."""

from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

STEPS = [
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["mypy"],
    ["pytest", *sys.argv[1:]],
]


def main() -> int:
    """Run each step with this interpreter's tools; stop at the first failure."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for step in STEPS:
        print(f"\n=== {' '.join(step)}", flush=True)
        code = subprocess.call([sys.executable, "-m", *step], cwd=ROOT, env=env)
        if code:
            print(f"=== FAILED: {' '.join(step)} (exit {code})", flush=True)
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
