"""The Compare tab: entity deltas first, then the aligned sections side by side.

Inline changes come from the diff's character spans (`inline` of a replaced sentence):
A's side marks what went with <del>, B's side what came with <ins>. Runs of unchanged, added
or removed sections are folded, so that two documents sharing no template (the 取組方針 of
2026 against the 2011 deck: 123 removed and 11 added sections, nothing aligned) do not make
a page of 33,000 px; such a pair is said to share no template. Entity chips link to the first
section whose changes mention them. On a narrow screen the two sides stack (style.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from difflib import SequenceMatcher
from itertools import combinations, groupby

from policy_kg.corpus.model import DocumentMeta
from policy_kg.revisions.diff_model import Change, Delta, DocumentDiff, EntityDeltas, SectionDiff
from policy_kg.ui.context import PassageContext
from policy_kg.ui.markup import bilingual, esc, notice
from policy_kg.ui.timeline import revision_date

STATUS_LABELS = {
    "added": ("追加", "added"),
    "removed": ("削除", "removed"),
    "changed": ("変更", "changed"),
    "unchanged": ("変更なし", "unchanged"),
}
# Below this share of aligned sections, two documents share no template. Measured on the
# corpus: the 取組方針 for critical minerals vs permanent magnets align 0.52 of their
# sections; every other pair of documents 0.00-0.08.
MIN_SHARED_TEMPLATE = 0.2


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


def change_cells(change: Change) -> tuple[str, str]:
    """(A's cell, B's cell) of one sentence-level change."""
    a_text, b_text, inline = change.a_text, change.b_text, change.inline
    if change.op == "replace" and inline:
        a_spans = [(c.a_start, c.a_end) for c in inline if c.op != "insert"]
        b_spans = [(c.b_start, c.b_end) for c in inline if c.op != "delete"]
        return marked(a_text, a_spans, "del"), marked(b_text, b_spans, "ins")
    a_cell = marked(a_text, [(0, len(a_text))], "del") if a_text else ""
    b_cell = marked(b_text, [(0, len(b_text))], "ins") if b_text else ""
    return a_cell, b_cell


def compare_html(diff: DocumentDiff, context: PassageContext) -> str:
    a, b, sections = diff.a, diff.b, diff.sections
    anchors = _section_anchors(sections)
    return (
        f'<div class="pkg-compare">{_template_warning(sections)}'
        f"{_entity_summary(diff.entities, anchors)}"
        f"{_section_counts(sections)}"
        f'<table class="pkg-diff"><colgroup><col><col></colgroup>'
        f"<thead><tr><th>A: {_doc_label(a, context)}</th><th>B: {_doc_label(b, context)}</th>"
        f"</tr></thead><tbody>{_body_rows(sections, context)}</tbody>"
        "</table></div>"
    )


def shared_template(sections: Sequence[SectionDiff]) -> float:
    """The share of the larger document's sections that are aligned with the other's."""
    counts = Counter(s.status for s in sections)
    aligned = counts["changed"] + counts["unchanged"]
    larger = aligned + max(counts["added"], counts["removed"])
    return aligned / larger if larger else 1.0


def _template_warning(sections: Sequence[SectionDiff]) -> str:
    if not sections or shared_template(sections) >= MIN_SHARED_TEMPLATE:
        return ""
    return notice(
        esc(
            "この2文書は共通の構成を持たないため、節の対応はほとんどありません。"
            "同じ系列の2つの改定を選ぶと変更点が分かります。"
            " (These documents share no template: few sections align; compare two revisions"
            " of one series to see what changed.)"
        ),
        "warning",
    )


def _doc_label(doc_id: str, context: PassageContext) -> str:
    meta = context.meta(doc_id)
    revision = (meta.revision if meta else None) or "改定日不明"
    meta_line = f'<div class="pkg-cite-meta">{esc(doc_id)}</div>'
    return f"{esc(context.title(doc_id))}（{esc(revision)}）{meta_line}"


def _section_anchors(sections: Sequence[SectionDiff]) -> list[tuple[str, str]]:
    """(anchor id, text of the section's changes and path) for each section with changes."""
    anchors = []
    for n, section in enumerate(sections):
        if section.status == "unchanged":
            continue
        texts = [section.path]
        for change in section.changes:
            texts += [change.a_text, change.b_text]
        anchors.append((f"pkg-sec-{n}", "\n".join(texts)))
    return anchors


def _entity_chip(item: str, kind: str, anchors: Sequence[tuple[str, str]]) -> str:
    """A chip linking to the first changed section that mentions the entity: the part of the
    delta before ` (` or `:` (リチウム (2030): … → リチウム; 製錬等事業支援: +ウラン)."""
    name = item.split(" (")[0].split(":")[0].strip()
    css = f"pkg-chip pkg-chip-{kind}"
    target = next((anchor for anchor, text in anchors if name and name in text), None)
    if target is None:
        return f'<span class="{css}">{esc(item)}</span>'
    return f'<a class="{css}" href="#{target}">{esc(item)}</a>'


def _entity_kinds(entities: EntityDeltas) -> tuple[tuple[str, str, Delta], ...]:
    """Each kind of entity's delta, with its Japanese and English name."""
    return (
        ("鉱物", "minerals", entities.minerals),
        ("施策", "measures", entities.measures),
        ("機関", "agencies", entities.agencies),
        ("目標", "targets", entities.targets),
    )


def _entity_summary(entities: EntityDeltas, anchors: Sequence[tuple[str, str]] = ()) -> str:
    rows = []
    for japanese, english, delta in _entity_kinds(entities):
        changes = (("added", delta.added), ("removed", delta.removed), ("changed", delta.changed))
        cells = [
            "".join(_entity_chip(item, kind, anchors) for item in items) for kind, items in changes
        ]
        if any(cells):
            rows.append(
                f"<tr><th>{bilingual(japanese, english)}</th>"
                + "".join(f"<td>{cell}</td>" for cell in cells)
                + "</tr>"
            )
    title = f"<h4>{bilingual('エンティティの差分', 'Entity changes')}</h4>"
    if not rows:
        return title + notice(esc("グラフ上のエンティティに差分はありません (no entity changes)"))
    head = "<tr><th></th><th>追加 added</th><th>削除 removed</th><th>変更 changed</th></tr>"
    return f'{title}<table class="pkg-table pkg-deltas">{head}{"".join(rows)}</table>'


def _section_counts(sections: Sequence[SectionDiff]) -> str:
    counts = Counter(s.status for s in sections)
    items = " · ".join(f"{STATUS_LABELS[status][0]} {counts[status]}" for status in STATUS_LABELS)
    return f'<div class="pkg-counts">{bilingual("節", "Sections")}: {esc(items)}</div>'


def _body_rows(sections: Sequence[SectionDiff], context: PassageContext) -> str:
    """Each changed section in its own rows; a run of unchanged sections folded into one row
    that lists their paths, and a run of several added or removed ones into one row that
    opens on them."""
    rows: list[str] = []
    for status, group in groupby(enumerate(sections), key=lambda item: item[1].status):
        run = list(group)
        if status == "changed":
            rows += [_section_rows(n, section, context) for n, section in run]
        else:
            rows.append(_run(run, context))
    return "".join(rows)


def _run(run: Sequence[tuple[int, SectionDiff]], context: PassageContext) -> str:
    status = run[0][1].status
    if status == "unchanged":
        return _unchanged_run([section.path for _, section in run])
    inner = "".join(_section_rows(n, section, context) for n, section in run)
    if len(run) == 1:
        return inner
    japanese, english = STATUS_LABELS[status]
    label = bilingual(f"{japanese}された節 {len(run)} 件", f"{len(run)} sections {english}")
    return (
        f'<tr class="pkg-sec pkg-sec-{status}"><th colspan="2"><details>'
        f'<summary>{label}</summary><table class="pkg-diff-run">{inner}</table>'
        "</details></th></tr>"
    )


def _unchanged_run(paths: Sequence[str]) -> str:
    items = "".join(f"<li>{esc(path)}</li>" for path in paths)
    label = bilingual(f"変更のない節 {len(paths)} 件", f"{len(paths)} unchanged sections")
    return (
        f'<tr class="pkg-sec pkg-sec-unchanged"><th colspan="2"><details>'
        f"<summary>{label}</summary><ul>{items}</ul></details></th></tr>"
    )


def _section_rows(number: int, section: SectionDiff, context: PassageContext) -> str:
    status = section.status
    japanese, english = STATUS_LABELS[status]
    path = esc(section.path)
    a_path, b_path = section.a_path, section.b_path
    if a_path and b_path and a_path != b_path:
        path = f"A: {esc(a_path)}<br>B: {esc(b_path)}"
    head = (
        f'<tr class="pkg-sec pkg-sec-{status}" id="pkg-sec-{number}"><th colspan="2">{path} '
        f'<span class="pkg-status">{bilingual(japanese, english)}</span></th></tr>'
    )
    return head + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in _cells(section, context))


def _cells(section: SectionDiff, context: PassageContext) -> list[tuple[str, str]]:
    status = section.status
    if status == "changed":
        return [change_cells(change) for change in section.changes]
    if status == "added":
        text = "\n".join(context.text_of(section.b_passage_ids))
        return [("", marked(text, [(0, len(text))], "ins"))]
    if status == "removed":
        text = "\n".join(context.text_of(section.a_passage_ids))
        return [(marked(text, [(0, len(text))], "del"), "")]
    return []


def document_choices(documents: Mapping[str, DocumentMeta]) -> list[tuple[str, str]]:
    """(label, doc_id) pairs for the pickers, series together, oldest revision first."""
    metas = sorted(
        documents.values(), key=lambda m: (m.series, revision_date(m.revision) or date.min)
    )
    return [(f"{m.doc_id} — {m.title}", m.doc_id) for m in metas]


def default_pair(documents: Mapping[str, DocumentMeta]) -> tuple[str | None, str | None]:
    """The two newest revisions of a series that has several; else the two documents whose
    titles are most alike (documents of one template: 重要鉱物に係る…取組方針 and
    永久磁石に係る…取組方針), oldest first."""
    by_series: dict[str, list[DocumentMeta]] = {}
    for meta in documents.values():
        by_series.setdefault(meta.series, []).append(meta)
    for series in sorted(by_series):
        revisions = sorted(by_series[series], key=lambda m: revision_date(m.revision) or date.min)
        if len(revisions) > 1:
            return revisions[-2].doc_id, revisions[-1].doc_id
    ordered = [doc_id for _, doc_id in document_choices(documents)]
    if len(ordered) < 2:
        return (ordered or [None])[0], None
    pair = max(
        combinations(ordered, 2),
        key=lambda pair: _title_likeness(documents[pair[0]], documents[pair[1]]),
    )
    first, second = sorted(pair, key=lambda d: revision_date(documents[d].revision) or date.min)
    return first, second


def _title_likeness(a: DocumentMeta, b: DocumentMeta) -> float:
    return SequenceMatcher(None, a.title, b.title).ratio()
