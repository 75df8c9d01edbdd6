"""resource_path finds resources/ in the source checkout and under sys._MEIPASS when frozen."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import desktop_app
from desktop_app.resources import resource_path, resources_root

REPO_ROOT = Path(desktop_app.__file__).resolve().parent.parent


def test_source_checkout_points_at_repo_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert resources_root() == REPO_ROOT / "resources"
    icon = resource_path("icons", "trove.svg")
    assert icon == REPO_ROOT / "resources" / "icons" / "trove.svg"
    assert icon.is_file()


def test_frozen_app_points_into_the_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundled = tmp_path / "resources" / "i18n"
    bundled.mkdir(parents=True)
    (bundled / "trove_ko.qm").write_bytes(b"qm")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    found = resource_path("i18n", "trove_ko.qm")
    assert found == tmp_path / "resources" / "i18n" / "trove_ko.qm"
    assert found.read_bytes() == b"qm"


@pytest.mark.parametrize("bad", ["../pyproject.toml", "/etc/passwd", "icons/../../x"])
def test_parts_escaping_resources_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="inside resources"):
        resource_path(bad)
