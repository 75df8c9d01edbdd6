"""The frozen app's runtime hook gives the programs it starts the user's library path back.

PyInstaller's bootloader points LD_LIBRARY_PATH at the bundle; the hook (installers/
rthook_library_path.py, run first in every frozen process) undoes that for children such as the
system's Tesseract. The smoke test checks it on a real bundle; this checks its logic here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HOOK = Path(__file__).resolve().parents[2] / "installers" / "rthook_library_path.py"
# Runs the hook as PyInstaller would (sys.frozen set), then reports the environment it left.
RUN_HOOK = f"""
import json, os, runpy, sys
sys.frozen = {{frozen}}
runpy.run_path({str(HOOK)!r})
print(json.dumps({{{{k: os.environ.get(k) for k in ("LD_LIBRARY_PATH", "LD_LIBRARY_PATH_ORIG")}}}}))
"""

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="LD_LIBRARY_PATH is the Linux loader's"
)


def _after_hook(env: dict[str, str], frozen: bool = True) -> dict[str, str | None]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("LD_LIBRARY_PATH")}
    done = subprocess.run(
        [sys.executable, "-c", RUN_HOOK.format(frozen=frozen)],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, str | None] = json.loads(done.stdout)
    return result


def test_the_users_own_library_path_comes_back() -> None:
    env = {
        "LD_LIBRARY_PATH": "/opt/Trove/_internal:/home/u/lib",
        "LD_LIBRARY_PATH_ORIG": "/home/u/lib",
    }
    assert _after_hook(env) == {"LD_LIBRARY_PATH": "/home/u/lib", "LD_LIBRARY_PATH_ORIG": None}


def test_the_bundle_path_is_dropped_when_the_user_had_none() -> None:
    env = {"LD_LIBRARY_PATH": "/opt/Trove/_internal"}
    assert _after_hook(env) == {"LD_LIBRARY_PATH": None, "LD_LIBRARY_PATH_ORIG": None}


def test_a_source_checkout_keeps_its_environment() -> None:
    env = {"LD_LIBRARY_PATH": "/home/u/lib"}
    assert _after_hook(env, frozen=False)["LD_LIBRARY_PATH"] == "/home/u/lib"
