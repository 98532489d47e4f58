"""The real corpus's graph context, and the same context over an empty graph (no facts)."""

from dataclasses import replace

import pytest
from rdflib import Graph

from policy_kg.qa.model import Answer


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
