"""Every ```sparql block of docs/sparql.md runs on the real corpus and returns rows.

The documentation promises these queries answer the users' questions; a change to the
graph that breaks one must fail here, not in a reader's notebook.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policy_kg.sparql.safety import inspect_query

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "sparql.md"
ONTOLOGY_README = REPO / "ontology" / "README.md"

_BLOCK = re.compile(r"```sparql\n(.*?)```", re.DOTALL)
_NAME = re.compile(r"^# query: (.+)$", re.MULTILINE)


def sparql_blocks(path: Path) -> list[str]:
    return _BLOCK.findall(path.read_text(encoding="utf-8"))


def block_id(block: str) -> str:
    named = _NAME.search(block)
    return named.group(1).strip() if named else block.strip().splitlines()[0]


DOC_BLOCKS = sparql_blocks(DOCS)


def result_size(body: bytes, returns_graph: bool) -> int:
    """Rows of a SELECT, 1 for a true ASK, triples of a CONSTRUCT/DESCRIBE (N-Triples)."""
    if returns_graph:
        return sum(1 for line in body.decode("utf-8").splitlines() if line.strip())
    document = json.loads(body)
    if "boolean" in document:
        return int(document["boolean"])
    return len(document["results"]["bindings"])


def test_the_docs_have_a_named_example_for_each_question():
    names = [block_id(block) for block in DOC_BLOCKS]
    assert len(DOC_BLOCKS) >= 8
    assert all(_NAME.match(block) for block in DOC_BLOCKS), "each block starts with # query:"
    assert len(set(names)) == len(names)


def test_doc_example_names_do_not_hide_the_ontology_readme_examples():
    """The UI lists examples by name; a name used twice would hide one of them."""
    readme_names = {block_id(block) for block in sparql_blocks(ONTOLOGY_README)}
    assert readme_names.isdisjoint(block_id(block) for block in DOC_BLOCKS)


@pytest.mark.parametrize("query", DOC_BLOCKS, ids=[block_id(b) for b in DOC_BLOCKS])
def test_doc_example_returns_rows_on_the_real_graph(runtime, query):
    returns_graph = inspect_query(query).returns_graph
    result = runtime.sparql(query, "ntriples" if returns_graph else "json")
    assert result_size(result.body, returns_graph) >= 1
