"""A document's blocks (``core/viewer/document_blocks``) laid out in a QTextDocument: headings,
slides as framed boxes with their numbers, sheets as tables with row numbers, a mail's headers,
running text; the cited passage (text, slide or rows) tinted. It also lists the places to jump
to (headings, slides, sheets) for the viewer's contents list.

Strings keep the "TextViewer" translation context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QTextLength,
    QTextTable,
    QTextTableFormat,
)

from desktop_app.core.viewer.document_blocks import is_rule, row_cells, table_runs
from desktop_app.ui.search_model import blend

__all__ = ["MAX_TABLE_CELLS", "Layout", "highlight_colour", "lay_out"]

# Cells laid out at most (a QTextDocument table grows slow past that); rows away from the cited
# ones are left out beyond it.
MAX_TABLE_CELLS = 12000
_PASSAGE = QColor(255, 196, 0)


def _mail_label(name: str) -> str:
    """A mail header's name, as the window's language says it."""
    labels = {
        "Subject": QCoreApplication.translate("TextViewer", "Subject"),
        "From": QCoreApplication.translate("TextViewer", "From"),
        "To": QCoreApplication.translate("TextViewer", "To"),
        "Cc": QCoreApplication.translate("TextViewer", "Cc"),
        "Date": QCoreApplication.translate("TextViewer", "Date"),
        "Attachments": QCoreApplication.translate("TextViewer", "Attachments"),
    }
    return labels.get(name, name)


def highlight_colour(palette: QPalette) -> QColor:
    """The cited passage's tint: amber mixed into the page colour, so it reads in light and dark."""
    return blend(_PASSAGE, palette.color(QPalette.ColorRole.Base), 0.42)


@dataclass
class Layout:
    """Where things landed: the cited passage's range, the places to jump to, rows left out."""

    passage: tuple[int, int] | None = None
    places: list[tuple[str, int]] = field(default_factory=list)  # (label, position)
    rows_left_out: int = 0


class _Writer:
    """Appends blocks at the end of one document."""

    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        self.document = document
        self.cursor = QTextCursor(document)
        self.palette = palette
        self.tint = highlight_colour(palette)
        self.muted = palette.color(QPalette.ColorRole.PlaceholderText)
        # Rules and frames: a quiet line on either scheme (the palette's Mid is bright in dark).
        self.rule = blend(
            palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.3
        )
        self.layout = Layout()
        self.first = True
        self.page: int | None = None
        base = document.defaultFont().pointSizeF()
        self.base_size = base if base > 0 else 10.0

    def fmt(
        self, *, bold: bool = False, scale: float = 1.0, muted: bool = False
    ) -> QTextCharFormat:
        out = QTextCharFormat()
        if bold:
            out.setFontWeight(QFont.Weight.Bold)
        if scale != 1.0:
            out.setFontPointSize(self.base_size * scale)
        if muted:
            out.setForeground(self.muted)
        return out

    def block(self, top: float = 0.0) -> None:
        """Start a new paragraph (the document's first one is already there)."""
        spacing = QTextBlockFormat()
        spacing.setTopMargin(top)
        if self.first:
            self.cursor.setBlockFormat(spacing)
            self.first = False
        else:
            self.cursor.insertBlock(spacing, QTextCharFormat())

    def cited(self, start: int) -> None:
        """Tint what was written since ``start`` as the cited passage."""
        mark = QTextCursor(self.document)
        mark.setPosition(start)
        mark.setPosition(self.cursor.position(), QTextCursor.MoveMode.KeepAnchor)
        tint = QTextCharFormat()
        tint.setBackground(self.tint)
        mark.mergeCharFormat(tint)
        self.layout.passage = (start, self.cursor.position())

    # ------------------------------------------------------------------ blocks

    def heading(self, item: dict[str, Any]) -> None:
        level = max(1, int(item.get("level") or 1))
        self.block(top=12.0 if level <= 2 else 8.0)
        self.layout.places.append(
            ("    " * (level - 1) + str(item["text"]), self.cursor.position())
        )
        scale = {1: 1.5, 2: 1.3, 3: 1.15}.get(level, 1.05)
        self.cursor.insertText(str(item["text"]), self.fmt(bold=True, scale=scale))

    def text(self, item: dict[str, Any], top: float = 4.0) -> None:
        page = item.get("page")
        if isinstance(page, int) and page != self.page:
            self.page = page
            self.block(top=10.0)
            label = QCoreApplication.translate("TextViewer", "p. {page}").format(page=page)
            self.layout.places.append((label, self.cursor.position()))
            self.cursor.insertText(label, self.fmt(muted=True))
        self.block(top=top)
        start = self.cursor.position()
        # A table in the text (DOCX, HTML, ODT, PDF tables are Markdown) is shown as a table.
        for n, (is_table, run) in enumerate(table_runs(str(item.get("text") or ""))):
            if n:
                self.block()
            if is_table:
                self.markdown_table(run.split("\n"))
            else:
                self.cursor.insertText(run, QTextCharFormat())
        if item.get("cited"):
            self.cited(start)

    def markdown_table(self, lines: list[str]) -> None:
        """Markdown table lines as a table (the first line as its header when a rule follows)."""
        header = row_cells(lines[0]) if len(lines) > 1 and is_rule(lines[1]) else []
        rows = [row_cells(line) for line in lines[2 if header else 0 :] if not is_rule(line)]
        width = max([len(header), *(len(r) for r in rows), 1])
        out = ['<table border="1" cellspacing="0" cellpadding="3">']
        if header:
            names = "".join(f"<th>{escape(c)}</th>" for c in header)
            out.append(f"<tr>{names}{'<th></th>' * (width - len(header))}</tr>")
        for cells in rows:
            padded = cells + [""] * (width - len(cells))
            out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in padded) + "</tr>")
        out.append("</table>")
        self._insert_table("".join(out), bool(header))

    def slide(self, item: dict[str, Any]) -> None:
        self.block()
        frame = QTextFrameFormat()
        frame.setBorder(1.0)
        frame.setBorderBrush(QBrush(self.rule))
        frame.setPadding(10.0)
        frame.setMargin(6.0)
        self.cursor.insertFrame(frame)
        number, title = int(item["number"]), str(item.get("title") or "")
        label = QCoreApplication.translate("TextViewer", "Slide {number}").format(number=number)
        self.layout.places.append(
            (f"{label} · {title}" if title else label, self.cursor.position())
        )
        self.cursor.insertText(label, self.fmt(muted=True))
        if title:
            self.cursor.insertBlock()
            self.cursor.insertText(title, self.fmt(bold=True, scale=1.3))
        self.cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        start = self.cursor.position()
        self.cursor.insertText(str(item.get("text") or ""), QTextCharFormat())
        if item.get("cited"):
            self.cited(start)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)  # out of the frame

    def mail(self, item: dict[str, Any]) -> None:
        headers = [(str(n), str(v)) for n, v in item.get("headers") or []]
        if not headers:
            return
        self.block()
        table = self.cursor.insertTable(len(headers), 2, self._table_format(border=0.0))
        for row, (name, value) in enumerate(headers):
            table.cellAt(row, 0).firstCursorPosition().insertText(
                _mail_label(name), self.fmt(bold=True, muted=True)
            )
            table.cellAt(row, 1).firstCursorPosition().insertText(
                value, self.fmt(bold=name == "Subject", scale=1.2 if name == "Subject" else 1.0)
            )
        self.cursor.movePosition(QTextCursor.MoveOperation.End)

    def table(self, item: dict[str, Any], room: int) -> None:
        header = [str(c) for c in item.get("header") or []]
        rows = list(item.get("rows") or [])
        width = max([len(header), *(len(r["cells"]) for r in rows), 1])
        cited = item.get("cited")
        keep = max(1, room // (width + 1))
        if len(rows) > keep:  # the rows around the cited ones
            at = next((i for i, r in enumerate(rows) if cited and r["row"] >= cited[0]), 0)
            first = max(0, min(at - keep // 2, len(rows) - keep))
            self.layout.rows_left_out += len(rows) - keep
            rows = rows[first : first + keep]
        title = str(item.get("title") or "")
        if title:
            self.heading({"text": title, "level": 1})
        self.block(top=4.0)
        # As HTML: Qt's importer builds a table in one pass, where filling cells one by one
        # re-indexes the table at each (2,000 rows: 0.3 s against 3.3 s).
        muted, tint = self.muted.name(), self.tint.name()
        out = ['<table border="1" cellspacing="0" cellpadding="3">']
        if header:
            names = "".join(f"<th>{escape(c)}</th>" for c in header)
            out.append(f"<tr><th></th>{names}{'<th></th>' * (width - len(header))}</tr>")
        cited_rows: list[int] = []
        for n, row in enumerate(rows, start=1 if header else 0):
            number = int(row["row"])
            marked = bool(cited and cited[0] <= number <= cited[1])
            if marked:
                cited_rows.append(n)
            colour = f' bgcolor="{tint}"' if marked else ""
            cells = [str(c) for c in row["cells"]] + [""] * (width - len(row["cells"]))
            number_style = "" if marked else f' style="color:{muted}"'  # tinted: full contrast
            out.append(
                f"<tr><td{colour}{number_style}>{number}</td>"
                + "".join(f"<td{colour}>{escape(c)}</td>" for c in cells)
                + "</tr>"
            )
        out.append("</table>")
        found = self._insert_table("".join(out), bool(header))
        if cited_rows and found is not None:
            self.layout.passage = (
                found.cellAt(cited_rows[0], 0).firstPosition(),
                found.cellAt(cited_rows[-1], width).lastPosition(),
            )
        self.cursor.movePosition(QTextCursor.MoveOperation.End)

    def _insert_table(self, html: str, header: bool) -> QTextTable | None:
        """Insert an HTML table at the end; it gets the quiet rule (HTML gives no colour)."""
        start = self.cursor.position()
        self.cursor.insertHtml(html)
        probe = QTextCursor(self.document)
        probe.setPosition(start + 1)
        found = probe.currentTable()
        if found is not None:
            look = found.format()
            look.setBorderBrush(QBrush(self.rule))
            look.setBorderCollapse(True)
            look.setHeaderRowCount(1 if header else 0)
            found.setFormat(look)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        return found

    def _table_format(self, border: float) -> QTextTableFormat:
        out = QTextTableFormat()
        out.setBorder(border)
        out.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        out.setBorderBrush(QBrush(self.rule))
        out.setCellPadding(3.0)
        out.setCellSpacing(0.0)
        out.setBorderCollapse(True)
        out.setWidth(QTextLength(QTextLength.Type.VariableLength, 0))
        return out


def lay_out(document: QTextDocument, blocks: list[dict[str, Any]], palette: QPalette) -> Layout:
    """Write ``blocks`` into the (cleared) ``document``; where the passage and places landed."""
    document.clear()
    writer = _Writer(document, palette)
    cells = sum(
        len(b.get("rows") or []) * (len(b.get("header") or []) + 1)
        for b in blocks
        if b.get("kind") == "table"
    )
    for index, item in enumerate(blocks):
        kind = item.get("kind")
        if kind == "heading":
            writer.heading(item)
        elif kind == "slide":
            writer.slide(item)
        elif kind == "mail":
            writer.mail(item)
        elif kind == "table":
            share = len(item.get("rows") or []) * (len(item.get("header") or []) + 1)
            room = MAX_TABLE_CELLS if cells <= MAX_TABLE_CELLS else MAX_TABLE_CELLS * share // cells
            writer.table(item, max(room, 200))
        else:
            after_mail = index > 0 and blocks[index - 1].get("kind") == "mail"
            writer.text(item, top=14.0 if after_mail else 4.0)
    return writer.layout
