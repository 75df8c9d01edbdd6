"""E-mail files (.eml) with the standard library: a header block plus the plain or HTML body."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import cast

from desktop_app.core.ingest.document import Extracted, Location, Section
from desktop_app.core.ingest.formats.common import clean_inline, corrupt, empty
from desktop_app.core.ingest.formats.markup import html_to_text
from desktop_app.core.ingest.textdecode import normalize_newlines

__all__ = ["extract_eml"]

_HEADERS = ("Subject", "From", "To", "Cc", "Date")


def _content(part: EmailMessage) -> str:
    try:
        return str(part.get_content())
    except (LookupError, UnicodeError, AssertionError):
        # Unknown or lying charset: decode the raw payload leniently rather than lose the body.
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""


def extract_eml(path: Path) -> Extracted:
    """One section: Subject/From/To/Date lines, attachment names, then the body text."""
    with path.open("rb") as fh:
        message = email.message_from_binary_file(fh, policy=policy.default)
    if not any(message.get(h) for h in ("From", "To", "Subject", "Date", "Message-ID")):
        raise corrupt(path, "e-mail", "no mail headers")
    lines = [f"{h}: {clean_inline(str(message[h]))}" for h in _HEADERS if message.get(h)]
    attachments = [clean_inline(a.get_filename() or "") for a in message.iter_attachments()]
    if any(attachments):
        lines.append("Attachments: " + ", ".join(a for a in attachments if a))
    body = ""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is not None:
        content = _content(cast(EmailMessage, part))
        body = html_to_text(content) if part.get_content_subtype() == "html" else content
    body = normalize_newlines(body).strip()
    if not body and not message.get("Subject"):
        raise empty(path)
    subject = clean_inline(str(message.get("Subject", ""))) or None
    text = "\n".join(lines) + ("\n\n" + body if body else "")
    return Extracted("eml", [Section(text, Location(heading=subject))], None)
