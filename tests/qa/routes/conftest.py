"""The real corpus's graph context, the same context over an empty graph (no facts), and a
made-up document for what no seed document shows."""

from dataclasses import replace

import pytest
from rdflib import Graph

from policy_kg.corpus.model import DocumentMeta
from policy_kg.qa.model import Answer

# a document of no seed text, which tests add to the context
COBALT_PLAN = DocumentMeta(
    doc_id="cobalt-plan@2024-04-01",
    series="cobalt-plan",
    title="コバルトの備蓄に関する基本計画",
    issuer="経済産業省",
    revision="2024-04-01",
    revision_label="2024年4月1日",
    status="final",
    source_file="cobalt.txt",
)


@pytest.fixture(scope="session")
def context(runtime):
    return runtime.graph_context


@pytest.fixture(scope="session")
def no_facts(context):
    """Same vocabulary, documents and passages, but a graph that holds nothing."""
    return replace(context, graph=Graph())


def assert_cited_verbatim(runtime, answer: Answer) -> None:
    """Every citation quotes its passage verbatim and names the document's revision."""
    assert answer.citations
    for citation in answer.citations:
        assert citation.quote in runtime.passage(citation.passage_id).text
        assert citation.revision == runtime.documents[citation.doc_id].revision
        assert citation.passage_id.startswith(citation.doc_id + "#")
