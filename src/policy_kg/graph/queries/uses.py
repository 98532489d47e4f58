"""What the revisions say minerals are used for (pkg:MineralUse), with their quotes."""

from __future__ import annotations

from rdflib import Graph

from policy_kg.graph.queries.plumbing import label_pattern, select
from policy_kg.graph.queries.provenance import quotes_of
from policy_kg.graph.queries.records import MineralUseRecord


def mineral_uses(graph: Graph) -> tuple[MineralUseRecord, ...]:
    """Every stated use of every mineral, in the order of its first quote's reading order."""
    rows = select(
        graph,
        f"""SELECT ?fact ?mineral ?mineralLabel ?use WHERE {{
  ?fact a pkg:MineralUse ; pkg:usedMineral ?mineral ; pkg:useDescription ?use .
  {label_pattern("mineral")}
}}""",
    )
    quotes = quotes_of(graph, (row.fact for row in rows))
    found = [
        MineralUseRecord(str(row.fact), str(row.mineralLabel), str(row.use), quotes[row.fact])
        for row in rows
        if quotes[row.fact]
    ]
    return tuple(sorted(found, key=lambda u: (u.quotes[0].doc_id, u.quotes[0].reading_order)))
