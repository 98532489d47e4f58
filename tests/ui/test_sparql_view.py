import json

import pytest

from policy_kg.sparql.safety import inspect_query
from policy_kg.ui.sparql_view import example_queries, results_table

README = """
Text.

```sparql
# query: minerals
SELECT ?m WHERE { ?m a <x:Mineral> }
```

```sparql
SELECT ?unnamed WHERE { }
```
"""


def test_examples_are_the_named_sparql_blocks_of_the_docs(tmp_path):
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    examples = example_queries((tmp_path / "README.md", tmp_path / "missing.md"))
    assert [e.name for e in examples] == ["minerals"]
    assert examples[0].text == "# query: minerals\nSELECT ?m WHERE { ?m a <x:Mineral> }"


def test_the_documented_examples_are_valid_read_only_queries():
    examples = example_queries()
    assert len(examples) >= 3
    assert len({e.name for e in examples}) == len(examples)  # the tab picks them by name
    for example in examples:
        inspect_query(example.text)  # raises on a malformed, update or SERVICE query


def test_select_results_become_rows_of_text():
    body = json.dumps(
        {
            "head": {"vars": ["label", "n"]},
            "results": {
                "bindings": [
                    {
                        "label": {"type": "literal", "value": "ネオジム", "xml:lang": "ja"},
                        "n": {"type": "literal", "value": "3"},
                    },
                    {"n": {"type": "bnode", "value": "b0"}},
                ]
            },
        }
    ).encode()
    table = results_table(body, "application/sparql-results+json")
    assert table.headers == ["label", "n"]
    assert table.rows == [["ネオジム@ja", "3"], ["", "_:b0"]]


def test_ask_and_construct_results_become_tables():
    ask = results_table(b'{"head": {}, "boolean": true}', "application/sparql-results+json")
    assert (ask.headers, ask.rows) == (["boolean"], [["true"]])
    triples = b'<http://x/a> <http://x/p> "v"@ja .\n'
    graph = results_table(triples, "application/n-triples")
    assert graph.rows == [["http://x/a", "http://x/p", "v@ja"]]
    with pytest.raises(ValueError):
        results_table(b"a,b", "text/csv")
