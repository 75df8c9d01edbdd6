"""Start-up cost: a command, or an extraction worker, loads only what it uses.

Each heavy library (httpx, numpy, chromadb, Qt, the keyring's backends, bs4, Pillow) costs tens
to hundreds of milliseconds to import; `trove --version`, a small `trove index --text-only` and
every extraction worker paid for all of them before doing anything (docs/benchmarks.md).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import keyring
import pytest

from desktop_app.core.nim.facts import ModelFacts
from desktop_app.core.nim_clients import NimClients
from desktop_app.core.settings import Settings
from tests.conftest import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("httpx", "numpy", "chromadb", "PySide6", "keyring", "bs4", "PIL", "pypdfium2", "lxml")


def _loaded_after(code: str) -> set[str]:
    """The heavy top-level packages a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    return set(out) & set(HEAVY)


def test_the_installed_commands_enter_through_a_module_that_imports_nothing_heavy() -> None:
    """pip's scripts import the entry's module at top level, and every spawned extraction
    worker re-runs that script: the CLI (or Qt, for the app) must not be in it."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert scripts["scripts"]["trove"] == "desktop_app.entry:cli"
    assert scripts["gui-scripts"]["trove-gui"] == "desktop_app.entry:gui"
    code = "import desktop_app.entry, sys\nassert 'desktop_app.cli' not in sys.modules"
    assert _loaded_after(code) == set()


def test_the_cli_parser_loads_no_heavy_library() -> None:
    assert _loaded_after("from desktop_app.cli import build_parser\nbuild_parser()") == set()


def test_the_engine_and_its_commands_load_no_heavy_library_until_used() -> None:
    """A text-only run needs neither the NIM clients (httpx) nor vectors (numpy, Chroma)."""
    assert _loaded_after("import desktop_app.core.command_table") == set()


def test_every_command_starts_without_package_metadata_or_the_email_parser() -> None:
    """Smaller, but paid by every command: importlib.metadata (the self-test's keyring check
    needs it) and email.utils (a NIM's Retry-After date) load when used."""
    code = (
        "import desktop_app.cli, desktop_app.core.command_table, sys\n"
        "desktop_app.cli.build_parser()\n"
        "print([m for m in sys.modules if m == 'importlib.metadata' or m.startswith('email')])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == "[]"


def test_an_extraction_worker_reads_html_and_office_files_without_bs4_or_pillow(
    tmp_path: Path,
) -> None:
    import docx

    page = tmp_path / "page.html"
    page.write_bytes(b'<html><head><meta charset="utf-8"></head><body><p>caf\xc3\xa9</p></body>')
    document = tmp_path / "report.docx"
    word = docx.Document()
    word.add_paragraph("No pictures here.")
    word.save(str(document))
    code = (
        "from desktop_app.core.ingest.worker import _extract_task\n"
        f"assert _extract_task(__import__('pathlib').Path({str(page)!r}), 400).chunks\n"
        f"assert _extract_task(__import__('pathlib').Path({str(document)!r}), 400).chunks\n"
    )
    assert _loaded_after(code) == {"lxml"}


@pytest.mark.parametrize(
    ("markup", "encoding"),
    [
        (b'<meta charset="UTF-8"><p>caf\xc3\xa9</p>', "utf-8"),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><p>caf\xe9</p>', "iso-8859-1"),
        (b'<meta charset="macintosh"><p>\x8e</p>', "mac-roman"),
        # Declared wrongly: bs4's guessing takes over, as before.
        (b'<meta charset="utf-8"><p>caf\xe9 au lait, cr\xe8me br\xfbl\xe9e</p>', "windows-1252"),
        (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "utf-8"),
        (b"<p>undeclared caf\xc3\xa9</p>", "utf-8"),
    ],
)
def test_html_charsets_are_found_as_bs4_finds_them(markup: bytes, encoding: str) -> None:
    from bs4 import UnicodeDammit

    from desktop_app.core.ingest.formats.markup import decode_html

    text, found = decode_html(markup)
    assert found == encoding
    if markup.startswith(b"<meta") or markup.startswith(b"<?xml"):
        reference = UnicodeDammit(markup, is_html=True)
        assert (text, found) == (reference.unicode_markup, reference.original_encoding)


def test_text_only_indexing_never_reads_the_keyring_without_an_ocr_nim(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The chunk size and the OCR job of a text-only run need no API key: the keyring's first
    use (loading its backends) cost ~0.4 s of every `trove index`."""
    asked: list[str] = []
    monkeypatch.setattr(keyring, "get_password", lambda *a: asked.append("get") or None)
    monkeypatch.delenv("NVIDIA_API_KEY", raising=False)
    clients = NimClients(Settings(), ModelFacts(tmp_path / "facts.json"))
    assert clients.embedding_facts().max_tokens
    assert clients.ocr_job() is not None  # OCR on, by the local engine
    assert asked == []
    settings = Settings()
    settings.set("ocr.base_url", "http://127.0.0.1:9/v1")  # an OCR NIM: the key is looked up
    NimClients(settings, ModelFacts(tmp_path / "facts.json")).ocr_job()
    assert asked == ["get"]
