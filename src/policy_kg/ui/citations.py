"""Numbered citations, each expandable to its passage in context with the quote marked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from policy_kg.ui.context import PassageContext
from policy_kg.ui.markup import esc, highlight

# a citation of docs/interface.md §3: doc_id, revision, section, passage_id, quote
Citation = Mapping[str, object]


def citation_list(citations: Sequence[Citation], context: PassageContext, first: int = 1) -> str:
    """An ordered list of citations numbered from `first`."""
    if not citations:
        return ""
    items = "".join(
        citation_item(n, citation, context) for n, citation in enumerate(citations, start=first)
    )
    return f'<ol class="pkg-citations" start="{first}">{items}</ol>'


def citation_item(number: int, citation: Citation, context: PassageContext) -> str:
    doc_id = str(citation["doc_id"])
    revision = citation.get("revision") or "改定日不明"
    section = str(citation.get("section") or "")
    summary = (
        f'<span class="pkg-cite-no">[{number}]</span> '
        f'<span class="pkg-cite-title">{esc(context.title(doc_id))}</span> '
        f'<span class="pkg-cite-rev">（{esc(revision)}）</span>'
        f'<div class="pkg-cite-section">{esc(section)}</div>'
    )
    body = passage_in_context(str(citation["passage_id"]), str(citation.get("quote", "")), context)
    meta = f'<div class="pkg-cite-meta">{esc(doc_id)} · {esc(citation["passage_id"])}</div>'
    return f"<li><details><summary>{summary}</summary>{body}{meta}</details></li>"


def passage_in_context(passage_id: str, quote: str, context: PassageContext) -> str:
    """The cited passage with `quote` marked, between its neighbours in reading order."""
    passages = context.around(passage_id)
    if not passages:
        return f'<blockquote class="pkg-quote">{esc(quote)}</blockquote>'
    parts = []
    for passage in passages:
        if passage.passage_id == passage_id:
            parts.append(f'<p class="pkg-cited">{highlight(passage.text, quote)}</p>')
        else:
            parts.append(f'<p class="pkg-around">{esc(passage.text)}</p>')
    return f'<div class="pkg-context">{"".join(parts)}</div>'
