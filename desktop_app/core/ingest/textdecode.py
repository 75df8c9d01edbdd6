"""Turn the bytes of a text file into str: BOMs, a UTF-8 fast path, then charset detection."""

from __future__ import annotations

import codecs

from desktop_app.core.ingest.charsets import guess_legacy_encoding

__all__ = [
    "BinaryContentError",
    "decode_text",
    "looks_binary",
    "normalize_newlines",
]

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SNIFF = 8192


class BinaryContentError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def _utf16_without_bom(sample: bytes) -> str | None:
    """Guess BOM-less UTF-16 from where the NUL bytes sit (mostly ASCII text in UTF-16)."""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def looks_binary(sample: bytes) -> bool:
    """Whether a leading sample of a file is binary (NUL bytes or many control characters)."""
    if not sample:
        return False
    if b"\x00" in sample:
        return _utf16_without_bom(sample) is None
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > 0.1 * len(sample)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return (text, encoding) or raise BinaryContentError.

    Order matters for speed: a BOM is certain, and strict UTF-8 succeeds on almost every modern
    file in one C call; charset detection (slow, statistical) runs only for legacy encodings.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                raise BinaryContentError(f"invalid {encoding} after its byte order mark") from None
    sample = data[:_SNIFF]
    if b"\x00" in sample:
        guess = _utf16_without_bom(sample)
        if guess is None:
            raise BinaryContentError("binary content (NUL bytes)")
        try:
            return data.decode(guess), guess
        except UnicodeDecodeError:
            raise BinaryContentError("binary content (NUL bytes)") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if looks_binary(sample):
        raise BinaryContentError("binary content (control bytes)")
    legacy = guess_legacy_encoding(data)
    if legacy is None:
        raise BinaryContentError("no text encoding fits the bytes")
    return data.decode(legacy, "replace"), legacy


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so line numbers match what editors show."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
