"""The one RAG prompt: numbered sources in the system message, rules for answering from them."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.chat.sources import Source

__all__ = [
    "NO_DOCUMENTS_ANSWER",
    "SYSTEM_TEMPLATE",
    "format_source",
    "language_rule",
    "system_prompt",
]

NO_DOCUMENTS_ANSWER = (
    "No relevant documents found for this question in the indexed files. "
    "Try other words, widen the scope, or check that the files are indexed (`trove status`)."
)

# Kept as one readable block on purpose: this text decides whether the model uses the files
# (users.md complaint 1) and cites them precisely (complaint 9).
SYSTEM_TEMPLATE = """\
You are Trove, an assistant that answers questions about the user's own files.

Answer the question solely from the numbered sources below. Do not use outside knowledge.
After each statement, cite its source(s) by number in square brackets, like [1] or [2][3].
Cite only numbers that appear in the list of sources.
If the sources do not contain the answer, say plainly that the files do not say; never guess.
{language_rule}

Sources:

{sources}
"""


def language_rule(language: str) -> str:
    """The answer-language sentence: the question's language, or a configured one."""
    if not language or language.strip().lower() == "auto":
        return "Answer in the same language as the question, even when the sources use another."
    return f"Speak only in the following language: {language.strip()}"


def format_source(source: Source) -> str:
    """One source block; the number opens its own line, where the citation rule points."""
    where = f" ({source.location})" if source.location else ""
    return f"[{source.number}] {source.name}{where}\n{source.text.strip()}"


def system_prompt(sources: Sequence[Source], language: str = "auto") -> str:
    """The system message for ``sources`` (an empty list leaves a prompt with no sources)."""
    return SYSTEM_TEMPLATE.format(
        language_rule=language_rule(language),
        sources="\n\n".join(format_source(s) for s in sources),
    )
