"""Words for the indexing state: the status bar line and the tray tooltip share them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

__all__ = ["describe_progress", "describe_state", "format_eta"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Status", text)


def format_eta(seconds: float | None) -> str:
    """'about 3 min left' style, or '' when unknown."""
    if seconds is None or seconds <= 0:
        return ""
    if seconds < 60:
        return _tr("less than a minute left")
    if seconds < 3600:
        return _tr("about {n} min left").format(n=round(seconds / 60))
    return _tr("about {n} h left").format(n=round(seconds / 3600, 1))


def describe_progress(event: dict[str, Any]) -> str:
    """One line for a progress event of the text or vector stage."""
    stage = event.get("stage")
    done, total = event.get("done", 0), event.get("total", 0)
    if stage == "scan":
        return _tr("Looking for changes… {n} files checked").format(n=done)
    label = _tr("Reading files") if stage == "text" else _tr("Embedding passages")
    parts = [label + " " + _tr("{done} of {total}").format(done=done, total=total)]
    rate = event.get("rate")
    if rate:
        parts.append(_tr("{rate}/s").format(rate=f"{rate:.0f}" if rate >= 10 else f"{rate:.1f}"))
    eta = format_eta(event.get("eta_s"))
    if eta:
        parts.append(eta)
    return " · ".join(parts)


def describe_state(state: dict[str, Any]) -> str:
    """One line for the live indexer's overall state."""
    kind = state.get("state")
    pending = state.get("pending") or {}
    files = int(pending.get("files", 0) or 0)
    chunks = int(pending.get("chunks", 0) or 0)
    if kind == "paused":
        return _tr("Indexing paused")
    if kind == "nim_unavailable":
        return _tr("NIM unavailable: keyword search works; {n} passages wait for embedding").format(
            n=chunks
        )
    if kind in ("starting", "scanning"):
        return _tr("Looking for changes…")
    if kind == "indexing":
        return _tr("Indexing, {n} files to go").format(n=files) if files else _tr("Indexing")
    if kind == "embedding":
        return _tr("Embedding, {n} passages to go").format(n=chunks) if chunks else _tr("Embedding")
    return _tr("Up to date")
