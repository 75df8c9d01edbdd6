"""Smoke-test the frozen app: it starts, its self-test passes against the NIM simulator, no noise.

    python installers/smoke_test.py            # build dist/Trove if missing, then test it
    python installers/smoke_test.py --build    # rebuild first
    python installers/smoke_test.py --dist path/to/Trove

Runs, each with a throwaway TROVE_HOME so the user's own data is never touched:
  1. `trove --version`                 -> prints the package's version
  2. `trove selftest`                  -> keyword-only path (no NIM)
  3. `trove selftest --nim-url URL`    -> against `python -m tests.nimsim` started from this venv
  4. `Trove --quit-after MS --no-setup` -> QT_QPA_PLATFORM=offscreen; the window opens and quits
Any non-zero exit, or any line on stderr that is not on the short list of known harmless ones
(tracebacks, warnings, ModuleNotFoundError, Qt plugin errors), fails the run. Exit code 0 = pass.
Must run from the dev venv (it starts the simulator from the source tree's tests package).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
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

from build import ROOT, app_version, build_bundle, bundle_dir, executables

__all__ = ["SmokeFailure", "main", "run_smoke_test"]

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


def run_smoke_test(folder: Path, gui: bool = True, log: bool = True) -> list[str]:
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


def main(argv: list[str] | None = None) -> int:
    """Build if asked or needed, then run the smoke test; 0 when every step passed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="rebuild dist/Trove first")
    parser.add_argument("--dist", type=Path, help="test this one-folder bundle instead")
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI executable")
    args = parser.parse_args(argv)
    folder = args.dist or bundle_dir()
    if args.build or (args.dist is None and not executables(folder)[1].exists()):
        folder = build_bundle()
    try:
        run_smoke_test(folder, gui=not args.no_gui)
    except SmokeFailure as exc:
        print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
        return 1
    print("Smoke test passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
