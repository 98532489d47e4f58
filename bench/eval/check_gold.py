"""Mechanical check of hand-written question files (run before committing one).

The question sets are written by reading corpus/*.txt, so a quote copied with one
character wrong silently turns a correct citation into a miss. This script applies the
matching rule of bench/eval/README.md to every row of the files it is given:

- valid JSON with the fields of the format, unique ids and questions (also across the
  files given with --against);
- abstain rows have empty `gold` and `answer_any`, the others a gold entry and an answer;
- every `quote_any` string, after NFKC and with all white space removed, is a substring
  of one line of its document's text (the document named by `doc_id` in the sidecar);
- every `answer_any` string occurs near a gold quote (12 lines either side; for
  `title_block` and `first_named` also the document's title block), a 和暦 date in the
  text also counting as its 西暦 form;
- `two_docs` rows cite two documents.

Usage: python bench/eval/check_gold.py bench/eval/grow_qa.jsonl [--against more_qa.jsonl ...]
Prints one line per problem and a summary; exits 1 when there is a problem.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
NEAR_LINES = 12  # README: an answer occurs in the gold line or 12 lines either side
TITLE_LINES = 10  # the title block (title, dates, issuer) sits in each text's first lines
FIELDS = ("id", "question", "gold", "answer_any", "expect_abstain")  # `kind`: newer sets only
ERAS = {"令和": 2018, "平成": 1988}


def norm(text: str) -> str:
    """The citation matching rule: NFKC, all white space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def norm_answer(text: str) -> str:
    """The answer rule: as `norm`, with digit-group commas dropped too."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", norm(text))


def with_western_dates(text: str) -> str:
    """Append the 西暦 form of every 和暦 year so either form is found."""
    western = re.sub(
        r"(令和|平成)(\d+)年", lambda m: f"{ERAS[m.group(1)] + int(m.group(2))}年", text
    )
    return text + western


@dataclass(frozen=True)
class Doc:
    doc_id: str
    lines: tuple[str, ...]  # normalised lines


def load_docs() -> dict[str, Doc]:
    docs = {}
    for sidecar in sorted(CORPUS.glob("*.yaml")):
        match = re.search(r"^doc_id:\s*(\S+)", sidecar.read_text(encoding="utf-8"), re.M)
        if match is None:
            continue
        raw = sidecar.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
        docs[match.group(1)] = Doc(match.group(1), tuple(norm(line) for line in raw))
    return docs


def check_gold(row: dict, docs: dict[str, Doc]) -> list[str]:
    problems, windows = [], []
    for entry in row["gold"]:
        doc = docs.get(entry.get("doc_id", ""))
        if doc is None:
            problems.append(f"unknown doc_id {entry.get('doc_id')!r:.60}")
            continue
        if row.get("kind") in ("title_block", "first_named"):
            windows.append("".join(doc.lines[:TITLE_LINES]))
        for quote in entry.get("quote_any", []):
            hits = [i for i, line in enumerate(doc.lines) if norm(quote) in line]
            if not hits:
                problems.append(f"quote not in {doc.doc_id}: {quote!r:.60}")
            for i in hits:
                windows.append("".join(doc.lines[max(0, i - NEAR_LINES) : i + NEAR_LINES + 1]))
    context = with_western_dates(norm_answer("".join(windows)))
    for answer in row["answer_any"]:
        if windows and norm_answer(answer) not in context:
            problems.append(f"answer not near a gold quote: {answer!r:.60}")
    if row.get("kind") == "two_docs" and len({e.get("doc_id") for e in row["gold"]}) < 2:
        problems.append("two_docs row cites fewer than two documents")
    return problems


def check_row(row: dict, docs: dict[str, Doc]) -> list[str]:
    missing = [name for name in FIELDS if name not in row]
    if missing:
        return [f"missing fields {missing}"]
    if row["expect_abstain"]:
        return [] if not row["gold"] and not row["answer_any"] else ["abstain row with gold"]
    if not row["gold"] or not row["answer_any"]:
        return ["answerable row without gold or answer_any"]
    return check_gold(row, docs)


def read_rows(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                sys.exit(f"{path}:{number}: not JSON ({err.msg})")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--against", nargs="*", type=Path, default=[])
    args = parser.parse_args()
    docs = load_docs()
    older = {norm(r["question"]) for p in args.against for r in read_rows(p)}
    seen_ids, seen_questions, count, bad = set(), set(), 0, 0
    for path in args.files:
        for row in read_rows(path):
            count += 1
            problems = check_row(row, docs)
            key = norm(row.get("question", ""))
            if row.get("id") in seen_ids or key in seen_questions:
                problems.append("duplicate id or question")
            if key in older:
                problems.append("question repeats one in an --against file")
            seen_ids.add(row.get("id"))
            seen_questions.add(key)
            for problem in problems:
                print(f"{path.name} {row.get('id')}: {problem}")
            bad += bool(problems)
    print(f"{count} rows checked, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
