"""Entity deltas between two documents, from the graph: what a reader of a diff asks first.

- minerals: named in B but not in A (added), or the reverse (removed);
- measures: measures of B not in A and the reverse; a measure in both whose covered minerals
  differ is `changed` (e.g. `製錬等事業支援: +ウラン`);
- agencies: agencies named in one only; a different agency running the support fund is
  `changed` (`安定供給確保支援業務を行う法人: JOGMEC → NEDO`);
- targets: keyed by subject, unit and year; a different quantity is `changed` (old → new).
"""

from __future__ import annotations

from rdflib import Graph

from policy_kg.graph import queries
from policy_kg.graph.namespaces import PKG, revision_iri_of_doc
from policy_kg.revisions.diff_model import Delta, EntityDeltas

SUPPORT_ROLE = "安定供給確保支援業務を行う法人"


def entity_deltas(graph: Graph, a: str, b: str) -> EntityDeltas:
    return EntityDeltas(
        minerals=_set_delta(_named(graph, a, "Mineral"), _named(graph, b, "Mineral")),
        measures=_measure_delta(graph, a, b),
        agencies=_agency_delta(graph, a, b),
        targets=_target_delta(graph, a, b),
    )


def _set_delta(a: set[str], b: set[str], changed: tuple[str, ...] = ()) -> Delta:
    return Delta(added=tuple(sorted(b - a)), removed=tuple(sorted(a - b)), changed=changed)


def _named(graph: Graph, doc_id: str, kind: str) -> set[str]:
    """Labels of the entities of a kind (pkg:Mineral, pkg:Agency …) the document names."""
    rows = queries.select(
        graph,
        """SELECT DISTINCT ?label WHERE {
  ?fact a pkg:Mention ; pkg:statedIn ?rev ; pkg:mentionedEntity ?entity .
  ?entity a ?kind ; skos:prefLabel ?label . FILTER (lang(?label) = "ja")
}""",
        rev=revision_iri_of_doc(doc_id),
        kind=PKG[kind],
    )
    return {str(row.label) for row in rows}


def _coverage(graph: Graph, doc_id: str) -> dict[str, set[str]]:
    covered: dict[str, set[str]] = {}
    for coverage in queries.coverages(graph, doc_id=doc_id):
        covered.setdefault(coverage.measure, set()).add(coverage.subject)
    return covered


def _measure_delta(graph: Graph, a: str, b: str) -> Delta:
    old, new = _coverage(graph, a), _coverage(graph, b)
    changed = []
    for measure in sorted(old.keys() & new.keys()):
        gained, lost = new[measure] - old[measure], old[measure] - new[measure]
        if gained or lost:
            parts = [f"+{m}" for m in sorted(gained)] + [f"−{m}" for m in sorted(lost)]
            changed.append(f"{measure}: {' '.join(parts)}")
    return _set_delta(set(old), set(new), tuple(changed))


def _agency_delta(graph: Graph, a: str, b: str) -> Delta:
    old, new = queries.support_agency(graph, a), queries.support_agency(graph, b)
    changed: tuple[str, ...] = ()
    if old and new and old.agency_iri != new.agency_iri:
        changed = (f"{SUPPORT_ROLE}: {old.agency} → {new.agency}",)
    return _set_delta(_named(graph, a, "Agency"), _named(graph, b, "Agency"), changed)


def _target_key(target: queries.TargetRecord) -> tuple[str, str, str]:
    return (target.subject or "", target.quantity.unit, str(target.year or ""))


def _target_name(key: tuple[str, str, str]) -> str:
    subject, unit, year = key
    return f"{subject} ({year})" if year else f"{subject} [{unit}]"


def _target_delta(graph: Graph, a: str, b: str) -> Delta:
    old = {_target_key(t): t.shown for t in queries.targets(graph, doc_id=a)}
    new = {_target_key(t): t.shown for t in queries.targets(graph, doc_id=b)}
    changed = tuple(
        f"{_target_name(key)}: {old[key]} → {new[key]}"
        for key in sorted(old.keys() & new.keys())
        if old[key] != new[key]
    )
    return Delta(
        added=tuple(f"{_target_name(k)}: {new[k]}" for k in sorted(new.keys() - old.keys())),
        removed=tuple(f"{_target_name(k)}: {old[k]}" for k in sorted(old.keys() - new.keys())),
        changed=changed,
    )


def minerals_named(graph: Graph, doc_id: str) -> tuple[str, ...]:
    """Labels of the minerals a document names, sorted."""
    return tuple(sorted(_named(graph, doc_id, "Mineral")))
