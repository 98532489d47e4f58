"""The SPARQL tab: documented example queries and a results table (files: `downloads`).

The examples are the `# query: <name>` blocks of the repository's SPARQL documentation
(ontology/README.md, and docs/sparql.md when present), so the tab shows what the docs say.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse

from policy_kg.config import ONTOLOGY_README, SPARQL_DOCS, shipped_file

EXAMPLE_SOURCES = (shipped_file(ONTOLOGY_README), shipped_file(SPARQL_DOCS))
TABLE_ACCEPT = "application/sparql-results+json, application/n-triples"
FORMAT_CHOICES = ("", "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld")

_BLOCK = re.compile(r"```sparql\n(# query: (?P<name>[^\n]+)\n.*?)```", re.DOTALL)


@dataclass(frozen=True)
class ExampleQuery:
    name: str
    text: str


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


def example_queries(sources: tuple[Path, ...] = EXAMPLE_SOURCES) -> list[ExampleQuery]:
    """Every ```sparql block that starts with `# query: <name>`, in document order."""
    examples = []
    for source in sources:
        if source.is_file():
            text = source.read_text(encoding="utf-8")
            examples += [
                ExampleQuery(m["name"].strip(), m.group(1).strip()) for m in _BLOCK.finditer(text)
            ]
    return examples


def results_table(body: bytes, media_type: str) -> Table:
    """SPARQL JSON results (SELECT/ASK) or N-Triples (CONSTRUCT/DESCRIBE) as rows of text."""
    if media_type == "application/sparql-results+json":
        document = json.loads(body)
        if "boolean" in document:
            return Table(["boolean"], [[str(document["boolean"]).lower()]])
        headers = list(document["head"]["vars"])
        rows = [
            [_binding_text(binding.get(var)) for var in headers]
            for binding in document["results"]["bindings"]
        ]
        return Table(headers, rows)
    if media_type == "application/n-triples":
        triples = parse(body, RdfFormat.N_TRIPLES)
        return Table(
            ["subject", "predicate", "object"],
            [
                [_term_text(t.subject), _term_text(t.predicate), _term_text(t.object)]
                for t in triples
            ],
        )
    raise ValueError(f"no table for {media_type}")


def _binding_text(binding: dict | None) -> str:
    if binding is None:
        return ""
    if binding.get("type") == "bnode":
        return f"_:{binding['value']}"
    lang = binding.get("xml:lang")
    return f"{binding['value']}@{lang}" if lang else str(binding["value"])


def _term_text(term: NamedNode | BlankNode | Literal) -> str:
    if isinstance(term, Literal):
        return f"{term.value}@{term.language}" if term.language else term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value
