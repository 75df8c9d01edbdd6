"""The search results as a Qt model, and the delegate that draws one file per row.

A row is one file (the core groups chunks per file): icon, bold name, modified date, the path
elided in the middle, the location, and the snippet with its matched spans highlighted. The
snippet is rich text built from the result's ``highlights`` spans with every piece HTML-escaped,
so file text can never inject markup.
"""

from __future__ import annotations

import html
import math
import os
import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.core.fsnames import readable
from desktop_app.ui.icons import file_icon
from desktop_app.ui.plain_text import escaped

__all__ = [
    "PathRole",
    "ResultDelegate",
    "ResultRole",
    "ResultsModel",
    "blend",
    "format_mtime",
    "highlight_html",
]

ResultRole = Qt.ItemDataRole.UserRole + 1  # the result dict (SearchResult.to_dict)
PathRole = Qt.ItemDataRole.UserRole + 2  # the file's path

ModelIndex = QModelIndex | QPersistentModelIndex


def highlight_html(
    text: str,
    spans: Sequence[Sequence[int]],
    open_tag: str = "<b>",
    close_tag: str = "</b>",
) -> str:
    """``text`` HTML-escaped, with each (start, end) span wrapped in ``open_tag``/``close_tag``."""
    out: list[str] = []
    pos = 0
    for span in sorted((int(s[0]), int(s[1])) for s in spans):
        start, end = max(span[0], pos), min(span[1], len(text))
        if start >= end:
            continue  # overlapping or out of range: never cut the text twice
        out.append(html.escape(text[pos:start]))
        out.append(open_tag + html.escape(text[start:end]) + close_tag)
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def blend(a: QColor, b: QColor, share_of_a: float) -> QColor:
    """``a`` mixed into ``b``: a soft tint of the accent that works on light and dark bases."""
    t = max(0.0, min(1.0, share_of_a))
    return QColor(
        round(a.red() * t + b.red() * (1 - t)),
        round(a.green() * t + b.green() * (1 - t)),
        round(a.blue() * t + b.blue() * (1 - t)),
    )


def _line_of(doc: QTextDocument, position: int) -> int:
    """The index of the laid-out line that holds character ``position`` of ``doc``."""
    doc.size()  # lays the document out (Qt does it lazily)
    block = doc.findBlock(position)
    if not block.isValid():
        return 0
    lines_before = 0
    previous = doc.begin()
    while previous.isValid() and previous != block:
        lines_before += previous.layout().lineCount()
        previous = previous.next()
    line = block.layout().lineForTextPosition(position - block.position())
    return lines_before + (line.lineNumber() if line.isValid() else 0)


def _lines_height(doc: QTextDocument, count: int) -> int:
    """The height of the first ``count`` laid-out lines of ``doc``."""
    doc.size()  # lays the document out (Qt does it lazily)
    bottom = 0.0
    block = doc.begin()
    while block.isValid() and count > 0:
        layout = block.layout()
        for i in range(layout.lineCount()):
            if count == 0:
                break
            line = layout.lineAt(i)
            bottom = layout.position().y() + line.y() + line.height()
            count -= 1
        block = block.next()
    return math.ceil(bottom)


def location_label(result: dict[str, Any]) -> str:
    """Where in its file a result is ("p. 3, Intro"), in the window's language.

    Built from the structured location the core sends; its English label is the fallback.
    """
    detail = result.get("location_detail")
    if not isinstance(detail, dict) or not detail:
        return str(result.get("location") or "")

    # Literal calls: lupdate files a string under its context only when it sees both.
    parts: list[str] = []
    if detail.get("page") is not None:
        parts.append(
            QCoreApplication.translate("Location", "p. {page}").format(page=detail["page"])
        )
    if detail.get("slide") is not None:
        slide = QCoreApplication.translate("Location", "slide {slide}")
        parts.append(slide.format(slide=detail["slide"]))
    sheet, rows = detail.get("sheet"), detail.get("rows")
    if sheet is not None or rows is not None:
        if not rows:
            row_text = ""
        elif "-" in str(rows):
            row_text = QCoreApplication.translate("Location", "rows {rows}").format(rows=rows)
        else:
            row_text = QCoreApplication.translate("Location", "row {rows}").format(rows=rows)
        parts.append(" ".join(str(p) for p in (sheet, row_text) if p))
    heading = detail.get("heading")
    if heading:
        parts.append(str(heading).rsplit(" > ", 1)[-1] if parts else str(heading))
    if detail.get("lines") is not None:
        span = str(detail["lines"])
        if "-" in span:
            lines = QCoreApplication.translate("Location", "lines {lines}")
        else:
            lines = QCoreApplication.translate("Location", "line {lines}")
        parts.append(lines.format(lines=span))
    if detail.get("ocr"):  # read off an image of the page: its text may have errors
        parts.append(QCoreApplication.translate("Location", "OCR"))
    return ", ".join(parts)


_LABEL_PAGE = re.compile(r"p\. (\d+)")
_LABEL_SLIDE = re.compile(r"slide (\d+)")
_LABEL_ROWS = re.compile(r"(?:(.+) )?rows? (\d+(?:-\d+)?)")
_LABEL_LINES = re.compile(r"lines? (\d+(?:-\d+)?)")


def translated_label(label: str) -> str:
    """A location label the core wrote in English ("p. 3, Intro, OCR"; chat sources keep only
    that) in the window's language: its known parts read back into fields, the rest (headings,
    sheet names) kept as written."""
    detail: dict[str, Any] = {}
    unknown: list[str] = []
    for part in label.split(", ") if label else []:
        if (m := _LABEL_PAGE.fullmatch(part)) and not detail:
            detail["page"] = int(m.group(1))
        elif m := _LABEL_SLIDE.fullmatch(part):
            detail["slide"] = int(m.group(1))
        elif (m := _LABEL_ROWS.fullmatch(part)) and not unknown:
            if m.group(1):
                detail["sheet"] = m.group(1)
            detail["rows"] = m.group(2)
        elif m := _LABEL_LINES.fullmatch(part):
            detail["lines"] = m.group(1)
        elif part == "OCR":
            detail["ocr"] = True
        elif "lines" in detail or "ocr" in detail:
            return label  # not a label the core writes: leave it be
        else:
            unknown.append(part)  # a heading (which may hold ", ") or a sheet's name
    if not detail:
        return label
    if unknown:
        detail["heading"] = ", ".join(unknown)
    return location_label({"location": label, "location_detail": detail})


def format_mtime(mtime: float) -> str:
    """A modification time (epoch seconds) in the user's short date format.

    The C (POSIX) locale has no date format of its own ("6 12 2026 19:50"): ISO 8601 then.
    """
    if not mtime:
        return ""
    stamp = QDateTime.fromSecsSinceEpoch(int(mtime))
    locale = QLocale()
    if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return stamp.toString("yyyy-MM-dd HH:mm")
    return locale.toString(stamp, QLocale.FormatType.ShortFormat)


class ResultsModel(QAbstractListModel):
    """One row per file in a search response."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._results: list[dict[str, Any]] = []
        self.query = ""

    def set_results(self, results: list[dict[str, Any]], query: str) -> None:
        """Replace the rows with a new response's results."""
        self.beginResetModel()
        self._results = list(results)
        self.query = query
        self.endResetModel()

    def clear(self) -> None:
        """No rows."""
        self.set_results([], "")

    def result(self, row: int) -> dict[str, Any] | None:
        """The result dict of ``row``, or None."""
        return self._results[row] if 0 <= row < len(self._results) else None

    def paths(self) -> list[str]:
        """The paths in display order."""
        return [str(r.get("path", "")) for r in self._results]

    def row_of(self, path: str) -> int:
        """The row showing ``path``, or -1."""
        for row, result in enumerate(self._results):
            if result.get("path") == path:
                return row
        return -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        """Rows: none below the top level."""
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The file name (display), path (tooltip), icon, or the whole result dict."""
        result = self.result(index.row()) if index.isValid() else None
        if result is None:
            return None
        path = str(result.get("path", ""))
        if role == Qt.ItemDataRole.DisplayRole:
            return readable(os.path.basename(path) or path)
        if role == Qt.ItemDataRole.ToolTipRole:
            return escaped(readable(path))
        if role == PathRole:
            return path
        if role == Qt.ItemDataRole.DecorationRole:
            return file_icon(path)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            name = readable(os.path.basename(path))
            parts = [name, location_label(result), result["snippet"]]
            return ", ".join(p for p in parts if p)
        if role == ResultRole:
            return result
        return None


class ResultDelegate(QStyledItemDelegate):
    """Draws a result row: icon, name, date, path, location and the highlighted snippet."""

    PAD = 8
    SNIPPET_LINES = 2
    _DOCUMENTS_KEPT = 128  # laid-out snippets: a screenful of rows, selected and not, twice over

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Rows repaint on every hover, scroll and selection change; laying out rich text each
        # time would cost the GUI thread milliseconds per row.
        self._documents: OrderedDict[tuple[str, str, int], QTextDocument] = OrderedDict()
        self._line_heights: dict[str, int] = {}

    def _snippet_lines(
        self,
        snippet: str,
        spans: list[tuple[int, int]],
        color: QColor,
        open_tag: str,
        close_tag: str,
        font: QFont,
        width: int,
    ) -> QTextDocument:
        """The snippet laid out for ``width``, starting near its first match when that match
        would fall below the lines a row shows."""

        def layout(text: str, marks: list[tuple[int, int]]) -> QTextDocument:
            body = highlight_html(text, marks, open_tag, close_tag)
            return self._snippet_document(
                f'<span style="color:{color.name()}">{body}</span>', font, width
            )

        doc = layout(snippet, spans)
        if not spans or _line_of(doc, min(a for a, _ in spans)) < self.SNIPPET_LINES:
            return doc
        first = min(a for a, _ in spans)
        # Start a few words before the match, at a word boundary, and say text was left out.
        cut = max(0, first - 40)
        space = snippet.rfind(" ", 0, first)
        if space > cut:
            cut = space + 1
        prefix = "… "
        shift = len(prefix) - cut
        moved = [(a + shift, b + shift) for a, b in spans if a >= cut]
        return layout(prefix + snippet[cut:], moved)

    def _snippet_document(self, html_text: str, font: QFont, width: int) -> QTextDocument:
        key = (html_text, font.key(), width)
        doc = self._documents.get(key)
        if doc is not None:
            self._documents.move_to_end(key)
            return doc
        doc = QTextDocument()
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setTextWidth(width)
        doc.setHtml(html_text)
        self._documents[key] = doc
        if len(self._documents) > self._DOCUMENTS_KEPT:
            self._documents.popitem(last=False)
        return doc

    def _metrics(self, option: QStyleOptionViewItem) -> tuple[QFontMetrics, int]:
        fm = QFontMetrics(option.font)
        return fm, round(fm.height() * 2)

    def _snippet_line(self, font: QFont) -> int:
        """The height of one snippet line as laid out, Korean and CJK included.

        Their glyphs come from a fallback font with taller lines than the UI font's metrics
        say; rows sized by those metrics cut the second line in half.
        """
        key = font.key()
        height = self._line_heights.get(key)
        if height is None:
            probe = QTextDocument()
            probe.setDefaultFont(font)
            probe.setDocumentMargin(0)
            probe.setPlainText("Ag 가나 あ 漢")
            height = max(QFontMetrics(font).lineSpacing(), math.ceil(probe.size().height()))
            self._line_heights[key] = height
        return height

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        """Same height for every row (name, path line, two snippet lines); no width of its
        own, so a row never pushes the list sideways when its scroll bar appears."""
        fm, _icon = self._metrics(option)
        line = fm.lineSpacing()
        snippet = self._snippet_line(option.font) * self.SNIPPET_LINES
        height = self.PAD * 2 + line * 2 + snippet + self.PAD // 2 + 4
        return QSize(1, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """Paint one row with palette colours (light and dark themes)."""
        result = index.data(ResultRole)
        if not isinstance(result, dict):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.text = ""
        opt.icon = type(opt.icon)()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = palette.color(text_role)
        muted = text_color if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        fm, icon_size = self._metrics(opt)
        line = fm.lineSpacing()
        rect: QRect = opt.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)

        painter.save()
        path = str(result.get("path", ""))
        index.data(Qt.ItemDataRole.DecorationRole).paint(
            painter, QRect(rect.left(), rect.top(), icon_size, icon_size)
        )
        left = rect.left() + icon_size + self.PAD
        width = max(10, rect.right() - left)

        # Line 1: bold name on the left, date (and match count) on the right.
        date = format_mtime(float(result.get("mtime") or 0))
        matches = int(result.get("matches") or 1)
        right = date
        if matches > 1:
            right = self.tr("%n passages", "", matches) + ("  ·  " + date if date else "")
        right_width = fm.horizontalAdvance(right) + self.PAD if right else 0
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_color)
        name = QFontMetrics(bold).elidedText(
            readable(os.path.basename(path) or path),
            Qt.TextElideMode.ElideRight,
            width - right_width,
        )
        top = rect.top()
        painter.drawText(
            QRect(left, top, width - right_width, line), Qt.AlignmentFlag.AlignLeft, name
        )
        painter.setFont(opt.font)
        if right:
            painter.setPen(muted)
            painter.drawText(QRect(left, top, width, line), Qt.AlignmentFlag.AlignRight, right)

        # Line 2: folder path elided in the middle (the ends say the most), then the location.
        top += line
        location = location_label(result)
        loc_width = min(width // 2, fm.horizontalAdvance(location) + self.PAD) if location else 0
        folder = os.path.dirname(path)
        painter.setPen(muted)
        painter.drawText(
            QRect(left, top, width - loc_width, line),
            Qt.AlignmentFlag.AlignLeft,
            fm.elidedText(folder, Qt.TextElideMode.ElideMiddle, width - loc_width),
        )
        if location:
            painter.drawText(
                QRect(left, top, width, line),
                Qt.AlignmentFlag.AlignRight,
                fm.elidedText(location, Qt.TextElideMode.ElideRight, loc_width),
            )

        # Lines 3-4: the snippet as rich text, clipped to two lines.
        top += line + self.PAD // 2
        snippet = str(result.get("snippet") or "")
        if selected:
            open_tag = "<b><u>"
            close_tag = "</u></b>"
        else:
            tint = blend(
                palette.color(QPalette.ColorRole.Highlight),
                palette.color(QPalette.ColorRole.Base),
                0.3,
            )
            open_tag = f'<span style="background-color:{tint.name()}; font-weight:600">'
            close_tag = "</span>"
        spans = [(int(a), int(b)) for a, b in result.get("highlights") or []]
        doc = self._snippet_lines(snippet, spans, text_color, open_tag, close_tag, opt.font, width)
        painter.translate(left, top)
        clip = QRect(0, 0, width, _lines_height(doc, self.SNIPPET_LINES))
        painter.setClipRect(clip)
        doc.drawContents(painter, clip)
        painter.restore()
