"""The Ask tab's answer: the value asked for, the sentence it comes from with [n] links to
numbered citations (the first open), the graph facts used, the confidence.

An abstention says so plainly; the passages it looked at follow under 関連する記述, set apart
and labelled as not an answer, so that a reader can judge them without taking them as one.
"""

from __future__ import annotations

from collections.abc import Sequence

from policy_kg.qa.model import Answer, Citation, Fact
from policy_kg.ui.answer_value import AnswerParts, answer_parts, value_spans
from policy_kg.ui.citations import citation_list, grouped
from policy_kg.ui.context import PassageContext
from policy_kg.ui.markup import bilingual, esc, notice

NO_ANSWER = "コーパスに回答の根拠が見つかりませんでした。"
CITATION_ANCHOR = "ask-cite"  # the id prefix of the answer's citations, for its [n] links
# Run by the answer's gr.HTML once mounted: an [n] link opens its citation and scrolls to it
# (an anchor alone scrolls to a closed <details>).
OPEN_CITATION_JS = f"""
element.addEventListener('click', (event) => {{
  const link = event.target.closest('a[href^="#{CITATION_ANCHOR}-"]');
  const item = link && element.querySelector(link.getAttribute('href'));
  if (!item) return;
  event.preventDefault();
  item.querySelector('details').open = true;
  item.scrollIntoView({{block: 'nearest'}});
}});
"""


def answer_html(answer: Answer, context: PassageContext) -> str:
    """An answer (`ask` in docs/interface.md §3) as HTML; an abstention is said plainly."""
    answered = answer_parts(answer)
    if answer.abstained:
        text = answer.answer or NO_ANSWER
        head = notice(
            f"<strong>{bilingual('回答できません', 'No supported answer')}</strong><br>{esc(text)}",
            "abstain",
        )
        parts = [head]
    else:
        parts = [_answer_head(answered, len(grouped(answer.citations)))]
    if answer.confidence is not None and not answer.abstained:
        parts.append(
            f'<div class="pkg-confidence">{bilingual("確信度", "confidence")} '
            f"{answer.confidence:.2f}</div>"
        )
    if answer.citations:
        parts.append(f"<h4>{bilingual('出典', 'Citations')}</h4>")
        parts.append(
            citation_list(
                answer.citations,
                context,
                anchor=CITATION_ANCHOR,
                open_first=True,
                group=True,
                spans=lambda quote: value_spans(quote, answered),
            )
        )
    if answer.facts:
        parts.append(f"<h4>{bilingual('グラフの事実', 'Facts from the graph')}</h4>")
        parts.append(facts_table(answer.facts))
    if answer.abstained and answer.nearest:
        parts.append(nearest_section(answer.nearest, context))
    return f'<div class="pkg-answer">{"".join(parts)}</div>'


def _answer_head(parts: AnswerParts, cited: int) -> str:
    """The value asked for, then the sentence it comes from with [n] links to its citations."""
    marks = "".join(
        f'<sup class="pkg-ref"><a href="#{CITATION_ANCHOR}-{n}">[{n}]</a></sup>'
        for n in range(1, cited + 1)
    )
    value = f'<div class="pkg-answer-value">{esc(parts.value)}</div>' if parts.value else ""
    return f'{value}<div class="pkg-answer-text">{esc(parts.sentence)}{marks}</div>'


def nearest_section(nearest: Sequence[Citation], context: PassageContext) -> str:
    """The passages an abstention looked at: related text, apart from any answer."""
    label = bilingual("関連する記述（回答ではありません）", "Related passages, not an answer")
    return (
        f'<section class="pkg-nearest"><h4>{label}</h4>'
        f"{citation_list(nearest, context, group=True)}</section>"
    )


def facts_table(facts: Sequence[Fact]) -> str:
    rows = "".join(
        f"<tr><td>{esc(f.subject)}</td><td>{esc(f.predicate)}</td><td>{esc(f.object)}</td></tr>"
        for f in facts
    )
    head = "<tr><th>主語 subject</th><th>述語 predicate</th><th>目的語 object</th></tr>"
    return f'<table class="pkg-table">{head}{rows}</table>'
