"""Small HTML builders shared by the views. Every piece of text is escaped here or by the
caller: corpus text, answers and query results never reach the page as markup."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def highlight(text: str, quote: str, spans: Sequence[tuple[int, int]] = ()) -> str:
    """`text` escaped, with the first occurrence of `quote` wrapped in <mark>; or, given
    `spans` (ranges inside the quote: the value asked for), the quote set apart in a
    `pkg-quoted` span and only those ranges in <mark>.

    A quote that is not in the text (it should always be: quotes are verbatim) is shown
    after the text, so that the reader still sees what was cited.
    """
    start = text.find(quote) if quote else -1
    if start < 0:
        extra = f'<blockquote class="pkg-quote">{esc(quote)}</blockquote>' if quote else ""
        return esc(text) + extra
    end = start + len(quote)
    inside = _marked(quote, spans) if spans else f"<mark>{esc(quote)}</mark>"
    if spans:
        inside = f'<span class="pkg-quoted">{inside}</span>'
    return f"{esc(text[:start])}{inside}{esc(text[end:])}"


def _marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` escaped, the sorted, disjoint ranges `spans` in <mark>."""
    parts, done = [], 0
    for start, end in spans:
        parts.append(f"{esc(text[done:start])}<mark>{esc(text[start:end])}</mark>")
        done = end
    return "".join(parts) + esc(text[done:])


def chips(items: Iterable[str], kind: str = "") -> str:
    """Inline labels; `kind` (added, removed, changed, ...) picks the colour."""
    css = f"pkg-chip pkg-chip-{kind}" if kind else "pkg-chip"
    return "".join(f'<span class="{css}">{esc(item)}</span>' for item in items)


def bilingual(japanese: str, english: str) -> str:
    """A Japanese label with its English gloss in a quieter style."""
    return f'{esc(japanese)} <span class="pkg-en">{esc(english)}</span>'


def notice(text: str, kind: str = "info") -> str:
    return f'<div class="pkg-notice pkg-notice-{kind}">{text}</div>'
