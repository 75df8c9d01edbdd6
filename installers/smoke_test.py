"""Smoke-test the frozen app: it starts, passes its self-test (NIM simulator), OCRs a scan.

    python installers/smoke_test.py            # build dist/Trove if missing, then test it
    python installers/smoke_test.py --build    # rebuild first
    python installers/smoke_test.py --dist path/to/Trove

Runs, each with a throwaway TROVE_HOME so the user's own data is never touched:
  1. `trove --version`                 -> prints the package's version
  2. `trove selftest`                  -> keyword-only path (no NIM)
  3. `trove selftest --nim-url URL`    -> against `python -m tests.nimsim` started from this venv
  4. OCR with the bundled RapidOCR on a fresh data dir: a folder holding a scanned page (real text
     rendered and turned a little, as a PNG, an image-only PDF and a HEIC photo when pillow-heif
     is installed): `trove index --text-only` must read each by OCR, and `trove search --mode
     keyword` find a word of it in each, marked as OCR
  5. the same with the system's Tesseract, when it has English: on Linux through a `tesseract`
     wrapper that checks Trove starts it with the system's library path, not the bundle's
  6. `Trove --quit-after MS --no-setup` -> QT_QPA_PLATFORM=offscreen; the window opens and quits
Any non-zero exit, or any line on stderr that is not on the short list of known harmless ones
(tracebacks, warnings, ModuleNotFoundError, Qt plugin errors), fails the run. Exit code 0 = pass.
Must run from the dev venv (it starts the simulator from the source tree's tests package).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import ROOT, app_version, bundle_dir, executables

__all__ = ["SmokeFailure", "check_ocr", "main", "run_smoke_test", "write_scans"]

# stderr lines that are not errors. Kept short on purpose: anything else fails the run.
HARMLESS_STDERR = [
    # Qt's offscreen platform has no window manager to pass size hints to.
    re.compile(r"^This plugin does not support propagateSizeHints\(\)$"),
]
GUI_RUN_MS = 2000


class SmokeFailure(Exception):
    """One smoke-test step failed."""


@dataclass
class Outcome:
    """What one run of a bundled executable did."""

    returncode: int | None  # None: still running when the time was up (then killed)
    stdout: str
    stderr: str
    seconds: float


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> Outcome:
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace"
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        code = None
    return Outcome(code, out, err, time.monotonic() - started)


def unexpected_stderr(stderr: str) -> list[str]:
    """The stderr lines that are not known to be harmless."""
    return [
        line
        for line in stderr.splitlines()
        if line.strip() and not any(p.search(line) for p in HARMLESS_STDERR)
    ]


def _expect_clean(step: str, outcome: Outcome) -> None:
    noise = unexpected_stderr(outcome.stderr)
    if outcome.returncode != 0 or noise:
        raise SmokeFailure(
            f"{step}: exit {outcome.returncode}\n--- stdout\n{outcome.stdout}\n"
            f"--- stderr\n{outcome.stderr}"
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def nim_simulator(timeout: float = 30.0) -> Iterator[str]:
    """Start ``python -m tests.nimsim`` on a free port; yield its base URL; stop it."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.nimsim", "--port", str(port), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise SmokeFailure(f"the NIM simulator exited: {proc.stderr.read()}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(f"{base}/models", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SmokeFailure(f"the NIM simulator did not answer on {base}")
            time.sleep(0.1)  # polling a server we just started; there is no event to wait on
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# The scanned page: real sentences, rendered as a page at 150 dpi and turned a little, as a scan.
SCAN_LINES = [
    "Quarterly maintenance report, boiler room B",
    "The inspection found corrosion near the",
    "northern valve assembly; replacement is",
    "scheduled before the winter shutdown.",
]
SCAN_WORD = "corrosion"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def write_scans(folder: Path) -> list[Path]:
    """The scanned page as a PNG, as an image-only PDF and, when pillow-heif is installed (the
    'ocr' extra, bundled with it), as a HEIC photo in ``folder``; their paths."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 34) if FONT.exists() else ImageFont.load_default(size=34)
    page = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    draw = ImageDraw.Draw(page)
    for n, line in enumerate(SCAN_LINES):
        draw.text((120, 200 + 60 * n), line, fill=0, font=font)
    page = page.rotate(0.7, resample=Image.Resampling.BICUBIC, fillcolor=255)
    folder.mkdir(parents=True, exist_ok=True)
    png, pdf = folder / "boiler-scan.png", folder / "boiler-scan.pdf"
    page.save(png)
    page.save(pdf, "PDF", resolution=150)
    scans = [png, pdf]
    try:
        import pillow_heif
    except ImportError:
        return scans
    heic = folder / "boiler-photo.heic"
    pillow_heif.from_pillow(page.convert("RGB")).save(heic, quality=90)
    return [*scans, heic]


def _tesseract_wrapper(folder: Path, real: str, log_file: Path) -> Path:
    """A `tesseract` that logs the LD_LIBRARY_PATH it was started with, then runs the real one."""
    folder.mkdir(parents=True, exist_ok=True)
    wrapper = folder / "tesseract"
    wrapper.write_text(
        "#!/bin/sh\n"
        f"printf '%s\\n' \"${{LD_LIBRARY_PATH-}}\" >> '{log_file}'\n"
        f"exec '{real}' \"$@\"\n"
    )
    wrapper.chmod(0o755)
    return folder


def check_ocr(cli_exe: Path, env: dict[str, str], engine: str) -> str:
    """Index a folder of scans with the frozen CLI and ``engine`` on a fresh data dir, then find
    a word of them by keyword; the report line. Raises SmokeFailure."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="trove-smoke-ocr-") as tmp:
        env = {**env, "TROVE_HOME": str(Path(tmp) / "home")}
        scans = write_scans(Path(tmp) / "scans")
        library_log = Path(tmp) / "tesseract-env.log"
        # The bundle's library path leaks into children on Linux only (LD_LIBRARY_PATH), and a
        # shell-script wrapper would not run on Windows.
        check_library_path = engine == "tesseract" and sys.platform.startswith("linux")
        if check_library_path:
            real = shutil.which("tesseract")
            assert real is not None
            wrappers = _tesseract_wrapper(Path(tmp) / "bin", real, library_log)
            env["PATH"] = f"{wrappers}{os.pathsep}{env.get('PATH', '')}"

        def cli(step: str, *args: str) -> Outcome:
            outcome = _run([str(cli_exe), *args], env, timeout=600)
            _expect_clean(f"{step} ({engine})", outcome)
            return outcome

        cli("trove config set ocr.engine", "config", "set", "ocr.engine", engine)
        cli("trove folders add", "folders", "add", str(scans[0].parent))
        summary = json.loads(
            cli("trove index --text-only", "index", "--text-only", "--json").stdout
        )
        ocr = summary.get("ocr") or {}
        if summary.get("failed") or ocr.get("pages") != len(scans) or ocr.get("failed_pages"):
            raise SmokeFailure(f"OCR ({engine}) did not read every page: {summary}")
        found = json.loads(
            cli("trove search", "search", "--json", "--mode", "keyword", SCAN_WORD).stdout
        )
        where = {Path(r["path"]).name: r for r in found["results"]}
        for scan in scans:
            hit = where.get(scan.name)
            if hit is None or not (hit.get("location_detail") or {}).get("ocr"):
                raise SmokeFailure(
                    f"{SCAN_WORD!r} not found by OCR ({engine}) in {scan.name}: {found}"
                )
            if "OCR" not in hit["location"]:
                raise SmokeFailure(f"{scan.name}: location {hit['location']!r} does not say OCR")
        found_in = ", ".join(f"{name} ({where[name]['location']})" for name in sorted(where))
        if check_library_path:
            seen = library_log.read_text().splitlines() if library_log.exists() else []
            if not seen:
                raise SmokeFailure("the frozen app did not start the system's tesseract")
            bundled = [line for line in seen if str(cli_exe.parent) in line]
            if bundled:
                raise SmokeFailure(
                    f"tesseract was started with the bundle's libraries: {bundled[0]}"
                )
    return (
        f"ok   OCR with {engine}: {len(scans)} scanned pages read, {SCAN_WORD!r} found in "
        f"{found_in} ({time.monotonic() - started:.1f} s)"
    )


def ocr_engines() -> list[str]:
    """The local engines to check: the bundled RapidOCR, and the system's Tesseract if it reads
    English (the frozen app only starts it)."""
    engines = ["rapidocr"]
    tesseract = shutil.which("tesseract")
    if tesseract is not None:
        langs = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True)
        if "eng" in langs.stdout.split():
            engines.append("tesseract")
    return engines


def run_smoke_test(folder: Path, gui: bool = True, log: bool = True, ocr: bool = True) -> list[str]:
    """Run every step against the bundle in ``folder``; the report lines. Raises SmokeFailure."""
    gui_exe, cli_exe = executables(folder)
    if not cli_exe.is_file():
        raise SmokeFailure(f"no CLI executable at {cli_exe}: build first")
    report: list[str] = []

    def note(line: str) -> None:
        report.append(line)
        if log:
            print(line, flush=True)

    with tempfile.TemporaryDirectory(prefix="trove-smoke-") as home:
        env = {**os.environ, "TROVE_HOME": home, "PYTHONWARNINGS": "default"}
        env.pop("NVIDIA_API_KEY", None)  # the self-test is keyless anyway; belt and braces

        outcome = _run([str(cli_exe), "--version"], env, timeout=60)
        _expect_clean("trove --version", outcome)
        expected = f"trove {app_version()}"
        if outcome.stdout.strip() != expected:
            raise SmokeFailure(f"trove --version printed {outcome.stdout!r}, not {expected!r}")
        note(f"ok   trove --version -> {expected} ({outcome.seconds:.1f} s)")

        outcome = _run([str(cli_exe), "selftest"], env, timeout=180)
        _expect_clean("trove selftest (keyword only)", outcome)
        note(f"ok   trove selftest, keyword only ({outcome.seconds:.1f} s)")

        with nim_simulator() as url:
            outcome = _run([str(cli_exe), "selftest", "--nim-url", url], env, timeout=300)
        _expect_clean("trove selftest --nim-url", outcome)
        if "[ok  ] semantic search" not in outcome.stdout:
            raise SmokeFailure(f"semantic search did not run:\n{outcome.stdout}")
        note(f"ok   trove selftest --nim-url (simulator) ({outcome.seconds:.1f} s)")

        if ocr:
            for engine in ocr_engines():
                note(check_ocr(cli_exe, env, engine))
        if gui:
            note(_check_gui(gui_exe, env))
    return report


def _check_gui(gui_exe: Path, env: dict[str, str]) -> str:
    """Open the window headless and let it quit by itself (``--quit-after``)."""
    env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    # --no-setup: the first-run wizard is modal and would hold the app open.
    cmd = [str(gui_exe), "--quit-after", str(GUI_RUN_MS), "--no-setup"]
    outcome = _run(cmd, env, timeout=GUI_RUN_MS / 1000 + 30)
    if outcome.returncode == 2 and "unrecognized arguments" in outcome.stderr:
        return "skip Trove (GUI): this build lacks --quit-after/--no-setup; checked the CLI only"
    if outcome.returncode is None:
        raise SmokeFailure(
            f"Trove (GUI) did not quit within {outcome.seconds:.0f} s of `--quit-after "
            f"{GUI_RUN_MS}`; stderr:\n{outcome.stderr}"
        )
    _expect_clean("Trove --quit-after (GUI, offscreen)", outcome)
    return f"ok   Trove --quit-after {GUI_RUN_MS} (GUI, offscreen) ({outcome.seconds:.1f} s)"


def build() -> Path:
    """Build dist/Trove in the build venv (build/venv, with RapidOCR and headless OpenCV), made
    from scratch by clean_build.py when it does not exist yet: the dev venv's OpenCV is the GUI
    build, which the spec refuses."""
    python = ROOT / "build" / "venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if python.exists():
        cmd = [str(python), str(ROOT / "installers" / "build.py"), "--no-package"]
    else:
        cmd = [sys.executable, str(ROOT / "installers" / "clean_build.py"), "--no-package"]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)
    return bundle_dir()


def main(argv: list[str] | None = None) -> int:
    """Build if asked or needed, then run the smoke test; 0 when every step passed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="rebuild dist/Trove first")
    parser.add_argument("--dist", type=Path, help="test this one-folder bundle instead")
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI executable")
    parser.add_argument(
        "--no-ocr", action="store_true", help="skip OCR (a build made with TROVE_BUILD_NO_OCR=1)"
    )
    args = parser.parse_args(argv)
    folder = args.dist or bundle_dir()
    if args.build or (args.dist is None and not executables(folder)[1].exists()):
        folder = build()
    try:
        run_smoke_test(folder, gui=not args.no_gui, ocr=not args.no_ocr)
    except SmokeFailure as exc:
        print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
        return 1
    print("Smoke test passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
