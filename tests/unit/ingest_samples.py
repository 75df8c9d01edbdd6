"""Builders for real sample documents, generated in the tests (no binary fixtures in the repo)."""

from __future__ import annotations

import hashlib
import struct
import zipfile
from pathlib import Path

__all__ = [
    "make_epub",
    "make_pages_pdf",
    "make_pdf",
    "make_pdf_encrypted",
    "make_table_pdf",
    "rc4",
]


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _assemble(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file from numbered object bodies (object n is objects[n-1]), with a valid xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def make_pdf(pages: list[list[str] | None], outline: list[tuple[str, int]] = ()) -> bytes:
    """A PDF whose pages hold these text lines (Helvetica); ``None`` = a page with only a drawing
    and no text layer, like a scanned image. ``outline`` is (title, 0-based page) bookmarks."""
    count = len(pages)
    # Objects: 1 catalog, 2 pages, 3 font, then per page: page + content, then the outline.
    first_page = 4
    page_ids = [first_page + 2 * i for i in range(count)]
    outline_root = first_page + 2 * count
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    catalog = b"<< /Type /Catalog /Pages 2 0 R"
    if outline:
        catalog += b" /Outlines %d 0 R /PageMode /UseOutlines" % outline_root
    objects = [
        catalog + b" >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for lines in pages:
        if lines is None:
            stream = b"0.5 g 72 72 400 600 re f"
        else:
            ops = ["BT /F1 12 Tf 14 TL 72 720 Td"]
            ops += [f"({_pdf_escape(line)}) Tj T*" for line in lines]
            ops.append("ET")
            stream = "\n".join(ops).encode("cp1252")
        page_obj = len(objects) + 1
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_obj + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    if outline:
        items = [outline_root + 1 + i for i in range(len(outline))]
        objects.append(
            b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
            % (items[0], items[-1], len(items))
        )
        for n, (title, page) in enumerate(outline):
            links = b""
            if n > 0:
                links += b" /Prev %d 0 R" % items[n - 1]
            if n + 1 < len(items):
                links += b" /Next %d 0 R" % items[n + 1]
            objects.append(
                b"<< /Title (%s) /Parent %d 0 R /Dest [%d 0 R /Fit]%s >>"
                % (_pdf_escape(title).encode(), outline_root, page_ids[page], links)
            )
    return _assemble(objects)


def make_table_pdf(
    before: list[str], table: list[list[str]], after: list[str], widths: list[int] | None = None
) -> bytes:
    """A one-page PDF: lines of text, a table ruled like a printed one (a line around every
    cell, the text of each cell in the text layer), then more lines."""
    return make_pages_pdf([(before, table, after)], widths)


def make_pages_pdf(
    pages: list[tuple[list[str], list[list[str]] | None, list[str]]],
    widths: list[int] | None = None,
) -> bytes:
    """A PDF of ``(before, table or None, after)`` pages, as ``make_table_pdf`` draws one."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * n) for n in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for before, table, after in pages:
        stream = _table_page(before, table or [], after, widths)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objects) + 2)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return _assemble(objects)


def _table_page(
    before: list[str], table: list[list[str]], after: list[str], widths: list[int] | None
) -> bytes:
    ops = ["BT /F1 12 Tf 14 TL 72 740 Td"]
    ops += [f"({_pdf_escape(line)}) Tj T*" for line in before]
    ops.append("ET")
    top = 740 - 14 * len(before) - 20
    bottom = top
    if table:
        widths = widths or [150] * max(len(r) for r in table)
        row_h, left = 22, 72
        xs = [left]
        for width in widths:
            xs.append(xs[-1] + width)
        ys = [top - row_h * i for i in range(len(table) + 1)]
        ops.append("0 g 1 w")
        for y in ys:
            ops.append(f"{xs[0]} {y} m {xs[-1]} {y} l S")
        for x in xs:
            ops.append(f"{x} {ys[0]} m {x} {ys[-1]} l S")
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                ops.append(f"BT /F1 11 Tf {xs[c] + 6} {ys[r] - 15} Td ({_pdf_escape(cell)}) Tj ET")
        bottom = ys[-1]
    ops.append(f"BT /F1 12 Tf 14 TL 72 {bottom - 30} Td")
    ops += [f"({_pdf_escape(line)}) Tj T*" for line in after]
    ops.append("ET")
    return "\n".join(ops).encode("cp1252")


def rc4(key: bytes, data: bytes) -> bytes:
    """RC4, as the PDF standard security handler (revision 2) uses it."""
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def make_pdf_encrypted(user_password: bytes = b"secret") -> bytes:
    """A one-page PDF protected by a user password (standard security handler, RC4 40-bit)."""
    owner = hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5]
    o_entry = rc4(owner, (user_password + _PAD)[:32])
    permissions = -44
    file_id = hashlib.md5(b"trove-test").digest()
    key = hashlib.md5(
        (user_password + _PAD)[:32] + o_entry + struct.pack("<i", permissions) + file_id
    ).digest()[:5]
    u_entry = rc4(key, _PAD)
    stream = b"BT /F1 12 Tf 72 720 Td (Hidden) Tj ET"
    object_key = hashlib.md5(key + struct.pack("<i", 5)[:3] + b"\x00\x00").digest()[:10]
    stream = rc4(object_key, stream)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o_entry.hex().encode(), u_entry.hex().encode(), permissions),
    ]
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    return _assemble(objects, trailer)


_CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>"""


def make_epub(
    path: Path, chapters: list[tuple[str, str]], *, encrypted: list[str] = (), nav: bool = True
) -> Path:
    """An EPUB 3 book: ``chapters`` are (toc title, xhtml body) pairs, in reading order."""
    manifest = []
    spine = []
    nav_links = []
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", _CONTAINER)
        for n, (title, body) in enumerate(chapters, start=1):
            name = f"text/ch{n}.xhtml"
            archive.writestr(
                f"OEBPS/{name}",
                '<?xml version="1.0" encoding="utf-8"?>\n'
                '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>The Book</title></head>'
                f"<body>{body}</body></html>",
            )
            manifest.append(f'<item id="c{n}" href="{name}" media-type="application/xhtml+xml"/>')
            spine.append(f'<itemref idref="c{n}"/>')
            nav_links.append(f'<li><a href="{name}">{title}</a></li>')
        if nav:
            archive.writestr(
                "OEBPS/nav.xhtml",
                '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
                f'<body><nav epub:type="toc"><ol>{"".join(nav_links)}</ol></nav></body></html>',
            )
            manifest.append(
                '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" '
                'properties="nav"/>'
            )
        archive.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            "<metadata/>"
            f"<manifest>{''.join(manifest)}</manifest><spine>{''.join(spine)}</spine></package>",
        )
        if encrypted:
            refs = "".join(
                '<EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#"><CipherData>'
                f'<CipherReference URI="{uri}"/></CipherData></EncryptedData>'
                for uri in encrypted
            )
            archive.writestr(
                "META-INF/encryption.xml",
                '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                f"{refs}</encryption>",
            )
    return path
