"""Numbered citations, each expandable to its passage in context with the quote marked.

The same sentence kept in two revisions of a series is cited once, naming both revisions
(`grouped`): quotes are compared after NFKC normalisation, as the corpus mixes full- and
half-width forms between revisions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Protocol

from policy_kg.ui.context import PassageContext
from policy_kg.ui.markup import esc, highlight


class Cited(Protocol):
    """What a citation shows (docs/interface.md §3): an answer's `qa.model.Citation`, or a
    fact's `graph.queries.QuoteRef` on an entity page."""

    @property
    def doc_id(self) -> str: ...
    @property
    def revision(self) -> str | None: ...
    @property
    def section(self) -> str: ...
    @property
    def passage_id(self) -> str: ...
    @property
    def quote(self) -> str: ...


# where in a quote to mark the value asked for: ranges inside the quote
Spans = Callable[[str], Sequence[tuple[int, int]]]
UNDATED = "改定日不明"
BRIEF_CHARS = 60  # a brief citation's summary: the quote's start, about one line of text


def grouped(citations: Sequence[Cited]) -> list[list[Cited]]:
    """Citations with the same NFKC-normalised quote together, in order of first appearance."""
    groups: dict[str, list[Cited]] = {}
    for citation in citations:
        key = unicodedata.normalize("NFKC", citation.quote).strip()
        groups.setdefault(key, []).append(citation)
    return list(groups.values())


def citation_list(
    citations: Sequence[Cited],
    context: PassageContext,
    first: int = 1,
    *,
    anchor: str = "",
    open_first: bool = False,
    group: bool = False,
    spans: Spans | None = None,
    brief: bool = False,
) -> str:
    """An ordered list of citations numbered from `first`; with `group`, one item per quote
    (see `grouped`). Items get the ids `{anchor}-{number}` for the [n] markers to link to;
    `spans` marks the value inside each quote instead of the whole quote; `brief` items are
    summed up by their quote, for a list whose document is named already."""
    if not citations:
        return ""
    groups = grouped(citations) if group else [[c] for c in citations]
    items = "".join(
        citation_item(
            n,
            items,
            context,
            anchor=anchor,
            is_open=open_first and n == first,
            spans=spans,
            brief=brief,
        )
        for n, items in enumerate(groups, start=first)
    )
    return f'<ol class="pkg-citations" start="{first}">{items}</ol>'


def citation_item(
    number: int,
    group: Sequence[Cited],
    context: PassageContext,
    *,
    anchor: str = "",
    is_open: bool = False,
    spans: Spans | None = None,
    brief: bool = False,
) -> str:
    """One numbered citation: the sources of one quote (a document and revision each), the
    first one's passage in context."""
    cited = group[0]
    section = f'<div class="pkg-cite-section">{esc(cited.section)}</div>'
    quote = cited.quote
    if brief:  # the quote's start; the section goes inside
        start = quote if len(quote) <= BRIEF_CHARS else quote[: BRIEF_CHARS - 1] + "…"
        about, inside = f'<span class="pkg-cite-brief">「{esc(start)}」</span>', section
    else:
        about, inside = _sources(group, context) + section, ""
    summary = f'<span class="pkg-cite-no">[{number}]</span> {about}'
    marked = tuple(spans(quote)) if spans is not None else ()
    body = inside + passage_in_context(cited.passage_id, quote, context, marked)
    meta = "".join(
        f'<div class="pkg-cite-meta">{esc(c.doc_id)} · {esc(c.passage_id)}</div>' for c in group
    )
    item_id = f' id="{esc(anchor)}-{number}"' if anchor else ""
    opened = " open" if is_open else ""
    return f"<li{item_id}><details{opened}><summary>{summary}</summary>{body}{meta}</details></li>"


def _sources(group: Sequence[Cited], context: PassageContext) -> str:
    """Each document's title with the revisions it is cited from:
    取組方針（2026-03-30・2027-03-31）."""
    revisions: dict[str, list[str]] = {}
    for citation in group:
        title = context.title(citation.doc_id)
        revision = citation.revision or UNDATED
        if revision not in revisions.setdefault(title, []):
            revisions[title].append(revision)
    return " ／ ".join(
        f'<span class="pkg-cite-title">{esc(title)}</span> '
        f'<span class="pkg-cite-rev">（{esc("・".join(dates))}）</span>'
        for title, dates in revisions.items()
    )


def passage_in_context(
    passage_id: str, quote: str, context: PassageContext, spans: Sequence[tuple[int, int]] = ()
) -> str:
    """The cited passage with `quote` marked (or only `spans` of it), between its neighbours
    in reading order."""
    passages = context.around(passage_id)
    if not passages:
        return f'<blockquote class="pkg-quote">{esc(quote)}</blockquote>'
    parts = []
    for passage in passages:
        if passage.passage_id == passage_id:
            parts.append(f'<p class="pkg-cited">{highlight(passage.text, quote, spans)}</p>')
        else:
            parts.append(f'<p class="pkg-around">{esc(passage.text)}</p>')
    return f'<div class="pkg-context">{"".join(parts)}</div>'
