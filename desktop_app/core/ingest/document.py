"""What an extractor returns: text sections, each with the place in the file it came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.core.ingest.rows import PreparedChunk

__all__ = [
    "Extracted",
    "Location",
    "Section",
    "format_boxes",
    "format_range",
    "parse_boxes",
    "parse_range",
]


def format_range(first: int, last: int) -> str:
    """``"12-40"`` for a span of rows or lines, ``"12"`` when it is a single one."""
    return str(first) if first == last else f"{first}-{last}"


def parse_range(text: str) -> tuple[int, int]:
    """The (first, last) numbers of a ``"12-40"`` or ``"12"`` range."""
    first, _, last = text.partition("-")
    return int(first), int(last or first)


def format_boxes(boxes: Sequence[Sequence[float]]) -> str:
    """Boxes (x0, y0, x1, y1 as shares of the page, 0-1) kept compactly, in thousandths:
    ``"102,88,640,104 102,110,655,126"``."""
    return " ".join(",".join(str(round(min(max(v, 0.0), 1.0) * 1000)) for v in b) for b in boxes)


def parse_boxes(text: str | None) -> list[tuple[float, float, float, float]]:
    """The boxes ``format_boxes`` kept (shares of the page); [] for none or a damaged value."""
    out = []
    for group in (text or "").split():
        values = group.split(",")
        if len(values) != 4 or not all(v.isdigit() for v in values):
            return []
        x0, y0, x1, y1 = (int(v) / 1000 for v in values)
        out.append((x0, y0, x1, y1))
    return out


@dataclass(frozen=True)
class Location:
    """Where a piece of text sits in its file: page, slide, sheet rows, heading path, lines."""

    page: int | None = None
    slide: int | None = None
    sheet: str | None = None
    rows: str | None = None
    heading: str | None = None
    lines: str | None = None
    ocr: bool | None = None  # the text was read off an image of the page (OCR)
    # OCR'd text: each of its lines' box on the page image (``format_boxes``), for the viewer.
    boxes: str | None = None

    def label(self) -> str:
        """Short human text for a citation: "p. 3", "slide 2", "Sheet1 rows 2-40", "lines 10-42";
        text read by OCR says so: "p. 3, OCR"."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.slide is not None:
            parts.append(f"slide {self.slide}")
        if self.sheet is not None or self.rows is not None:
            rows = f"{_plural('row', self.rows)} {self.rows}" if self.rows else ""
            parts.append(" ".join(p for p in (self.sheet, rows) if p))
        if self.heading:
            # Next to a page or slide number only the innermost heading is worth the space.
            parts.append(self.heading.rsplit(" > ", 1)[-1] if parts else self.heading)
        if self.lines is not None:
            parts.append(f"{_plural('line', self.lines)} {self.lines}")
        if self.ocr:
            parts.append("OCR")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The set fields only, for compact JSON storage."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {k: v for k, v in values.items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Location:
        """Inverse of ``to_dict``; unknown keys (from a newer Trove) are ignored."""
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def with_(self, **changes: Any) -> Location:
        """A copy with some fields changed."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Section:
    """A run of text from one place in a file.

    When ``location.lines`` (or ``location.rows``) is ``"a-b"`` the text holds exactly ``b-a+1``
    lines, line ``i`` of the text being line (row) ``a+i``; the chunker relies on this to give each
    chunk its own narrower range.
    """

    text: str
    location: Location = field(default_factory=Location)
    # A table's header row and rule, repeated at the top of every chunk cut from this section
    # (its first line, when it is that header row, is then not repeated).
    header: str = ""


@dataclass(frozen=True)
class Extracted:
    """The text of one file: its kind ("pdf", "markdown", ...), sections, and detected encoding."""

    kind: str
    sections: list[Section]
    encoding: str | None = None
    # Things the user may want to know although the file was read, e.g. pages without text.
    notes: list[str] = field(default_factory=list)
    # Set when the extraction worker also chunked the text into catalog rows (ExtractionPool
    # chunk_tokens=...); ``sections`` is then empty.
    chunks: list[PreparedChunk] | None = None
    # How many chunks the text made when ``chunks`` holds only the first ones (a per-file cap).
    chunks_total: int | None = None
    # Pages (1-based; an image file's frames) with no text layer, left for OCR: the cheap pass
    # leaves them out, the OCR pass (``ingest/ocr_pages.py``) reads them.
    ocr_pages: tuple[int, ...] = ()
    # Pages of a PDF with a text layer: where the table NIMs look for tables (in the OCR pass).
    table_pages: tuple[int, ...] = ()
    # The table NIMs looked at this PDF (none found down): it is not read again for its tables.
    tables_read: bool = False
    ocr_failed: int = 0  # pages OCR could not read (the notes say why)
    # A language the file seems to be in that the engine which read it cannot read ("Korean").
    ocr_unreadable: str | None = None

    @property
    def text(self) -> str:
        """All section texts joined by blank lines (for previews and hashing)."""
        return "\n\n".join(s.text for s in self.sections)


def _plural(noun: str, span: str) -> str:
    """ "line" for one line ("7"), "lines" for a range ("7-9")."""
    return f"{noun}s" if "-" in span else noun
