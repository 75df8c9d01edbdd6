"""Words for the indexing state: the status bar line and the tray tooltip share them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale

from desktop_app.ui.core_text import core_text

__all__ = [
    "describe_progress",
    "describe_searchable",
    "describe_state",
    "format_eta",
    "searchable_details",
]


def format_eta(seconds: float | None) -> str:
    """'about 3 min left' style, or '' when unknown."""
    if seconds is None or seconds <= 0:
        return ""
    if seconds < 60:
        return QCoreApplication.translate("Status", "less than a minute left")
    if seconds < 3600:
        return QCoreApplication.translate("Status", "about {n} min left").format(
            n=round(seconds / 60)
        )
    return QCoreApplication.translate("Status", "about {n} h left").format(
        n=round(seconds / 3600, 1)
    )


def describe_progress(event: dict[str, Any]) -> str:
    """One line for a progress event of the text or vector stage."""
    stage = event.get("stage")
    done, total = event.get("done", 0), event.get("total", 0)
    if stage == "scan":
        return QCoreApplication.translate(
            "Status", "Looking for changes… {n} files checked"
        ).format(n=done)
    label = (
        QCoreApplication.translate("Status", "Reading files")
        if stage == "text"
        else QCoreApplication.translate("Status", "Reading scans (OCR), pages")
        if stage == "ocr"
        else QCoreApplication.translate("Status", "Embedding passages")
    )
    parts = [
        label
        + " "
        + QCoreApplication.translate("Status", "{done} of {total}").format(done=done, total=total)
    ]
    rate = event.get("rate")
    if rate:
        parts.append(
            QCoreApplication.translate("Status", "{rate}/s").format(
                rate=f"{rate:.0f}" if rate >= 10 else f"{rate:.1f}"
            )
        )
    eta = format_eta(event.get("eta_s"))
    if eta:
        parts.append(eta)
    return " · ".join(parts)


def _since_label(since: float | None) -> str:
    if not since:
        return ""
    moment = QDateTime.fromSecsSinceEpoch(int(since))
    if moment.date() == QDate.currentDate():
        return QLocale().toString(moment.time(), QLocale.FormatType.ShortFormat)
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def describe_searchable(searchable: dict[str, Any] | None) -> str:
    """What semantic search can see, in one short line: "Up to date", "Keyword only: 5 of 9
    passages waiting for the embedding NIM", or "Embedding NIM unavailable since 14:02 — ..."
    (the reason and what to do are in ``searchable_details``, shown as a tooltip)."""
    if not searchable:  # nothing known yet: never claim "Up to date"
        return QCoreApplication.translate("Status", "Looking for changes…")
    kind = searchable.get("state")
    waiting = int(searchable.get("waiting") or 0)
    total = int(searchable.get("passages") or 0)
    if kind == "nim_unavailable":
        return QCoreApplication.translate(
            "Status",
            "Embedding NIM unavailable since {time} — keyword search only; Trove resumes by "
            "itself when it answers",
        ).format(time=_since_label(searchable.get("since")))
    if kind == "keyword_only":
        return QCoreApplication.translate(
            "Status", "Keyword only: {waiting} of {total} passages waiting for the embedding NIM"
        ).format(waiting=waiting, total=total)
    if kind == "empty":
        return QCoreApplication.translate("Status", "Nothing indexed yet")
    return QCoreApplication.translate("Status", "Up to date")


def searchable_details(searchable: dict[str, Any] | None) -> str:
    """Why passages wait and what to do (the NIM's sentence), for a tooltip; '' if none wait."""
    if not searchable or searchable.get("state") not in ("keyword_only", "nim_unavailable"):
        return ""
    waiting = int(searchable.get("waiting") or 0)
    total = int(searchable.get("passages") or 0)
    lines = [
        QCoreApplication.translate(
            "Status", "{waiting} of {total} passages wait for a vector."
        ).format(waiting=waiting, total=total)
    ]
    lines += [core_text(str(searchable[k])) for k in ("reason", "hint") if searchable.get(k)]
    return "\n".join(lines)


def describe_state(state: dict[str, Any]) -> str:
    """One line for the live indexer's overall state."""
    kind = state.get("state")
    files = int(state.get("files_waiting", 0) or 0)
    chunks = int(state.get("chunks_waiting", 0) or 0)
    if kind == "paused":
        return QCoreApplication.translate("Status", "Indexing paused")
    if kind == "disk_full":
        return QCoreApplication.translate(
            "Status", "Indexing paused: the disk is full; it goes on once there is room"
        )
    if kind in ("nim_unavailable", "keyword_only"):
        return describe_searchable(state.get("searchable"))
    if kind in ("starting", "scanning"):
        return QCoreApplication.translate("Status", "Looking for changes…")
    if kind == "indexing":
        return (
            QCoreApplication.translate("Status", "Indexing, {n} files to go").format(n=files)
            if files
            else QCoreApplication.translate("Status", "Indexing")
        )
    if kind == "embedding":
        return (
            QCoreApplication.translate("Status", "Embedding, {n} passages to go").format(n=chunks)
            if chunks
            else QCoreApplication.translate("Status", "Embedding")
        )
    return describe_searchable(state.get("searchable"))
