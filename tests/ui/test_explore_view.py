from policy_kg.ui.explore_view import MAX_NODES, entity_html, network_svg

PAGE = {
    "entity": {
        "iri": "https://w3id.org/policy-kg/id/mineral/neodymium",
        "label": "ネオジム",
        "type": "mineral",
        "aliases": ["ネオジウム"],
    },
    "neighbours": [
        {"relation": "broader", "iri": "x:lree", "label": "軽希土類", "type": "mineral"},
        {"relation": "coveredBy", "iri": "x:m1", "label": "製錬等事業支援", "type": "measure"},
        {"relation": "coveredBy", "iri": "x:m2", "label": "探鉱・FS支援", "type": "measure"},
    ],
    "facts": [
        {
            "kind": "Target",
            "summary": "ネオジムの需要は倍増",
            "citations": [
                {
                    "doc_id": "magnets@2025",
                    "revision": "2025",
                    "section": "第1章 概要",
                    "passage_id": "magnets@2025#q1",
                    "quote": "需要は倍増",
                }
            ],
        }
    ],
}


def test_the_page_names_the_entity_its_type_and_aliases(context):
    html = entity_html(PAGE, context)
    assert "<h3>ネオジム" in html and "鉱物 mineral" in html and "ネオジウム" in html


def test_neighbours_are_grouped_by_relation(context):
    html = entity_html(PAGE, context)
    assert (
        '<tr><th>coveredBy</th><td><span class="pkg-chip">製錬等事業支援</span>'
        '<span class="pkg-chip">探鉱・FS支援</span></td></tr>'
    ) in html


def test_facts_come_with_their_quotes_in_context(context):
    html = entity_html(PAGE, context)
    assert "ネオジムの需要は倍増" in html and "ネオジムの<mark>需要は倍増</mark>する。" in html


def test_the_entity_may_be_given_at_the_top_level(context):
    page = {**PAGE["entity"], "neighbours": [], "facts": []}
    assert "<h3>ネオジム" in entity_html(page, context)


def test_the_network_has_the_entity_in_the_middle_and_a_node_per_neighbour():
    svg = network_svg("ネオジム", "mineral", PAGE["neighbours"])
    assert svg.count("<circle") == 4 and svg.count('class="pkg-edge"') == 3
    assert 'class="pkg-node pkg-node-mineral pkg-node-main"' in svg


def test_the_network_shows_at_most_max_nodes_and_counts_the_rest():
    many = [{"relation": "r", "label": f"n{n}", "type": "agency"} for n in range(MAX_NODES + 5)]
    svg = network_svg("x", "country", many)
    assert svg.count("<circle") == MAX_NODES + 1 and ">+5</text>" in svg
    assert network_svg("x", "country", []) == ""
