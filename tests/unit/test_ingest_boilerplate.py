"""Only content is indexed: page chrome of HTML generators and running lines of PDF pages."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.ingest.extract import extract
from desktop_app.core.ingest.formats.running_lines import strip_running_lines
from tests.unit.ingest_samples import make_pdf


def sections(path: Path) -> list[tuple[str | None, str]]:
    return [(s.location.heading, s.text) for s in extract(path).sections]


def write(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def test_sphinx_page_keeps_the_body_without_sidebars_related_bars_and_permalinks(
    tmp_path: Path,
) -> None:
    page = write(
        tmp_path,
        "difflib.html",
        "<html><head><title>difflib — Python docs</title></head><body>"
        '<div class="related" role="navigation"><ul><li>index</li><li>next</li></ul></div>'
        '<div class="document"><div class="documentwrapper"><div class="bodywrapper">'
        '<div class="body" role="main"><section id="difflib">'
        '<h1>difflib — Helpers<a class="headerlink" href="#difflib">¶</a></h1>'
        "<p>This module compares\nsequences.</p>"
        '<h2>Differ Objects<a class="headerlink" href="#differ">¶</a></h2><p>Differ text.</p>'
        "</section></div></div></div>"
        '<div class="sphinxsidebar" role="navigation"><h3>Table of Contents</h3><ul><li>x</li>'
        "</ul><h4>Previous topic</h4><p>re — Regular expressions</p>"
        "<h4>Next topic</h4><p>textwrap</p></div></div>"
        '<div class="footer">© Copyright 2001. Created using Sphinx.</div></body></html>',
    )
    assert sections(page) == [
        ("difflib — Helpers", "difflib — Helpers\n\nThis module compares sequences."),
        ("difflib — Helpers > Differ Objects", "Differ Objects\n\nDiffer text."),
    ]


def test_docbook_page_drops_navigation_bars_and_contents_and_does_not_repeat_its_title(
    tmp_path: Path,
) -> None:
    page = write(
        tmp_path,
        "ddl-constraints.html",
        "<html><head><title>5.4. Constraints</title></head><body>"
        '<div class="navheader"><table><tr><th>5.4. Constraints</th></tr>'
        '<tr><td><a href="a.html">Prev</a></td><td>Up</td><td>Home</td><td>Next</td></tr>'
        '</table><hr></div><div class="sect1"><div class="titlepage"><h2>5.4. Constraints</h2>'
        '</div><div class="toc"><dl><dt>5.4.1. Check Constraints</dt></dl></div>'
        "<p>Data types limit data.</p><h3>5.4.1. Check Constraints</h3><p>A check constraint"
        ' is generic.</p></div><div class="navfooter"><hr><table><tr><td>Prev</td><td>Up</td>'
        '</tr></table><a class="reportbug" href="x">Report a bug</a></div></body></html>',
    )
    assert sections(page) == [
        ("5.4. Constraints", "5.4. Constraints\n\nData types limit data."),
        (
            "5.4. Constraints > 5.4.1. Check Constraints",
            "5.4.1. Check Constraints\n\nA check constraint is generic.",
        ),
    ]


def test_landmarks_and_cookie_banners_are_dropped_but_an_articles_header_is_kept(
    tmp_path: Path,
) -> None:
    page = write(
        tmp_path,
        "blog.html",
        "<html><body><header><a href='/'>Site</a> Home About</header>"
        "<nav><a href='/a'>Archive</a></nav>"
        '<div id="cookie-banner">We use cookies. Accept?</div>'
        "<main><article><header><h1>Backups</h1><p>By Kim</p></header>"
        "<p>Keep three copies.</p><footer>Tags: ops</footer></article></main>"
        "<footer>© 2026 Site</footer></body></html>",
    )
    text = " ".join(t for _, t in sections(page))
    assert "Keep three copies." in text and "By Kim" in text
    for chrome in ("Archive", "cookies", "© 2026", "About"):
        assert chrome not in text


def test_a_tiny_main_element_is_not_taken_for_the_content(tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "odd.html",
        "<html><body><div role='main'>Menu</div><h1>Guide</h1>"
        "<p>" + "Real content sentence. " * 30 + "</p></body></html>",
    )
    assert "Real content sentence." in " ".join(t for _, t in sections(page))


def test_text_in_pre_keeps_its_lines_while_wrapped_prose_is_joined(tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "code.html",
        "<html><body><h1>Example</h1><p>One sentence\nwrapped in the source.</p>"
        "<pre>line one\nline two</pre></body></html>",
    )
    assert sections(page) == [
        ("Example", "Example\n\nOne sentence wrapped in the source.\n\nline one\nline two")
    ]


def test_running_headers_page_numbers_and_contents_pages_leave_pdf_pages(tmp_path: Path) -> None:
    contents = [f"{n}.{k} Topic . . . . . . . . . . {n * 3 + k}" for n in (1, 2) for k in (1, 2, 3)]
    pages = [
        ["Contents", *contents],
        ["Chapter 1: Basics 2", "Objects have modes.", "2"],
        ["Chapter 1: Basics 3", "Vectors hold one mode.", "3"],
        ["Chapter 2: Models 4", "lm fits linear models.", "4"],
        ["Chapter 2: Models 5", "glm fits generalised ones.", "5"],
    ]
    pdf = tmp_path / "manual.pdf"
    pdf.write_bytes(make_pdf(pages))  # type: ignore[arg-type]
    assert [(s.location.page, s.text) for s in extract(pdf).sections] == [
        (2, "Objects have modes."),
        (3, "Vectors hold one mode."),
        (4, "lm fits linear models."),
        (5, "glm fits generalised ones."),
    ]
    assert extract(pdf).notes == []


def test_lines_repeated_inside_pages_and_unique_edges_are_content() -> None:
    pages = ["Intro\nSame sentence.\nend a", "Setup\nSame sentence.\nend b", "Use\nSame sentence."]
    assert strip_running_lines(pages) == pages


def test_a_page_that_is_only_furniture_keeps_its_text() -> None:
    pages = ["Report 2026 1\nBody one.", "Report 2026 2\nBody two.", "Report 2026 3"]
    assert strip_running_lines(pages) == ["Body one.", "Body two.", "Report 2026 3"]


def test_a_page_that_is_all_navigation_keeps_its_text(tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "index.html",
        "<html><head><title>Part II</title></head><body><div class='navheader'>Prev Next</div>"
        "<div class='toc'><dl><dt>5. Loading images</dt><dt>6. Exporting images</dt></dl>"
        "</div></body></html>",
    )
    assert "5. Loading images" in " ".join(t for _, t in sections(page))
