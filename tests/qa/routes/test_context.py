from dataclasses import replace

from policy_kg.graph.lookup import budgets
from policy_kg.qa.model import Citation, Fact
from policy_kg.qa.routes.context import (
    MAX_GRAPH_CITATIONS,
    graph_answer,
    restated_once,
)

CM = "critical-minerals-policy@2026-03-30"
PM = "permanent-magnets-policy@2025-draft"
US = "japan-us-minerals-framework@2025-10-28"


def test_a_document_is_named_by_the_title_words_that_set_it_apart(context):
    assert context.named_document("永久磁石の取組方針", [CM, PM]) == PM
    assert context.named_document("重要鉱物の取組方針", context.documents) == CM
    assert context.named_document("日米の枠組み", context.documents) == US


def test_no_document_when_none_or_several_are_named_equally(context):
    assert context.named_document("安定供給確保の取組方針", [CM, PM]) is None
    assert context.named_document("量子コンピュータ", context.documents) is None


def test_minerals_from_terms_not_substrings(context):
    # テルビウム is the tail of イッテルビウム; 希土類 is an alias of レアアース
    assert [m.slug for m in context.named_minerals("イッテルビウムの輸出")] == ["ytterbium"]
    assert [m.slug for m in context.named_minerals("希土類の輸入")] == ["rare-earths"]


def test_a_group_stands_for_the_minerals_under_it(context):
    heavy = context.vocabulary.mineral("重希土類")
    assert {"dysprosium", "terbium", "heavy-rare-earths"} <= context.with_narrower([heavy])
    assert "neodymium" not in context.with_narrower([heavy])


def test_of_several_revisions_of_the_named_series_the_newest_is_meant(context):
    later = "critical-minerals-policy@2027-04-01"
    documents = {
        **context.documents,
        later: replace(context.documents[CM], doc_id=later, revision="2027-04-01"),
    }
    with_revision = replace(context, documents=documents)
    assert with_revision.named_document("重要鉱物の取組方針", documents) == later
    assert with_revision.named_document("永久磁石の取組方針", documents) == PM


def test_a_graph_query_is_read_once_per_context(context):
    calls = []

    def query(graph, key):
        calls.append(key)
        return (key,)

    fresh = replace(context)
    assert fresh.read(query, "a") == fresh.read(query, "a") == ("a",)
    assert fresh.read(query, "b") == ("b",)
    assert calls == ["a", "b"]


def test_a_context_over_another_graph_reads_that_graph(context, no_facts):
    assert context.read(budgets)
    assert no_facts.read(budgets) == ()


def _citation(doc_id: str, quote: str) -> Citation:
    return Citation(doc_id, None, "§", f"{doc_id}#p1", quote)


def test_a_quote_restated_in_other_documents_is_cited_at_its_first_place():
    same, other = "同じ文。", "別の文。"
    cited = restated_once([_citation("a", same), _citation("b", other), _citation("c", same)])
    assert [c.doc_id for c in cited] == ["a", "b"]


def test_a_graph_answer_cites_at_most_the_bound_and_states_each_fact_once():
    citations = [_citation(f"d{n}", f"文{n}。") for n in range(MAX_GRAPH_CITATIONS + 5)]
    fact = Fact("リチウム", "供給シェア（輸入）", "中国 55%")
    answer = graph_answer("問い", "中国 55%", citations, (fact, fact))
    assert answer.citations == tuple(citations[:MAX_GRAPH_CITATIONS])
    assert answer.facts == (fact,)
