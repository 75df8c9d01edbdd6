"""Damaged, locked, vanished, binary and empty files end in the right typed error."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from desktop_app.core.errors import (
    CorruptFileError,
    FileError,
    FileLockedError,
    FileVanishedError,
    NoTextError,
    UnsupportedFileError,
)
from desktop_app.core.ingest import registry
from desktop_app.core.ingest.document import Extracted, Section
from desktop_app.core.ingest.extract import extract
from tests.unit.ingest_samples import make_epub, make_pdf


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Some text long enough to make a real zip body. " * 20)
    document.save(str(path))
    return path


def _truncate(path: Path, keep: float = 0.5) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".pptx", ".xlsx", ".odt", ".epub"])
def test_garbage_with_a_document_extension_is_corrupt(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"fake{suffix}"
    path.write_bytes(b"this is not really a document at all\n" * 10)
    with pytest.raises(CorruptFileError) as info:
        extract(path)
    assert path.name in str(info.value)
    assert info.value.hint


def test_truncated_docx_is_corrupt(tmp_path: Path) -> None:
    path = _truncate(_docx(tmp_path / "cut.docx"))
    with pytest.raises(CorruptFileError):
        extract(path)


def test_truncated_pdf_is_corrupt_or_loses_no_more_than_its_tail(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(make_pdf([["Page one."], ["Page two."]]))
    _truncate(path, 0.3)
    with pytest.raises(CorruptFileError, match=r"cut\.pdf"):
        extract(path)


def test_zip_without_the_main_part_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CorruptFileError, match=r"word/document\.xml is missing"):
        extract(path)


def test_encrypted_office_file_is_password_protected(tmp_path: Path) -> None:
    # Encrypted OOXML is an OLE compound file holding an "EncryptedPackage" stream (MS-OFFCRYPTO).
    path = tmp_path / "locked.xlsx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1016
    path.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)
    with pytest.raises(FileLockedError, match="password-protected"):
        extract(path)


def test_old_binary_office_file_renamed_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    with pytest.raises(UnsupportedFileError, match="old binary Office format"):
        extract(path)


def test_encrypted_odt_is_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "locked.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", b"\x8f\x12binary-ciphertext")
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ">"
            '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
            "</manifest:file-entry></manifest:manifest>",
        )
    with pytest.raises(FileLockedError, match="password-protected"):
        extract(path)


def test_epub_without_container_is_corrupt(tmp_path: Path) -> None:
    path = make_epub(tmp_path / "book.epub", [("One", "<p>x</p>")])
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            if item.filename != "META-INF/container.xml":
                dst.writestr(item, src.read(item))
    with pytest.raises(CorruptFileError, match=r"broken\.epub"):
        extract(broken)


def test_binary_content_in_a_text_file_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(UnsupportedFileError, match="binary"):
        extract(path)


@pytest.mark.parametrize("name", ["empty.txt", "blank.md", "spaces.py"])
def test_empty_documents_have_no_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("" if name == "empty.txt" else "\n \n\t\n", encoding="utf-8")
    with pytest.raises(NoTextError, match="contains no text"):
        extract(path)


def test_empty_docx_has_no_text(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(NoTextError):
        extract(path)


def test_unknown_extension_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "movie.mkv"
    path.write_bytes(b"\x1a\x45\xdf\xa3")
    with pytest.raises(UnsupportedFileError, match=r"\.mkv files"):
        extract(path)


def test_vanished_file(tmp_path: Path) -> None:
    with pytest.raises(FileVanishedError, match="moved or deleted") as info:
        extract(tmp_path / "gone.pdf")
    assert info.value.reason == "vanished"


def test_directory_with_a_file_name_is_unsupported(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(UnsupportedFileError, match="not a regular file"):
        extract(tmp_path / "folder.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_fifo_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(UnsupportedFileError):  # opening it would block forever
        extract(fifo)


def test_permission_denied_is_locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "private.txt"
    path.write_text("secret", encoding="utf-8")
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    # Tests may run as root, where chmod 000 does not stop reads; simulate the OS refusing.
    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(FileLockedError, match="not allowed to read") as info:
        extract(path)
    assert info.value.reason == "locked"


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root reads anything")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    path = tmp_path / "private.txt"
    path.write_text("secret", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(FileLockedError):
            extract(path)
    finally:
        path.chmod(0o600)


def _explodes(path: Path) -> Extracted:
    raise KeyError("word/styles.xml")  # what a parser raises on a damaged package


def _nothing(path: Path) -> Extracted:
    return Extracted("blank", [Section("  \n ")])


def test_unexpected_parser_exception_becomes_corrupt_file(tmp_path: Path) -> None:
    registry.register([".boom"], _explodes, "boom")
    try:
        path = tmp_path / "x.boom"
        path.write_text("x", encoding="utf-8")
        with pytest.raises(CorruptFileError, match="KeyError") as info:
            extract(path)
        assert isinstance(info.value, FileError)
    finally:
        registry.unregister([".boom"])


def test_whitespace_only_sections_mean_no_text(tmp_path: Path) -> None:
    registry.register([".blank"], _nothing, "blank")
    try:
        path = tmp_path / "x.blank"
        path.write_text("x", encoding="utf-8")
        with pytest.raises(NoTextError):
            extract(path)
    finally:
        registry.unregister([".blank"])
