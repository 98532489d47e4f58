from dataclasses import replace

from policy_kg.graph.lookup import supply_shares
from policy_kg.qa import routes
from policy_kg.qa.question import analyse
from policy_kg.qa.routes.supply_shares import SupplyShareRoute

from .conftest import assert_cited_verbatim


def _ask(context, question: str):
    route = SupplyShareRoute(context)
    match = route.matches(analyse(question))
    return None if match is None else route.answer(match)


def test_the_holders_at_the_named_stage_largest_first(runtime, context):
    answer = _ask(context, "マンガンはどこの国から輸入しているか。")
    assert answer is not None
    assert answer.answer.splitlines()[0] == "南アフリカ共和国 40%、オーストラリア 20%"
    assert "南アフリカ共和国が約40%" in answer.citations[0].quote
    assert_cited_verbatim(runtime, answer)


def test_the_share_of_a_named_country(runtime, context):
    answer = _ask(context, "ゲルマニウムの輸入で中国の割合はどれくらいか。")
    assert answer is not None
    assert answer.answer.splitlines()[0] == "中国 80%"
    assert "8割以上を中国" in answer.citations[0].quote
    assert_cited_verbatim(runtime, answer)


def test_declines_for_a_stage_the_graph_has_no_share_for(context, no_facts):
    # the graph has the refining and import shares of rare earths, not the mining share
    assert _ask(context, "レアアースの採掘で中国の比率はどの程度か。") is None
    assert _ask(no_facts, "マンガンはどこの国から輸入しているか。") is None


def test_a_share_restated_in_another_document_is_given_and_cited_once(context, monkeypatch):
    def restated(graph, mineral=None):
        stated = supply_shares(graph, mineral)
        other = "critical-minerals-policy@2027-04-01"
        copies = [
            replace(r, doc_id=other, quotes=tuple(replace(q, doc_id=other) for q in r.quotes))
            for r in stated
        ]
        return stated + tuple(copies)

    question = "マンガンはどこの国から輸入しているか。"
    once = _ask(context, question)
    monkeypatch.setattr(routes.supply_shares, "supply_shares", restated)
    twice = _ask(replace(context), question)
    assert once is not None and twice is not None
    assert twice.answer == once.answer
    assert twice.citations == once.citations


def test_whoever_did_an_act_is_not_a_supplier(context):
    route = SupplyShareRoute(context)
    acted = "レアメタルを調達する仕組みで、在庫を持ち資金を出したのはどこか。"
    assert route.matches(analyse(acted)) is None
    assert route.matches(analyse("レアメタルの輸入先で最も多いのはどこか。")) is not None


def test_a_rule_s_threshold_is_not_a_share_of_supply(context):
    route = SupplyShareRoute(context)
    rule = "中国の再輸出規制では、中国産レアアースがどれだけの割合以上含まれると許可が要るか。"
    assert route.matches(analyse(rule)) is None
    held = "ゲルマニウムの輸入の何割以上を中国に頼っているか。"
    assert route.matches(analyse(held)) is not None
