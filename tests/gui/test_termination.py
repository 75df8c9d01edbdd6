"""`kill` or logging out quits the app cleanly: indexer stopped, window state saved, exit 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.core.owner import OwnerLock
from desktop_app.core.paths import resolve_dirs


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_quits_like_the_quit_command(tmp_path: Path) -> None:
    home = tmp_path / "home"
    dirs = resolve_dirs(home).ensure()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TROVE_HOME=str(home))
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_app.ui.app", "--no-setup"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        # The app takes the data dir's lock after it set up its signal watch.
        probe = OwnerLock(dirs.lock_file)
        deadline = time.monotonic() + 60
        while probe.try_acquire():
            probe.release()
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert (dirs.config / "ui-state.json").exists()  # the window's layout was saved on the way
