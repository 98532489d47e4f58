"""Print the size of the SPARQL tab's result file for each documented example query.

    .venv/bin/python bench/bench_result_files.py [--indexes indexes]

Runs each `# query:` example of the docs against the built graph (`indexes/current/graph`,
built by `policy-kg build`) in the tab's default format (SPARQL JSON), and prints its bytes,
rows and bytes per row, then the size of a full result (SparqlSettings.max_rows) at the
largest rate seen: the figures behind the limits of `policy_kg.ui.downloads`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from policy_kg.config import Paths
from policy_kg.sparql.engine import Engine
from policy_kg.sparql.model import QueryRequest, SparqlSettings
from policy_kg.ui.downloads import MAX_BYTES, MAX_FILES
from policy_kg.ui.sparql_view import example_queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indexes", type=Path, default=Path("indexes"))
    args = parser.parse_args()
    settings = SparqlSettings()
    engine = Engine(Paths(indexes=args.indexes).current / "graph", settings)
    largest_rate = 0.0
    for example in example_queries():
        body = engine.execute(QueryRequest(example.text, format="json")).body
        document = json.loads(body)
        rows = len(document.get("results", {}).get("bindings", [])) or 1  # ASK: one value
        largest_rate = max(largest_rate, len(body) / rows)
        print(f"{len(body):>10,} B {rows:>6} rows {len(body) / rows:>7.0f} B/row  {example.name}")
    full = largest_rate * settings.max_rows
    print(f"a full result ({settings.max_rows:,} rows) at {largest_rate:.0f} B/row: {full:,.0f} B")
    kept = MAX_BYTES / full
    print(f"the folder keeps {MAX_FILES} files, {MAX_BYTES:,} B: {kept:.1f} full results")


if __name__ == "__main__":
    main()
