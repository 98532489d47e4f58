"""What the texts say minerals are used for.

A sentence lists minerals and states their use either before the list (レドックスフロー電池の
原材料となるバナジウム, 半導体等に用いられるガリウム、ゲルマニウム, L I B原料であるリチウム) or
after it as its topic (ウランについては、原子力発電の燃料等に使用されている, タングステンは、
超硬工具に使用される). A list is a run of minerals joined only by 、 及び 並びに 又は や and
brackets; one sentence may give several runs their own uses (the policy's note on what each
measure covers gives six). A mineral named inside a longer word of the same script (リチウム in
リチウムイオン電池) is part of a use, not listed.

The askers of the development questions describe a mineral by its use 65 times in 2,049
questions (原子力発電の燃料になる鉱物); the answerer reads these facts to name it
(`qa.described`). On the seeds: 66 stated uses, 158 facts (one per mineral), in 3 documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from policy_kg.nlp.extract.analyzed import AnalyzedDocument, AnalyzedPassage, Entity
from policy_kg.nlp.extract.registry import extracts
from policy_kg.nlp.extract.text import sentences
from policy_kg.nlp.facts import MineralUse
from policy_kg.nlp.lists import LIST_JOINT_OR_YA, Run, group_runs
from policy_kg.nlp.scripts import whole_word

# a sentence that may state a use
USE_CUE = re.compile(r"用い|使用|利用|使わ|原材料|原料|燃料|用途")
# a use stated before the minerals listed: …の原材料となる X、Y / …に用いられる X / …原料である X
USE_BEFORE = re.compile(
    r"(?:の(?:原材料|原料|材料|燃料)(?:と|に)なる|に(?:用いられる|使用される|利用される|使われる)"
    r"|(?:原材料|原料)である)[、\s]*$"
)
# a use stated after the minerals as a topic: X は、…に使用され / X については、…に使用
# され / X は、…に、Y は、…
USE_AFTER = re.compile(
    r"^(?:については|は|が)、?(?P<use>.{1,60}?)"
    r"(?:に(?:用いられ|使用され|利用され|使われ)|に、|の(?:原材料|原料|材料)(?:として|と|に))"
)
# punctuation at the edges of a use's words (the 、 between two runs): the sentence's
_EDGES = "、 \u3000"


@extracts(MineralUse)
def extract_mineral_uses(document: AnalyzedDocument) -> tuple[MineralUse, ...]:
    found: list[MineralUse] = []
    for passage in document.passages:
        for start, end in sentences(passage.text):
            if not USE_CUE.search(passage.text[start:end]):
                continue
            for keys, use in stated_uses(passage, start, end):
                evidence = passage.evidence(start, end)
                found.append(MineralUse(document.doc_id, keys, use, evidence))
    return tuple(found)


def stated_uses(
    passage: AnalyzedPassage, start: int, end: int
) -> Iterable[tuple[tuple[str, ...], str]]:
    """(the keys of a listed run of minerals, the words stating their use) for each run of
    the sentence text[start:end] that has a use stated before or after it."""
    text = passage.text
    runs = _runs(text, passage.entities_in(start, end, "mineral"))
    bounds = [start] + [run.end for run in runs]
    starts = [run.start for run in runs] + [end]
    for n, run in enumerate(runs):
        use = _stated(text[bounds[n] : run.start], text[run.end : starts[n + 1]])
        if use:
            yield tuple(dict.fromkeys(run.items)), use


def _runs(text: str, minerals: tuple[Entity, ...]) -> list[Run[str]]:
    """Each run of minerals listed together, by key (a mineral inside a longer word of its
    script is part of a use, not listed)."""
    mentions = [(m.start, m.end, m.key) for m in minerals if whole_word(text, m.start, m.end)]
    return group_runs(text, mentions, LIST_JOINT_OR_YA)


def _stated(before: str, after: str) -> str | None:
    if USE_BEFORE.search(before):
        return before.strip(_EDGES) or None
    topic = USE_AFTER.match(after)
    return topic.group("use").strip(_EDGES) if topic else None
