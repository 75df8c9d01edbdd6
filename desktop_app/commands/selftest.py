"""``trove selftest``: index and search a few sample files in a throwaway base dir.

Proves an installed (frozen) Trove works end to end on this machine: spawned extraction workers,
the text formats' libraries (HTML, PDF), SQLite, the owner lock, keyring discovery, the local OCR
engine on a scanned receipt when one is installed (the installers bundle RapidOCR) and, given a
NIM URL, embedding, Chroma and semantic search. It never touches the user's own data or keyring.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.commands.common import Context
from desktop_app.commands.terminal import clean
from desktop_app.core.errors import TroveError

__all__ = ["SAMPLES", "SelftestFailure", "register", "run_selftest", "tiny_pdf", "write_samples"]

# File name -> content. Each has a word no other file has, so each keyword query has one answer.
SAMPLES: dict[str, str] = {
    "notes/quokka.txt": (
        "The quokka is a small marsupial that lives on Rottnest Island near Perth, in Western "
        "Australia. Visitors photograph the smiling quokka near the ferry landing.\n"
    ),
    "notes/kimchi.md": (
        "# 김치찌개\n\n"
        "김치찌개는 잘 익은 김치와 돼지고기, 두부를 넣고 끓이는 한국의 찌개입니다. "
        "겨울철에 특히 인기가 많습니다.\n"
    ),
    "web/sourdough.html": (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Sourdough</title></head>"
        "<body><h1>Baking sourdough bread</h1><p>Feed the starter with flour and water, let the "
        "dough rise overnight, then bake it in a very hot oven.</p></body></html>\n"
    ),
}
PDF_SAMPLE = "docs/lighthouse.pdf"
PDF_LINES = [
    "The Fastnet lighthouse stands on a rock off the south coast of Ireland.",
    "Its last keepers left the tower in 1989.",
]
# (query, expected file) for keyword search: one per format.
KEYWORD_CHECKS = [
    ("quokka", "notes/quokka.txt"),
    ("김치찌개", "notes/kimchi.md"),
    ("sourdough", "web/sourdough.html"),
    ("lighthouse", PDF_SAMPLE),
]
SEMANTIC_CHECK = ("Which small marsupial lives on an island?", "notes/quokka.txt")
# A photographed receipt for the local OCR engine: its word stands alone on a line, so the
# check fails only when the engine cannot read, not on a dropped word space.
SCAN_SAMPLE = "scans/receipt.png"
SCAN_LINES = ["Harbour Bakery receipt", "Pumpernickel", "Paid by card, thank you"]
SCAN_CHECK = ("pumpernickel", SCAN_SAMPLE)


class SelftestFailure(Exception):
    """One self-test step did not give the expected result."""


@dataclass
class _Report:
    lines: list[str] = field(default_factory=list)

    @contextmanager
    def step(self, name: str) -> Iterator[list[str]]:
        """Time one step; the body may append a detail; failures name the step."""
        detail: list[str] = []
        started = time.monotonic()
        try:
            yield detail
        except (SelftestFailure, TroveError) as exc:
            self.emit(f"[FAIL] {name}: {exc}")
            raise SelftestFailure(f"{name}: {exc}") from exc
        took = time.monotonic() - started
        self.emit(f"[ok  ] {name} ({took:.1f} s){': ' + detail[0] if detail else ''}")

    def emit(self, line: str) -> None:
        self.lines.append(line)
        print(clean(line), flush=True)


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` (ASCII) in Helvetica, built by hand: no writer needed."""
    text = "".join(f"({_pdf_escape(line)}) Tj T* " for line in lines)
    stream = f"BT /F1 12 Tf 14 TL 72 720 Td {text}ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def scanned_receipt(path: Path) -> None:
    """Render SCAN_LINES as a receipt image at ``path``, in Pillow's own font (no system font)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=40)
    image = Image.new("L", (900, 360), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(SCAN_LINES):
        draw.text((60, 60 + 80 * n), line, fill=0, font=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def write_samples(folder: Path, scan: bool = False) -> list[Path]:
    """Write the sample files (text, Markdown, HTML, PDF; with ``scan`` a scanned receipt) under
    ``folder``; their paths."""
    written = []
    for name, content in SAMPLES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    pdf = folder / PDF_SAMPLE
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(tiny_pdf(PDF_LINES))
    written.append(pdf)
    if scan:
        scanned_receipt(folder / SCAN_SAMPLE)
        written.append(folder / SCAN_SAMPLE)
    return written


def _local_ocr_engine(settings: Any) -> str | None:
    """The local OCR engine this machine would use ('rapidocr', 'tesseract'), None if none."""
    from desktop_app.core.ocr.engines import OcrJob, local_engine_name

    return local_engine_name(OcrJob.from_settings(settings, None))


def _check_keyring_discovery() -> str:
    """keyring finds its backends through package metadata, which a frozen app must carry."""
    import importlib.metadata  # (here: 10-20 ms that no other command needs)

    import keyring

    names = sorted(ep.name for ep in importlib.metadata.entry_points(group="keyring.backends"))
    if not names:
        raise SelftestFailure(
            "no keyring backends are registered (the keyring package metadata is missing)"
        )
    backend = type(keyring.get_keyring())
    # A 'fail' backend is normal on headless Linux (no Secret Service); not a self-test failure.
    return f"{len(names)} backends registered, active: {backend.__module__}.{backend.__name__}"


@contextmanager
def _no_keyring() -> Iterator[None]:
    """Keep the user's stored API key (and any Keychain prompt) out of the self-test."""
    import keyring
    from keyring.backends.null import Keyring as NullKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(NullKeyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def _expect_top(response: dict[str, Any], expected: Path, query_label: str) -> str:
    results = response["results"]
    if not results:
        raise SelftestFailure(f"{query_label} found nothing (expected {expected.name})")
    top = Path(results[0]["path"])
    if top != expected:
        raise SelftestFailure(f"{query_label} ranked {top.name} first, expected {expected.name}")
    return f"{expected.name} first of {len(results)}"


def run_selftest(nim_url: str | None, keep: bool = False) -> list[str]:
    """Run every step; the report lines. Raises SelftestFailure naming the failed step."""
    from desktop_app.core.engine import Engine
    from desktop_app.core.owner import OwnerLock
    from desktop_app.core.paths import resolve_dirs
    from desktop_app.core.settings import LOCAL_PROFILE, Settings, apply_profile

    report = _Report()
    # Resolved: on macOS the temp dir is behind a symlink, and results carry resolved paths.
    root = Path(tempfile.mkdtemp(prefix="trove-selftest-")).resolve()
    from desktop_app import __version__

    report.emit(f"Trove {__version__} self-test in {root}")
    try:
        with report.step("platform dirs") as detail:
            installed = resolve_dirs(None)  # computed only: nothing is created in the user's dirs
            detail.append(f"data dir for this user: {installed.data}")
        with report.step("keyring discovery") as detail:
            detail.append(_check_keyring_discovery())
        dirs = resolve_dirs(root / "home").ensure()
        files = root / "files"
        settings = Settings(path=dirs.settings_file)
        apply_profile(settings, LOCAL_PROFILE)  # no OCR NIM: scans go to the local engine
        ocr_engine = _local_ocr_engine(settings)
        with report.step("sample files") as detail:
            written = write_samples(files, scan=ocr_engine is not None)
            scan = ", a scanned .png" if ocr_engine else ""
            detail.append(f"{len(written)} files (.txt, .md in Korean, .html, .pdf{scan})")
        if nim_url:
            for service in ("embedding", "rerank", "chat"):
                settings.set(f"{service}.base_url", nim_url)
        # An env name nobody sets: with the null keyring below, no API key is ever sent.
        settings.set("api_key_env", "TROVE_SELFTEST_NO_API_KEY")
        settings.set("index.workers", 1)
        settings.save()

        lock = OwnerLock(dirs.lock_file)
        with report.step("single-instance lock") as detail:
            if not lock.try_acquire():
                raise SelftestFailure(f"could not lock the fresh data dir {dirs.data}")
            if OwnerLock(dirs.lock_file).try_acquire():
                raise SelftestFailure("a second lock on the same data dir was granted")
            detail.append("held, and a second owner is refused")
        try:
            # As the desktop app runs it: Chroma in its own child process, so a frozen build
            # proves that child starts too.
            engine = Engine(dirs, settings, store_in_child=True)
            with _no_keyring():
                _index_and_search(report, engine, files, nim_url, ocr_engine)
        finally:
            lock.release()
    finally:
        if keep:
            report.emit(f"Kept {root} (--keep).")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return report.lines


def _index_and_search(
    report: _Report, engine: Any, files: Path, nim_url: str | None, ocr_engine: str | None
) -> None:
    try:
        with report.step("add folder"):
            engine.add_folder(str(files), [], [], 0)
        with report.step("index (text" + (" + vectors)" if nim_url else " only)")) as detail:
            summary = engine.index(vectors=bool(nim_url))
            expected = len(SAMPLES) + 1 + (1 if ocr_engine else 0)
            if summary["indexed"] != expected or summary["failed"]:
                raise SelftestFailure(
                    f"indexed {summary['indexed']} of {expected} files, {summary['failed']} failed"
                    + "".join(f"; {s['path']}: {s['reason']}" for s in summary["skipped"])
                )
            line = f"{summary['indexed']} files in spawned extraction workers"
            vectors = summary["vectors"]
            if vectors is not None:
                if vectors["state"] != "ok":
                    raise SelftestFailure(f"embedding paused: {vectors['message']}")
                if not vectors["embedded"]:
                    raise SelftestFailure("no chunk was embedded")
                line += f", {vectors['embedded']} chunks embedded"
            detail.append(line)
        for query, name in KEYWORD_CHECKS:
            label = f"keyword search ({Path(name).suffix})"
            with report.step(label) as detail:
                response = engine.search(query, "keyword", 5).to_dict()
                detail.append(_expect_top(response, files / name, label))
        _check_ocr(report, engine, files, ocr_engine)
        if not nim_url:
            report.emit("[skip] semantic search: no --nim-url given, so vectors were skipped")
            return
        with report.step("semantic search") as detail:
            query, name = SEMANTIC_CHECK
            response = engine.search(query, "semantic", 5).to_dict()
            if response["mode"] != "semantic" or response["notice"]:
                raise SelftestFailure(f"fell back to {response['mode']}: {response['notice']}")
            detail.append(_expect_top(response, files / name, "semantic search"))
    finally:
        engine.close()


def _check_ocr(report: _Report, engine: Any, files: Path, ocr_engine: str | None) -> None:
    """The scanned receipt was read by the local engine: a word of it is found, marked OCR."""
    if ocr_engine is None:
        report.emit(
            "[skip] OCR: no local OCR engine here (the installers bundle RapidOCR; "
            "from source: pip install 'trove[ocr]', or install Tesseract)"
        )
        return
    query, name = SCAN_CHECK
    with report.step(f"OCR of a scanned .png ({ocr_engine})") as detail:
        response = engine.search(query, "keyword", 5).to_dict()
        detail.append(_expect_top(response, files / name, f"keyword search ({query})"))
        if not (response["results"][0].get("location_detail") or {}).get("ocr"):
            raise SelftestFailure(f"{Path(name).name} was found, but not as OCR text")


def _selftest(ctx: Context, args: argparse.Namespace) -> int:
    started = time.monotonic()
    try:
        run_selftest(args.nim_url, keep=args.keep)
    except SelftestFailure as exc:
        print(f"Self-test FAILED: {clean(exc)}", file=sys.stderr)
        return 1
    except Exception:  # a bug, or a library missing from a frozen build: show all of it
        print("Self-test FAILED with an unexpected error:", file=sys.stderr)
        traceback.print_exc()
        return 2
    took = time.monotonic() - started
    print(f"Self-test passed in {took:.1f} s.")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``selftest`` to the CLI."""
    p = sub.add_parser(
        "selftest",
        help="index and search sample files in a temporary dir; exit 0 if Trove works here",
    )
    p.add_argument(
        "--nim-url",
        help="a NIM serving embeddings (e.g. http://127.0.0.1:8000/v1); without it, keyword only",
    )
    p.add_argument("--keep", action="store_true", help="keep the temporary dir and print it")
    p.set_defaults(handler=_selftest)
