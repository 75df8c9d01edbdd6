"""GUI fixtures: a real engine in a temp home, the NIM simulator, a bridge, a sample folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.paths import TroveDirs, resolve_dirs
from desktop_app.core.settings import Settings
from desktop_app.ui.bridge import EngineBridge
from desktop_app.ui.messages import MessageBridge
from desktop_app.ui.tasks import TaskRunner
from tests.nimsim import NimSimulator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def sim() -> Iterator[NimSimulator]:
    """A NIM simulator serving embedding, reranking and chat on one local URL."""
    with NimSimulator(profile="local") as simulator:
        yield simulator


@pytest.fixture
def dirs(tmp_path: Path) -> TroveDirs:
    """Trove's dirs under the test's TROVE_HOME."""
    return resolve_dirs(tmp_path / "trove-home").ensure()


@pytest.fixture
def settings(dirs: TroveDirs, sim: NimSimulator) -> Settings:
    """Saved settings pointing every NIM service at the simulator, one extraction worker."""
    s = Settings.load(dirs.settings_file)
    for key in ("embedding.base_url", "rerank.base_url", "chat.base_url"):
        s.set(key, sim.base_url)
    s.set("index.workers", 1)
    # The window's tests check answers against the embedding space's floor and claim scores;
    # reranking by default (auto) is tested in tests/integration/test_rerank_auto.py.
    s.set("rerank.enabled", "off")
    s.save()
    return s


@pytest.fixture
def sample_folder(tmp_path: Path) -> Path:
    """A few small files in English and Korean."""
    root = tmp_path / "docs"
    root.mkdir()
    (root / "lighthouse.txt").write_text(
        "The lighthouse keeper climbs the tower every evening to light the lamp.\n"
    )
    (root / "garden.md").write_text("# Garden\n\nTomatoes need sun, water and patience.\n")
    (root / "korean.txt").write_text("등대지기는 매일 저녁 탑에 올라 등불을 켭니다.\n", "utf-8")
    return root


@pytest.fixture
def messages(qtbot) -> MessageBridge:
    """The message bridge, attached as if a window listens."""
    bridge = MessageBridge()
    bridge.attach()
    return bridge


@pytest.fixture
def bridge(qtbot, dirs: TroveDirs, settings: Settings, messages) -> Iterator[EngineBridge]:
    """A running engine bridge without the live indexer or the owner channel (views' tests)."""
    runner = TaskRunner(on_unhandled_error=messages.error)
    engine_bridge = EngineBridge(dirs, settings, runner, live=False, serve=False)
    engine_bridge.start()
    yield engine_bridge
    engine_bridge.stop()


@pytest.fixture
def indexed_bridge(bridge: EngineBridge, sample_folder: Path) -> EngineBridge:
    """The bridge with ``sample_folder`` added and fully indexed (text and vectors)."""
    assert bridge.engine is not None
    bridge.engine.add_folder(str(sample_folder))
    summary = bridge.engine.index()
    assert summary["indexed"] == 3, summary
    return bridge


@pytest.fixture(autouse=True, scope="session")
def english(qapp) -> None:
    """English, as the app installs it at start (its translator gives "%n" strings plurals)."""
    from desktop_app.ui.i18n import install_language

    install_language("en")
