"""Which extractor reads which file: by extension (and a few well-known file names).

Extractors are named as ``"module:function"`` strings and imported on first use, so asking
``is_supported`` (the folder scanner does it for every file) never loads lxml, PDFium or openpyxl.
Registrations made at run time travel to extraction worker processes (see ``worker.py``).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from desktop_app.core.ingest.document import Extracted

__all__ = [
    "ExtractFn",
    "FormatSpec",
    "custom_registrations",
    "is_supported",
    "load_extractor",
    "lookup",
    "register",
    "restore_registrations",
    "supported_extensions",
    "unregister",
]

ExtractFn = Callable[[Path], "Extracted"]

_F = "desktop_app.core.ingest.formats."


@dataclass(frozen=True)
class FormatSpec:
    """A file kind and the extractor for it (a callable or a ``"module:function"`` string)."""

    kind: str
    target: str | ExtractFn


_CODE_EXTS = (  # one string: the list reads better than 90 quoted items
    ".py .pyi .pyw .js .mjs .cjs .jsx .ts .tsx .vue .svelte .java .kt .kts .scala .groovy .gradle "
    ".go .rs .c .h .cc .cpp .cxx .hpp .hh .hxx .cs .fs .swift .m .mm .rb .php .pl .pm .lua .r .jl "
    ".sh .bash .zsh .fish .ps1 .psm1 .bat .cmd .sql .dart .ex .exs .erl .hrl .hs .ml .mli .clj "
    ".cljs .elm .nim .zig .v .sv .vhd .asm .s .css .scss .sass .less .json .jsonc .yaml .yml .toml "
    ".ini .cfg .conf .properties .xml .xsd .xsl .gql .graphql .proto .tf .cmake .mk .make"
)

_BUILTIN: dict[str, FormatSpec] = {}


def _add(kind: str, target: str, exts: str) -> None:
    for ext in exts.split():
        _BUILTIN[ext] = FormatSpec(kind, _F + target)


_add("text", "text:extract_plain", ".txt .text .tex .bib .org .adoc .asciidoc .srt .vtt")
_add("markdown", "text:extract_markdown", ".md .markdown .mdown .mkd .mkdn")
_add("rst", "text:extract_rst", ".rst .rest")
_add("code", "text:extract_code", _CODE_EXTS)
_add("html", "markup:extract_html", ".html .htm .xhtml")
_add("pdf", "pdf:extract_pdf", ".pdf")
_add("docx", "office:extract_docx", ".docx .docm")
_add("pptx", "slides:extract_pptx", ".pptx .pptm")
_add("xlsx", "sheets:extract_xlsx", ".xlsx .xlsm")
_add("csv", "sheets:extract_csv", ".csv .tsv")
_add("ods", "sheets:extract_ods", ".ods")
_add("epub", "ebook:extract_epub", ".epub")
_add("odt", "opendoc:extract_odt", ".odt")
_add("rtf", "rtf:extract_rtf", ".rtf")
_add("eml", "mail:extract_eml", ".eml")
_add("image", "image:extract_image", ".png .jpg .jpeg .tif .tiff .webp .bmp")
if importlib.util.find_spec("pillow_heif") is not None:  # the 'ocr' extra: iPhone photos
    _add("image", "image:extract_image", ".heic .heif")

# Extension-less files that are text by convention.
_BY_NAME: dict[str, FormatSpec] = {
    name: FormatSpec("code", _F + "text:extract_code")
    for name in ("makefile", "dockerfile", "containerfile", "jenkinsfile", "vagrantfile", "gemfile")
}
_BY_NAME.update(
    {
        name: FormatSpec("text", _F + "text:extract_plain")
        for name in ("readme", "license", "copying", "authors", "changelog", "notice", "todo")
    }
)

_custom: dict[str, FormatSpec] = {}
_loaded: dict[str, ExtractFn] = {}


def _norm_ext(ext: str) -> str:
    ext = ext.lower()
    return ext if ext.startswith(".") else "." + ext


def register(extensions: Iterable[str], target: str | ExtractFn, kind: str) -> None:
    """Read files with these extensions with ``target`` (overrides built-ins).

    Use a ``"module:function"`` string or a module-level function, so the registration can be
    re-created in worker processes.
    """
    for ext in extensions:
        _custom[_norm_ext(ext)] = FormatSpec(kind, target)


def unregister(extensions: Iterable[str]) -> None:
    """Undo ``register`` for these extensions."""
    for ext in extensions:
        _custom.pop(_norm_ext(ext), None)


def custom_registrations() -> dict[str, FormatSpec]:
    """The run-time registrations, to hand to a worker process."""
    return dict(_custom)


def restore_registrations(registrations: dict[str, FormatSpec]) -> None:
    """Install registrations captured by ``custom_registrations`` (in a worker process)."""
    _custom.clear()
    _custom.update(registrations)


def lookup(path: Path | str) -> FormatSpec | None:
    """The format of ``path`` by its extension or well-known name, or None."""
    name = Path(path).name.lower()
    dot = name.rfind(".")
    if dot > 0:
        ext = name[dot:]
        return _custom.get(ext) or _BUILTIN.get(ext)
    return _BY_NAME.get(name)


def is_supported(path: Path | str) -> bool:
    """Whether Trove has an extractor for ``path`` (by name only; the file is not opened)."""
    return lookup(path) is not None


def supported_extensions() -> frozenset[str]:
    """Every extension with an extractor, lower case with the dot."""
    return frozenset(_BUILTIN) | frozenset(_custom)


def load_extractor(spec: FormatSpec) -> ExtractFn:
    """The callable behind ``spec``, importing its module on first use."""
    if callable(spec.target):
        return spec.target
    fn = _loaded.get(spec.target)
    if fn is None:
        module_name, _, attr = spec.target.partition(":")
        fn = cast(ExtractFn, getattr(importlib.import_module(module_name), attr))
        _loaded[spec.target] = fn
    return fn
