"""What the dump-portability tests share, whatever the server: the example queries of
docs/sparql.md, the dump as a user exports it, one HTTP query, and answers as sets of rows of
RDF terms (the built-in endpoint's being the reference).

tests/sparql/test_portability.py loads the dump into the Oxigraph server,
tests/sparql/test_virtuoso.py into OpenLink Virtuoso (docs/scale.md).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from policy_kg.sparql.safety import inspect_query

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "sparql.md"
_BLOCK = re.compile(r"```sparql\n(.*?)```", re.DOTALL)
_NAME = re.compile(r"^# query: (.+)$", re.MULTILINE)
DOC_QUERIES = _BLOCK.findall(DOCS.read_text(encoding="utf-8"))
QUERY_TIMEOUT_SECONDS = 60.0  # per HTTP query: six times the built-in endpoint's own limit

SELECT_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None
Row = tuple[Term, ...]


@dataclass(frozen=True)
class Answer:
    """One query's answer: the columns (empty for a graph: subject, predicate, object) and
    the rows, as a set (the documented queries promise no order the tests rely on)."""

    variables: tuple[str, ...]
    rows: frozenset[Row]


def query_id(query: str) -> str:
    named = _NAME.search(query)
    return named.group(1).strip() if named else query.strip().splitlines()[0]


def post_query(url: str, query: str, accept: str) -> bytes:
    """The query as an HTML form would post it (UTF-8, the SPARQL protocol's form POST)."""
    body = urllib.parse.urlencode({"query": query}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    request = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=QUERY_TIMEOUT_SECONDS) as response:
        return response.read()


def export_nquads(runtime, out: Path) -> None:
    """The dump as a user makes it: the CLI over the build the session fixture made."""
    env = {**os.environ, "POLICY_KG_CACHE": str(runtime.paths.shared_cache)}
    command = [sys.executable, "-m", "policy_kg", "--corpus", str(runtime.paths.corpus)]
    command += ["--indexes", str(runtime.paths.indexes), "export", "--format", "nquads"]
    subprocess.run([*command, str(out)], check=True, env=env, capture_output=True)


def solution_answer(body: bytes) -> Answer:
    """SPARQL JSON results (SELECT or ASK) as an Answer."""
    results = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    if isinstance(results, ox.QueryBoolean):
        return Answer(("ask",), frozenset({(ox.Literal(str(bool(results)).lower()),)}))
    variables = tuple(v.value for v in results.variables)
    rows = frozenset(tuple(solution[v] for v in results.variables) for solution in results)
    return Answer(variables, rows)


def graph_answer(body: bytes) -> Answer:
    """N-Triples (CONSTRUCT, DESCRIBE) as an Answer of (subject, predicate, object) rows."""
    return Answer((), frozenset(tuple(t) for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)))


def builtin_answer(runtime, query: str) -> Answer:
    """The reference: the built-in endpoint's answer, through the same guarded worker."""
    if inspect_query(query).returns_graph:
        return graph_answer(runtime.sparql(query, "ntriples").body)
    return solution_answer(runtime.sparql(query, "json").body)


def served_answer(url: str, query: str) -> Answer:
    """A SPARQL server's answer over HTTP, in the same terms as builtin_answer."""
    if inspect_query(query).returns_graph:
        return graph_answer(post_query(url, query, N_TRIPLES))
    return solution_answer(post_query(url, query, SELECT_JSON))
