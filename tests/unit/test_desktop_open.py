"""Opening, page-opening and revealing files: the commands per platform and the fallbacks."""

from __future__ import annotations

import pytest

from desktop_app.ui.desktop_open import (
    DesktopOpener,
    file_uri,
    page_open_command,
    parent_folder,
    reveal_command,
    reveal_fallback_command,
)


def only(*programs: str):
    """A ``which`` that finds exactly these programs."""
    return lambda name: f"/usr/bin/{name}" if name in programs else None


class Launcher:
    """Records commands and URL opens instead of launching them; exit codes on demand."""

    def __init__(self, exit_codes: dict[str, int | None] | None = None) -> None:
        self.commands: list[tuple[list[str], bool]] = []
        self.urls: list[str] = []
        self.copied: list[str] = []
        self.exit_codes = exit_codes or {}

    def run(self, command: list[str], wait: bool) -> int | None:
        self.commands.append((command, wait))
        return self.exit_codes.get(command[0], 0)

    def open_url(self, path: str) -> bool:
        self.urls.append(path)
        return True

    def opener(self, platform: str, which) -> DesktopOpener:
        return DesktopOpener(
            platform=platform,
            which=which,
            runner=self.run,
            open_url=self.open_url,
            copy_text=self.copied.append,
            background=False,
        )


@pytest.mark.parametrize(
    ("installed", "expected"),
    [
        (("evince", "okular", "zathura"), ["evince", "-p", "7", "/d/a b.pdf"]),
        (("okular", "zathura"), ["okular", "-p", "7", "/d/a b.pdf"]),
        (("zathura",), ["zathura", "-P", "7", "/d/a b.pdf"]),
        ((), None),
    ],
)
def test_linux_page_viewers_in_order(installed, expected) -> None:
    assert page_open_command("/d/a b.pdf", 7, "linux", only(*installed)) == expected


def test_page_open_elsewhere() -> None:
    assert page_open_command("/d/a.pdf", 3, "darwin", only("evince")) is None
    assert page_open_command(r"C:\d\a.pdf", 3, "win32", only()) is None
    sumatra = page_open_command(r"C:\d\a.pdf", 3, "win32", only("SumatraPDF"))
    assert sumatra == ["/usr/bin/SumatraPDF", "-page", "3", r"C:\d\a.pdf"]


def test_reveal_commands_per_platform() -> None:
    assert reveal_command("/Users/me/a.txt", "darwin", only()) == ["open", "-R", "/Users/me/a.txt"]
    assert reveal_command(r"C:\Docs\a b.txt", "win32", only()) == [
        "explorer",
        r"/select,C:\Docs\a b.txt",
    ]
    dbus = reveal_command("/home/me/a b.txt", "linux", only("dbus-send", "gdbus"))
    assert dbus is not None and dbus[0] == "dbus-send"
    assert "--dest=org.freedesktop.FileManager1" in dbus
    assert "org.freedesktop.FileManager1.ShowItems" in dbus
    assert "array:string:file:///home/me/a%20b.txt" in dbus
    gdbus = reveal_command("/home/me/a.txt", "linux", only("gdbus"))
    assert gdbus is not None and gdbus[:2] == ["gdbus", "call"]
    assert "['file:///home/me/a.txt']" in gdbus
    assert reveal_command("/home/me/a.txt", "linux", only()) is None


def test_uris_and_parents() -> None:
    assert (
        file_uri("/tmp/한글 파일.txt", "linux")
        == "file:///tmp/%ED%95%9C%EA%B8%80%20%ED%8C%8C%EC%9D%BC.txt"
    )
    assert file_uri(r"C:\a\b.txt", "win32") == "file:///C:/a/b.txt"
    assert parent_folder("/a/b/c.txt", "linux") == "/a/b"
    assert parent_folder(r"C:\a\b.txt", "win32") == "C:\\a"
    assert reveal_fallback_command("/a/b.txt", "linux", only("xdg-open")) == ["xdg-open", "/a"]
    assert reveal_fallback_command("/a/b.txt", "darwin", only("xdg-open")) is None


def test_open_pdf_at_page_uses_viewer_else_default_app() -> None:
    launcher = Launcher()
    assert launcher.opener("linux", only("okular")).open("/d/a.PDF", page=4)
    assert launcher.commands == [(["okular", "-p", "4", "/d/a.PDF"], False)]
    assert launcher.urls == []

    launcher = Launcher()
    assert launcher.opener("linux", only()).open("/d/a.pdf", page=4)
    assert launcher.commands == [] and launcher.urls == ["/d/a.pdf"]

    launcher = Launcher()  # not a PDF: a page means nothing, the default app opens it
    launcher.opener("linux", only("evince")).open("/d/a.docx", page=4)
    assert launcher.commands == [] and launcher.urls == ["/d/a.docx"]

    launcher = Launcher({"evince": None})  # the viewer failed to start
    launcher.opener("linux", only("evince")).open("/d/a.pdf", page=2)
    assert launcher.urls == ["/d/a.pdf"]


def test_reveal_linux_falls_back_to_the_folder() -> None:
    launcher = Launcher()
    assert launcher.opener("linux", only("dbus-send", "xdg-open")).reveal("/d/a.txt")
    assert [c[0][0] for c in launcher.commands] == ["dbus-send"]
    assert launcher.commands[0][1] is True  # waits for the reply to know it worked

    launcher = Launcher({"dbus-send": 1})  # no FileManager1 service
    assert launcher.opener("linux", only("dbus-send", "xdg-open")).reveal("/d/a.txt")
    assert [c[0] for c in launcher.commands][1] == ["xdg-open", "/d"]

    launcher = Launcher()  # no D-Bus tools at all: open the folder through Qt
    assert launcher.opener("linux", only()).reveal("/d/a.txt")
    assert launcher.commands == [] and launcher.urls == ["/d"]


def test_reveal_macos_windows_and_copy() -> None:
    launcher = Launcher()
    launcher.opener("darwin", only()).reveal("/Users/me/a.txt")
    launcher.opener("win32", only()).reveal(r"C:\a.txt")
    assert [c[0] for c in launcher.commands] == [
        ["open", "-R", "/Users/me/a.txt"],
        ["explorer", r"/select,C:\a.txt"],
    ]
    launcher.opener("linux", only()).copy_path("/d/a.txt")
    assert launcher.copied == ["/d/a.txt"]
