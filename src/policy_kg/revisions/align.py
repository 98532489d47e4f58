"""Section alignment of two parsed documents by heading path.

Each document becomes a tree of sections (one node per heading path; a node owns the passages
whose section is exactly its path). Trees are aligned top-down: the children of two aligned
sections are matched in order by heading title, ignoring numbering labels, so an inserted
subsection that renumbers its later siblings, or a slightly reworded heading, still aligns.
Children of an unaligned section are added or removed with it: the parent is the context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from policy_kg.corpus.model import ParsedDocument, Passage
from policy_kg.revisions.headings import (
    HeadingKey,
    Substitution,
    heading_key,
    subject_substitution,
    title_similarity,
)

MIN_TITLE_SIMILARITY = 0.75  # a reworded heading (…の的確な把握 / …の適確な把握) stays aligned
MIN_SAME_LABEL_SIMILARITY = 0.5  # a same-numbered heading may have been reworded more
_SAME_LABEL_BONUS = 0.05  # among equally similar titles, prefer the same number


@dataclass(frozen=True)
class Section:
    """A heading path with its own passages (not its descendants') and its subsections."""

    path: tuple[str, ...]
    passages: tuple[Passage, ...]
    children: tuple[Section, ...]

    @property
    def key(self) -> HeadingKey:
        return heading_key(self.path[-1] if self.path else "")


@dataclass(frozen=True)
class SectionPair:
    """Aligned sections in merged reading order; `a` or `b` is None for an added or removed one."""

    a: Section | None
    b: Section | None


def section_tree(document: ParsedDocument) -> Section:
    """The document's sections as a tree; the root has the empty path."""
    own: dict[tuple[str, ...], list[Passage]] = {(): []}
    for passage in (p for p in document.passages if not p.restates_headings):
        for depth in range(1, len(passage.section) + 1):
            own.setdefault(passage.section[:depth], [])
        own[passage.section].append(passage)
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {path: [] for path in own}
    for path in own:
        if path:
            children[path[:-1]].append(path)

    def build(path: tuple[str, ...]) -> Section:
        subsections = tuple(build(child) for child in children[path])
        return Section(path, tuple(own[path]), subsections)

    return build(())


def align_in_order(
    n: int, m: int, weight: Callable[[int, int], float | None]
) -> list[tuple[int | None, int | None]]:
    """Order-preserving matching of items 0..n-1 with 0..m-1 maximising the summed weight.

    `weight(i, j)` is None where i and j may not be matched. The result lists every item once,
    unmatched ones as (i, None) or (None, j), in merged order (removed before added).
    """
    weights = [[weight(i, j) for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            w = weights[i][j]
            match = best[i + 1][j + 1] + w if w is not None else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], match)
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        w = weights[i][j]
        if w is not None and best[i][j] == best[i + 1][j + 1] + w:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs.extend((k, None) for k in range(i, n))
    pairs.extend((None, k) for k in range(j, m))
    return pairs


def heading_weight(a: HeadingKey, b: HeadingKey, substitution: Substitution | None) -> float | None:
    """How well two headings correspond, or None if they should not be aligned."""
    a_title = substitution.apply(a.title) if substitution else a.title
    similarity = title_similarity(a_title, b.title)
    same_label = bool(a.label) and a.label == b.label
    if similarity >= MIN_TITLE_SIMILARITY or (
        same_label and similarity >= MIN_SAME_LABEL_SIMILARITY
    ):
        return similarity + (_SAME_LABEL_BONUS if same_label else 0.0)
    return None


def tree_substitution(a: Section, b: Section, a_title: str, b_title: str) -> Substitution | None:
    """The subject substitution between two documents, from their titles and top headings."""
    a_top = {s.key.label: s.path[-1] for s in a.children if s.key.label}
    b_top = {s.key.label: s.path[-1] for s in b.children if s.key.label}
    pairs = [(a_title, b_title)]
    pairs += [(a_top[label], b_top[label]) for label in a_top.keys() & b_top.keys()]
    return subject_substitution(pairs)


def align_sections(
    a: Section, b: Section, substitution: Substitution | None = None
) -> Iterator[SectionPair]:
    """Aligned sections of two trees in merged pre-order, starting with the two roots."""
    yield SectionPair(a, b)
    keys_a = [child.key for child in a.children]
    keys_b = [child.key for child in b.children]
    pairs = align_in_order(
        len(keys_a),
        len(keys_b),
        lambda i, j: heading_weight(keys_a[i], keys_b[j], substitution),
    )
    for i, j in pairs:
        if i is not None and j is not None:
            yield from align_sections(a.children[i], b.children[j], substitution)
        elif i is not None:
            yield from _one_sided(a.children[i], is_a=True)
        elif j is not None:
            yield from _one_sided(b.children[j], is_a=False)


def _one_sided(section: Section, *, is_a: bool) -> Iterator[SectionPair]:
    yield SectionPair(section, None) if is_a else SectionPair(None, section)
    for child in section.children:
        yield from _one_sided(child, is_a=is_a)
