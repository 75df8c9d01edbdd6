"""PowerPoint decks read straight from their XML: one section per slide, in reading order.

Each slide's shapes are read top to bottom, left to right (groups in place, tables as Markdown),
titled by the slide's title placeholder, followed by its speaker notes. A placeholder without a
position of its own sits where its layout (or, through the layout, the master) puts it; each
layout and master is read once per deck. Text reads as python-pptx reads it: paragraphs joined
by line feeds, a line break inside one as a vertical tab.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop_app.core.ingest.document import Extracted, Location, Section
from desktop_app.core.ingest.formats.common import clean_inline, corrupt, empty
from desktop_app.core.ingest.formats.embedded import readable_images
from desktop_app.core.ingest.formats.ooxml import REL, Package
from desktop_app.core.ingest.formats.tables import markdown_table

__all__ = ["Deck", "extract_pptx"]

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_SP, _GRP, _FRAME, _PIC = P + "sp", P + "grpSp", P + "graphicFrame", P + "pic"
_SHAPES = frozenset({_SP, _GRP, _FRAME, P + "cxnSp", _PIC, P + "contentPart"})
_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
# The master placeholder a layout placeholder of each type takes its position from.
_MASTER_TYPE = {
    "body": "body",
    "chart": "body",
    "clipArt": "body",
    "ctrTitle": "title",
    "dgm": "body",
    "dt": "dt",
    "ftr": "ftr",
    "media": "body",
    "obj": "body",
    "pic": "body",
    "sldNum": "sldNum",
    "subTitle": "body",
    "tbl": "body",
    "title": "title",
}

Point = tuple[int, int] | None  # (top, left) in EMU, or None when the shape sets none


def _placeholder(shape: Any) -> Any | None:
    """The shape's ``p:ph`` element (in its non-visual properties), if it is a placeholder."""
    first = shape[0] if len(shape) else None
    if first is None:
        return None
    return first.find(f"{P}nvPr/{P}ph")


def _ph_idx(ph: Any) -> int:
    value = ph.get("idx", "0")
    return int(value) if value.isdigit() else -1


def _offset(shape: Any) -> Point:
    """The shape's own (top, left), from its transform's offset."""
    tag = shape.tag
    if tag == _GRP:
        off = shape.find(f"{P}grpSpPr/{A}xfrm/{A}off")
    elif tag == _FRAME:
        off = shape.find(f"{P}xfrm/{A}off")
    else:
        off = shape.find(f"{P}spPr/{A}xfrm/{A}off")
    if off is None:
        return None
    try:
        return int(off.get("y", "")), int(off.get("x", ""))
    except ValueError:
        return None


def _shapes(tree: Any) -> list[Any]:
    return [child for child in tree if child.tag in _SHAPES]


def _paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []
    for child in paragraph:
        tag = child.tag
        if tag == A + "r" or tag == A + "fld":
            t = child.find(A + "t")
            parts.append((t.text or "") if t is not None else "")
        elif tag == A + "br":
            parts.append("\v")
    return "".join(parts)


def _body_text(body: Any | None) -> str:
    """A text body's paragraphs, one per line."""
    if body is None:
        return ""
    return "\n".join(_paragraph_text(p) for p in body.iterchildren(A + "p"))


def _table(frame: Any) -> Any | None:
    data = frame.find(f"{A}graphic/{A}graphicData")
    if data is None or data.get("uri") != _TABLE_URI:
        return None
    return data.find(A + "tbl")


def _table_markdown(table: Any) -> str:
    """The table as Markdown; its first row is the header when the table's style says so
    (``firstRow``, PowerPoint's "Header Row", on by default), else guessed."""
    props = table.find(A + "tblPr")
    marked = props is not None and props.get("firstRow") in ("1", "true")
    rows = [
        [clean_inline(_body_text(tc.find(A + "txBody"))) for tc in tr.iterchildren(A + "tc")]
        for tr in table.iterchildren(A + "tr")
    ]
    return markdown_table(rows, header=True if marked else None)


class Deck:
    """A deck's slides in order, with their layouts' and masters' placeholder positions."""

    def __init__(self, package: Package) -> None:
        self.package = package
        main = package.main_part("ppt/presentation.xml")
        if not package.has(main):
            raise corrupt(package.path, "PowerPoint", "ppt/presentation.xml is missing")
        rels = package.rels_by_id(main)
        self.slides: list[str] = []
        for sld_id in package.xml(main).iterfind(f"{P}sldIdLst/{P}sldId"):
            rel = rels.get(sld_id.get(f"{{{REL}}}id") or "")
            if rel is not None and not rel.external and package.has(rel.target):
                self.slides.append(rel.target)
        self._layouts: dict[str, dict[int, Point]] = {}
        self._masters: dict[str, dict[str, Point]] = {}

    def slide(self, part: str) -> tuple[Any, dict[str, Any]]:
        """A slide's shape tree and its relationships by id."""
        return self.package.xml(part).find(f"{P}cSld/{P}spTree"), self.package.rels_by_id(part)

    def _master_points(self, master: str | None) -> dict[str, Point]:
        if master is None:
            return {}
        if master not in self._masters:
            points: dict[str, Point] = {}
            tree = self.package.xml(master).find(f"{P}cSld/{P}spTree")
            for shape in _shapes(tree) if tree is not None else []:
                ph = _placeholder(shape)
                if ph is not None:
                    points.setdefault(ph.get("type", "obj"), _offset(shape))
            self._masters[master] = points
        return self._masters[master]

    def layout_points(self, layout: str | None) -> dict[int, Point]:
        """Where each placeholder of a layout sits (by idx), inherited from the master when the
        layout does not say."""
        if layout is None:
            return {}
        if layout not in self._layouts:
            masters = self._master_points(self.package.related(layout, "slideMaster"))
            points: dict[int, Point] = {}
            tree = self.package.xml(layout).find(f"{P}cSld/{P}spTree")
            for shape in _shapes(tree) if tree is not None else []:
                ph = _placeholder(shape)
                idx = _ph_idx(ph) if ph is not None else -1
                if ph is None or idx in points:
                    continue
                point = _offset(shape)
                if point is None and shape.tag == _SP:
                    point = masters.get(_MASTER_TYPE.get(ph.get("type", "obj"), ""))
                points[idx] = point
            self._layouts[layout] = points
        return self._layouts[layout]

    def notes(self, slide: str) -> str:
        """The speaker notes of a slide (the notes page's body placeholder)."""
        notes = self.package.related(slide, "notesSlide")
        if notes is None:
            return ""
        tree = self.package.xml(notes).find(f"{P}cSld/{P}spTree")
        for shape in _shapes(tree) if tree is not None else []:
            ph = _placeholder(shape)
            if ph is not None and ph.get("type") == "body":
                return _body_text(shape.find(P + "txBody")) if shape.tag == _SP else ""
        return ""


def _reading_order(shapes: list[Any], layout: dict[int, Point] | None) -> list[Any]:
    """Shapes top to bottom, left to right (stable: ties keep the file's order); placeholders
    without a position of their own take their layout's (slide level only)."""

    def position(shape: Any) -> tuple[int, int]:
        point = _offset(shape)
        if point is None and layout is not None and shape.tag in (_SP, _PIC):
            ph = _placeholder(shape)
            if ph is not None:
                point = layout.get(_ph_idx(ph))
        return point or (0, 0)

    return sorted(shapes, key=position)


def _shape_texts(shapes: list[Any], layout: dict[int, Point] | None) -> Iterator[str]:
    """Text of shapes in reading order, groups and tables too."""
    for shape in _reading_order(shapes, layout):
        if shape.tag == _GRP:
            yield from _shape_texts(_shapes(shape), None)
        elif shape.tag == _FRAME:
            table = _table(shape)
            if table is not None:
                yield _table_markdown(table)
        elif shape.tag == _SP:
            yield _body_text(shape.find(P + "txBody"))


def _title(tree: Any) -> str:
    """The text of the slide's title placeholder (the first placeholder with idx 0)."""
    for shape in _shapes(tree):
        ph = _placeholder(shape)
        if ph is not None and _ph_idx(ph) == 0:
            return clean_inline(_body_text(shape.find(P + "txBody")))
    return ""


def slide_pictures(
    deck: Deck, number: int, tree: Any, rels: dict[str, Any]
) -> list[tuple[Location, bytes]]:
    """The pictures of one slide, in the file's order (groups in place), with their bytes."""
    out: list[tuple[Location, bytes]] = []

    def walk(shapes: list[Any]) -> None:
        for shape in shapes:
            if shape.tag == _GRP:
                walk(_shapes(shape))
            elif shape.tag == _PIC:  # placeholders too: a picture put into a content box
                nv = shape.find(f"{P}nvPicPr/{P}nvPr")
                if nv is not None and nv.find(A + "videoFile") is not None:
                    continue  # a movie's poster frame
                blip = shape.find(f"{P}blipFill/{A}blip")
                rel = rels.get(blip.get(f"{{{REL}}}embed") or "") if blip is not None else None
                if rel is None or rel.external or not deck.package.has(rel.target):
                    continue  # a linked picture: nothing inside the file
                out.append((Location(slide=number), deck.package.read(rel.target)))

    walk(_shapes(tree))
    return out


def deck_pictures(package: Package) -> list[tuple[Location, bytes]]:
    """Every picture of the deck, slide by slide (the OCR pass numbers them the same way)."""
    deck = Deck(package)
    out: list[tuple[Location, bytes]] = []
    for number, part in enumerate(deck.slides, start=1):
        tree, rels = deck.slide(part)
        if tree is not None:
            out.extend(slide_pictures(deck, number, tree, rels))
    return out


def extract_pptx(path: Path) -> Extracted:
    """A PowerPoint deck: one section per slide (title as heading), speaker notes included."""
    sections: list[Section] = []
    pictures: list[tuple[Location, bytes]] = []
    with Package(path, "PowerPoint") as package:
        deck = Deck(package)
        for number, part in enumerate(deck.slides, start=1):
            tree, rels = deck.slide(part)
            if tree is None:
                continue
            layout = deck.layout_points(package.related(part, "slideLayout"))
            title = _title(tree)
            parts = [t.strip() for t in _shape_texts(_shapes(tree), layout) if t.strip()]
            notes = deck.notes(part).strip()
            if notes:
                parts.append(f"Notes: {notes}")
            if parts:
                location = Location(slide=number, heading=title or None)
                sections.append(Section("\n\n".join(parts), location))
            pictures.extend(slide_pictures(deck, number, tree, rels))
    readable = readable_images(pictures)
    if not sections and not readable:
        raise empty(path)
    return Extracted("pptx", sections, None, ocr_pages=readable)
