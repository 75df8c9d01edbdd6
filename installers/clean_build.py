"""Build the installers from a clean venv: the one command a release (or CI) runs.

    python3 installers/clean_build.py            # bundle + this OS's package
    python3 installers/clean_build.py --deb      # Linux: also the .deb (any build.py option)
    python3 installers/clean_build.py --unpinned # newest dependencies; rewrites the pins

1. makes a fresh venv in build/venv (deleting an old one) with the Python running this script;
2. installs Trove with the 'ocr' and 'build' extras (RapidOCR and its ONNX models, PyInstaller)
   at the versions pinned in installers/build-constraints.txt, the set last built and
   smoke-tested (with --unpinned: the newest, and the file is rewritten from what was installed;
   run the smoke test before committing it);
3. swaps opencv-python, which RapidOCR asks for, for opencv-python-headless of the same version:
   the same cv2 without its own Qt 5, FFmpeg-for-GUI and X11 libraries (the spec refuses the
   former: it would add ~110 MB and point Qt's plugin path at its Qt 5);
4. runs installers/build.py --clean with that venv's Python, passing the options on.
Prints how long each step took. The dev venv is never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "build" / "venv"
CONSTRAINTS = ROOT / "installers" / "build-constraints.txt"


def _bin(name: str) -> str:
    folder = "Scripts" if sys.platform == "win32" else "bin"
    return str(VENV / folder / name)


def _step(label: str, cmd: list[str]) -> None:
    started = time.monotonic()
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)
    print(f"{label}: {time.monotonic() - started:.0f} s", flush=True)


def _installed_version(dist: str) -> str | None:
    code = (
        "import importlib.metadata as m, sys\n"
        f"try: print(m.version({dist!r}))\n"
        "except m.PackageNotFoundError: sys.exit(1)\n"
    )
    done = subprocess.run([_bin("python"), "-c", code], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None


def _write_pins(gui_opencv: str | None) -> None:
    """installers/build-constraints.txt from the build venv (the GUI OpenCV's version too: the
    headless one is installed at the same version)."""
    freeze = [_bin("python"), "-m", "pip", "freeze", "--exclude-editable"]
    pins = subprocess.run(freeze, capture_output=True, text=True, check=True).stdout.splitlines()
    if gui_opencv is not None:
        pins.append(f"opencv-python=={gui_opencv}")
    header = (
        "# The dependency versions the installers were last built and smoke-tested with.\n"
        "# Written by `python3 installers/clean_build.py --unpinned`; read by clean_build.py.\n"
    )
    body = "\n".join(sorted(pins, key=str.lower))
    CONSTRAINTS.write_text(f"{header}{body}\n")
    print(f"Pinned {len(pins)} versions in {CONSTRAINTS}", flush=True)


def main(argv: list[str]) -> int:
    """Fresh venv, install, swap OpenCV, build; build.py's exit code."""
    unpinned = "--unpinned" in argv
    argv = [arg for arg in argv if arg != "--unpinned"]
    started = time.monotonic()
    shutil.rmtree(VENV, ignore_errors=True)
    print(f"+ python -m venv {VENV}", flush=True)
    venv.create(VENV, with_pip=True)
    pip = [_bin("python"), "-m", "pip", "install", "--quiet"]
    if not unpinned:
        pip += ["--constraint", str(CONSTRAINTS)]
    _step("install .[ocr,build]", [*pip, "-e", ".[ocr,build]"])
    gui_opencv = _installed_version("opencv-python")
    if gui_opencv is not None:
        uninstall = [_bin("python"), "-m", "pip", "uninstall", "--quiet", "--yes"]
        _step("remove opencv-python", [*uninstall, "opencv-python"])
        _step("install opencv-python-headless", [*pip, f"opencv-python-headless=={gui_opencv}"])
    if unpinned:
        _write_pins(gui_opencv)
    build = [_bin("python"), str(ROOT / "installers" / "build.py"), "--clean", *argv]
    print("+", " ".join(build), flush=True)
    code = subprocess.run(build, cwd=ROOT).returncode
    print(f"clean build: {time.monotonic() - started:.0f} s in all (exit {code})", flush=True)
    return code


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as exc:
        print(f"clean build failed: {exc}", file=sys.stderr)
        sys.exit(1)
