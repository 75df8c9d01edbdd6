"""Gather the licence files of every third-party distribution a PyInstaller build bundles.

Used by trove.spec: given the top-level modules and files the analysis collected, it finds their
distributions (package metadata), copies each one's licence files into ``licenses/<dist>/`` and
writes ``licenses/THIRD-PARTY-NOTICES.txt``, one entry per distribution with its version and
declared licence. Libraries bundling other code (pypdfium2 ships PDFium, FreeType, ICU...) carry
those licences in their metadata too, so they are picked up the same way.
"""

from __future__ import annotations

import importlib.metadata as md
import re
import sys
from collections.abc import Iterable
from pathlib import Path

__all__ = ["license_datas", "top_level_names"]

_LICENSE_FILE = re.compile(r"(^|/)(licen[cs]es?|copying|notice|authors|copyright)[^/]*$", re.I)
# Licence files at the top of a package, for wheels that keep them there and not in dist-info
# (onnxruntime: LICENSE and ThirdPartyNotices.txt next to its code).
_PACKAGE_LICENSE_FILE = re.compile(
    r"^[^/]+/(licen[cs]es?|copying|notice|third[-_]?party[-_]?notices)[^/]*$", re.I
)
_EXTRA_TEXTS = Path(__file__).resolve().parent / "licenses"
# Wheels that carry no licence text: we ship our copy of the text their metadata declares.
# Qt and PySide6 are LGPL-3.0 (or GPL); RapidOCR is Apache-2.0; odfpy offers Apache-2.0 among
# its three (the text is Debian's /usr/share/common-licenses/Apache-2.0).
_DECLARED_TEXTS = {
    "pyside6-essentials": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "shiboken6": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "rapidocr-onnxruntime": ("Apache-2.0.txt",),
    "odfpy": ("Apache-2.0.txt",),
}


def top_level_names(entries: Iterable[str]) -> set[str]:
    """The top-level import names in module names (``a.b``) and bundle paths (``a/b.so``)."""
    names = set()
    for entry in entries:
        first = re.split(r"[./\\]", entry, maxsplit=1)[0]
        if first:
            names.add(first)
    return names


def _declared_license(dist: md.Distribution) -> str:
    meta = dist.metadata
    # PackageMetadata's protocol lacks .get(); the email.Message behind it returns None if absent.
    expression = meta["License-Expression"]
    if expression:
        return str(expression)
    declared = meta["License"] or ""
    if declared and len(declared) < 80 and "\n" not in declared:
        return str(declared)
    classifiers = [
        c.rsplit(" :: ", 1)[-1]
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::")
    ]
    return ", ".join(classifiers) or "see the licence files"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def license_datas(top_levels: Iterable[str], workdir: Path) -> list[tuple[str, str, str]]:
    """TOC entries ``(dest, source, "DATA")`` for the licences of ``top_levels``' distributions."""
    by_module = md.packages_distributions()
    dist_names = sorted({d for name in top_levels for d in by_module.get(name, [])}, key=_normalise)
    datas: list[tuple[str, str, str]] = []
    notices = [
        "Trove bundles the following third-party software. Each folder next to this file holds",
        "the licence texts that the distribution ships.",
        "",
    ]
    seen = set()
    for name in dist_names:
        key = _normalise(name)
        if key in seen or key == "trove":
            continue
        seen.add(key)
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        folder = f"licenses/{dist.metadata['Name']}"
        copied = 0
        for file in dist.files or []:
            posix = file.as_posix()
            if ".dist-info/" not in posix and ".egg-info/" not in posix:
                continue
            inner = re.split(r"\.(?:dist|egg)-info/", posix, maxsplit=1)[-1]
            if not (_LICENSE_FILE.search(inner) or inner.startswith("licenses/")):
                continue
            source = Path(str(dist.locate_file(file)))
            if source.is_file():
                if inner.startswith("licenses/"):
                    inner = inner[len("licenses/") :]
                datas.append((f"{folder}/{inner}", str(source), "DATA"))
                copied += 1
        if not copied:
            for file in dist.files or []:
                source = Path(str(dist.locate_file(file)))
                if _PACKAGE_LICENSE_FILE.search(file.as_posix()) and source.is_file():
                    datas.append((f"{folder}/{file.name}", str(source), "DATA"))
                    copied += 1
        for text in _DECLARED_TEXTS.get(key, ()):
            datas.append((f"{folder}/{text}", str(_EXTRA_TEXTS / text), "DATA"))
            copied += 1
        files_note = f"{copied} licence file(s)" if copied else "no licence file in its metadata"
        notices.append(
            f"{dist.metadata['Name']} {dist.version}: {_declared_license(dist)} ({files_note})"
        )
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    python_license = Path(sys.base_prefix, "lib", f"python{version}", "LICENSE.txt")
    if not python_license.is_file():  # Windows and framework layouts
        python_license = Path(sys.base_prefix, "LICENSE.txt")
    if python_license.is_file():
        datas.append(("licenses/Python/LICENSE.txt", str(python_license), "DATA"))
        notices.append(f"Python {sys.version.split()[0]}: PSF-2.0 (1 licence file)")
    workdir.mkdir(parents=True, exist_ok=True)
    index = workdir / "THIRD-PARTY-NOTICES.txt"
    index.write_text("\n".join(notices) + "\n", encoding="utf-8")
    datas.append(("licenses/THIRD-PARTY-NOTICES.txt", str(index), "DATA"))
    return datas
