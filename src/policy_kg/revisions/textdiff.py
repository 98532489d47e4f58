"""Sentence- and character-level differences of Japanese text.

Japanese has no spaces to diff words on, so a section's text is split into sentences, the
sentence sequences are diffed, and a replaced sentence pair is diffed character by character.
Sentences are compared NFKC-normalised and without white space, so re-wrapped, re-spaced or
full-width/half-width variants of the same text (（２） / (2)) are not a change.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from policy_kg.corpus.sentences import split_sentences
from policy_kg.corpus.structure import compared_form
from policy_kg.revisions.align import align_in_order
from policy_kg.revisions.diff_model import Change, ChangeOp, CharChange

MIN_SENTENCE_SIMILARITY = 0.5  # below this, a sentence pair is a delete and an insert
_MAX_ABSORBED_EQUAL = 2  # an equal run this short between two edits joins them into one
_BOUNDARY = frozenset("、。，．・：；（）()「」『』［］【】〔〕 \u3000\n")


def sentences(texts: Sequence[str]) -> list[str]:
    """The sentences of consecutive passage texts, each passage ending its last sentence."""
    return [s for text in texts for s in split_sentences(text)]


def char_changes(a_text: str, b_text: str) -> tuple[CharChange, ...]:
    """Character-level edits turning `a_text` into `b_text`, for inline highlighting.

    Edits separated by one or two equal characters (often a particle such as の) are merged, so
    a rewritten phrase is one replacement rather than a scatter of single characters; a pure
    insertion or deletion is slid to punctuation where the text allows (`ガリウム、` rather than
    `リウム、ガ`); edits of white space or character width only (（２） / (2)) are left out.
    """
    opcodes = SequenceMatcher(None, a_text, b_text, autojunk=False).get_opcodes()
    edits = _merged_edits(opcodes)
    for n, (i1, i2, j1, j2) in enumerate(edits):
        if i1 == i2:  # an insertion: it may slide within b between its neighbouring edits
            low = edits[n - 1][3] if n else 0
            high = edits[n + 1][2] if n + 1 < len(edits) else len(b_text)
            shift = _best_shift(b_text, j1, j2, low, high)
        elif j1 == j2:  # a deletion: it may slide within a
            low = edits[n - 1][1] if n else 0
            high = edits[n + 1][0] if n + 1 < len(edits) else len(a_text)
            shift = _best_shift(a_text, i1, i2, low, high)
        else:
            continue  # a replacement is not ambiguous
        edits[n] = [i1 + shift, i2 + shift, j1 + shift, j2 + shift]
    return tuple(
        CharChange(_op(i2 - i1, j2 - j1), i1, i2, j1, j2)
        for i1, i2, j1, j2 in edits
        if compared_form(a_text[i1:i2]) != compared_form(b_text[j1:j2])
    )


def _merged_edits(opcodes: list[tuple[str, int, int, int, int]]) -> list[list[int]]:
    """The non-equal opcodes as [i1, i2, j1, j2], joined across short equal runs."""
    edits: list[list[int]] = []
    equal_before = 0  # length of the equal run between the previous edit and this one
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            equal_before = i2 - i1
        elif edits and equal_before <= _MAX_ABSORBED_EQUAL:
            edits[-1][1], edits[-1][3] = i2, j2
        else:
            edits.append([i1, i2, j1, j2])
    return edits


def _best_shift(text: str, start: int, end: int, low: int, high: int) -> int:
    """How far to move the inserted or deleted span `text[start:end]` so that it starts or ends
    at punctuation. It can move as far as its characters repeat around it (`、ガリウム` in
    `…ウム、ガリウム、ゲ…` is also `ガリウム、`), but not past `low`..`high`."""
    left = 0
    while start - left > low and text[start - left - 1] == text[end - left - 1]:
        left += 1
    right = 0
    while end + right < high and text[start + right] == text[end + right]:
        right += 1
    return max(
        range(-left, right + 1),
        key=lambda k: (_boundary_score(text, start + k, end + k), -abs(k)),
    )


def _boundary_score(text: str, start: int, end: int) -> int:
    """Whether a span starts after punctuation, and ends at it: `ガリウム、` scores 2."""
    starts = start == 0 or text[start - 1] in _BOUNDARY
    ends = end == len(text) or text[end - 1] in _BOUNDARY or text[end] in _BOUNDARY
    return int(starts) + int(ends)


def _op(a_length: int, b_length: int) -> ChangeOp:
    if not a_length:
        return "insert"
    return "replace" if b_length else "delete"


def sentence_changes(a: Sequence[str], b: Sequence[str]) -> tuple[Change, ...]:
    """Sentence-level edits turning sentence sequence `a` into `b` (empty when equal)."""
    a_keys = [compared_form(s) for s in a]
    b_keys = [compared_form(s) for s in b]
    matcher = SequenceMatcher(None, a_keys, b_keys, autojunk=False)
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace":
            changes.extend(_paired_changes(a[i1:i2], b[j1:j2]))
        elif tag != "equal":
            op: ChangeOp = "delete" if tag == "delete" else "insert"
            changes.append(Change(op, "\n".join(a[i1:i2]), "\n".join(b[j1:j2])))
    return tuple(_join_runs(changes))


def _paired_changes(a: Sequence[str], b: Sequence[str]) -> list[Change]:
    """A replaced block of sentences: similar sentences paired in order, the rest inserted or
    deleted. A single sentence replaced by a single sentence is always a pair."""
    a_keys = [compared_form(s) for s in a]
    b_keys = [compared_form(s) for s in b]
    single = len(a) == len(b) == 1

    def weight(i: int, j: int) -> float | None:
        similarity = fuzz.ratio(a_keys[i], b_keys[j]) / 100.0
        return similarity if single or similarity >= MIN_SENTENCE_SIMILARITY else None

    changes = []
    for i, j in align_in_order(len(a), len(b), weight):
        if i is not None and j is not None:
            changes.append(Change("replace", a[i], b[j], char_changes(a[i], b[j])))
        elif i is not None:
            changes.append(Change("delete", a[i], ""))
        elif j is not None:
            changes.append(Change("insert", "", b[j]))
    return changes


def _join_runs(changes: list[Change]) -> list[Change]:
    """Consecutive inserts (or deletes) as one change."""
    joined: list[Change] = []
    for change in changes:
        previous = joined[-1] if joined else None
        if previous and change.op == previous.op and change.op != "replace":
            joined[-1] = Change(
                change.op,
                "\n".join(filter(None, (previous.a_text, change.a_text))),
                "\n".join(filter(None, (previous.b_text, change.b_text))),
            )
        else:
            joined.append(change)
    return joined
