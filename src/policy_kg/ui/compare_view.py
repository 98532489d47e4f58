"""The Compare tab: entity deltas first, then the aligned sections side by side.

Inline changes come from the diff's character spans (`inline` of a replaced sentence):
A's side marks what went with <del>, B's side what came with <ins>.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from policy_kg.corpus.model import DocumentMeta
from policy_kg.ui.context import PassageContext
from policy_kg.ui.markup import bilingual, chips, esc, notice
from policy_kg.ui.trace_view import revision_date

Json = Mapping[str, object]

STATUS_LABELS = {
    "added": ("追加", "added"),
    "removed": ("削除", "removed"),
    "changed": ("変更", "changed"),
    "unchanged": ("変更なし", "unchanged"),
}
ENTITY_KINDS = {
    "minerals": ("鉱物", "minerals"),
    "measures": ("施策", "measures"),
    "agencies": ("機関", "agencies"),
    "targets": ("目標", "targets"),
}


def marked(text: str, spans: Iterable[tuple[int, int]], tag: str) -> str:
    """`text` escaped, each non-empty `[start, end)` span wrapped in <tag>; line breaks kept."""
    parts, position = [], 0
    for start, end in sorted(spans):
        if start < position or end <= start:
            continue
        parts.append(esc(text[position:start]))
        parts.append(f"<{tag}>{esc(text[start:end])}</{tag}>")
        position = end
    parts.append(esc(text[position:]))
    return "".join(parts).replace("\n", "<br>")


def change_cells(change: Json) -> tuple[str, str]:
    """(A's cell, B's cell) of one sentence-level change."""
    a_text, b_text = str(change.get("a_text", "")), str(change.get("b_text", ""))
    inline = list(change.get("inline") or [])
    if change["op"] == "replace" and inline:
        a_spans = [(c["a_start"], c["a_end"]) for c in inline if c["op"] != "insert"]
        b_spans = [(c["b_start"], c["b_end"]) for c in inline if c["op"] != "delete"]
        return marked(a_text, a_spans, "del"), marked(b_text, b_spans, "ins")
    a_cell = marked(a_text, [(0, len(a_text))], "del") if a_text else ""
    b_cell = marked(b_text, [(0, len(b_text))], "ins") if b_text else ""
    return a_cell, b_cell


def compare_html(diff: Json, context: PassageContext) -> str:
    a, b = str(diff["a"]), str(diff["b"])
    sections = list(diff.get("sections") or [])
    return (
        f'<div class="pkg-compare">{_entity_summary(diff.get("entities") or {})}'
        f"{_section_counts(sections)}"
        f'<table class="pkg-diff"><colgroup><col><col></colgroup>'
        f"<thead><tr><th>A: {_doc_label(a, context)}</th><th>B: {_doc_label(b, context)}</th>"
        f"</tr></thead><tbody>{_body_rows(sections, context)}</tbody>"
        "</table></div>"
    )


def _doc_label(doc_id: str, context: PassageContext) -> str:
    meta = context.meta(doc_id)
    revision = (meta.revision if meta else None) or "改定日不明"
    meta_line = f'<div class="pkg-cite-meta">{esc(doc_id)}</div>'
    return f"{esc(context.title(doc_id))}（{esc(revision)}）{meta_line}"


def _entity_summary(entities: Json) -> str:
    rows = []
    for key, (japanese, english) in ENTITY_KINDS.items():
        delta = entities.get(key) or {}
        added, removed, changed = (
            list(delta.get(k) or []) for k in ("added", "removed", "changed")
        )
        if added or removed or changed:
            rows.append(
                f"<tr><th>{bilingual(japanese, english)}</th><td>{chips(added, 'added')}</td>"
                f"<td>{chips(removed, 'removed')}</td><td>{chips(changed, 'changed')}</td></tr>"
            )
    title = f"<h4>{bilingual('エンティティの差分', 'Entity changes')}</h4>"
    if not rows:
        return title + notice(esc("グラフ上のエンティティに差分はありません (no entity changes)"))
    head = "<tr><th></th><th>追加 added</th><th>削除 removed</th><th>変更 changed</th></tr>"
    return f'{title}<table class="pkg-table pkg-deltas">{head}{"".join(rows)}</table>'


def _section_counts(sections: Sequence[Json]) -> str:
    counts = Counter(str(s["status"]) for s in sections)
    items = " · ".join(f"{STATUS_LABELS[status][0]} {counts[status]}" for status in STATUS_LABELS)
    return f'<div class="pkg-counts">{bilingual("節", "Sections")}: {esc(items)}</div>'


def _body_rows(sections: Sequence[Json], context: PassageContext) -> str:
    """Each section with changes in its own rows; a run of unchanged sections folded into
    one row that lists their paths."""
    rows, unchanged = [], []
    for section in sections:
        if section["status"] == "unchanged":
            unchanged.append(str(section["path"]))
            continue
        rows.append(_unchanged_run(unchanged))
        unchanged = []
        rows.append(_section_rows(section, context))
    rows.append(_unchanged_run(unchanged))
    return "".join(rows)


def _unchanged_run(paths: Sequence[str]) -> str:
    if not paths:
        return ""
    items = "".join(f"<li>{esc(path)}</li>" for path in paths)
    label = bilingual(f"変更のない節 {len(paths)} 件", f"{len(paths)} unchanged sections")
    return (
        f'<tr class="pkg-sec pkg-sec-unchanged"><th colspan="2"><details>'
        f"<summary>{label}</summary><ul>{items}</ul></details></th></tr>"
    )


def _section_rows(section: Json, context: PassageContext) -> str:
    status = str(section["status"])
    japanese, english = STATUS_LABELS[status]
    path = esc(section["path"])
    a_path, b_path = section.get("a_path"), section.get("b_path")
    if a_path and b_path and a_path != b_path:
        path = f"A: {esc(a_path)}<br>B: {esc(b_path)}"
    head = (
        f'<tr class="pkg-sec pkg-sec-{status}"><th colspan="2">{path} '
        f'<span class="pkg-status">{bilingual(japanese, english)}</span></th></tr>'
    )
    return head + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in _cells(section, context))


def _cells(section: Json, context: PassageContext) -> list[tuple[str, str]]:
    status = section["status"]
    if status == "changed":
        return [change_cells(change) for change in section.get("changes") or []]
    if status == "added":
        text = "\n".join(context.text_of(list(section.get("b_passage_ids") or [])))
        return [("", marked(text, [(0, len(text))], "ins"))]
    if status == "removed":
        text = "\n".join(context.text_of(list(section.get("a_passage_ids") or [])))
        return [(marked(text, [(0, len(text))], "del"), "")]
    return []


def document_choices(documents: Mapping[str, DocumentMeta]) -> list[tuple[str, str]]:
    """(label, doc_id) pairs for the pickers, series together, oldest revision first."""
    metas = sorted(
        documents.values(), key=lambda m: (m.series, revision_date(m.revision) or date.min)
    )
    return [(f"{m.doc_id} — {m.title}", m.doc_id) for m in metas]


def default_pair(documents: Mapping[str, DocumentMeta]) -> tuple[str | None, str | None]:
    """The two newest revisions of a series that has several; else the first two documents."""
    by_series: dict[str, list[DocumentMeta]] = {}
    for meta in documents.values():
        by_series.setdefault(meta.series, []).append(meta)
    for series in sorted(by_series):
        revisions = sorted(by_series[series], key=lambda m: revision_date(m.revision) or date.min)
        if len(revisions) > 1:
            return revisions[-2].doc_id, revisions[-1].doc_id
    first, second, *_ = [doc_id for _, doc_id in document_choices(documents)] + [None, None]
    return first, second
