from policy_kg.ui.ask_view import NO_ANSWER, answer_html


def _citation(passage: str, quote: str) -> dict:
    return {
        "doc_id": "magnets@2011-12",
        "revision": "2011-12",
        "section": "第1章 概要",
        "passage_id": f"magnets@2011-12#{passage}",
        "quote": quote,
    }


def test_citations_are_numbered_with_title_revision_and_section(context):
    answer = {
        "question": "q",
        "answer": "耐熱性が上がる。",
        "abstained": False,
        "citations": [_citation("p2", "耐熱性が上がる"), _citation("p1", "電動機")],
        "facts": [],
    }
    html = answer_html(answer, context)
    assert '<sup class="pkg-ref">[1]</sup><sup class="pkg-ref">[2]</sup>' in html
    assert html.index('[1]</span> <span class="pkg-cite-title">レアメタル総合対策') > 0
    assert "（2011-12）" in html and "第1章 概要" in html


def test_a_cited_passage_is_shown_between_its_neighbours_with_the_quote_marked(context):
    answer = {"answer": "a", "abstained": False, "citations": [_citation("p2", "耐熱性")]}
    html = answer_html(answer, context)
    assert "ジスプロシウムを添加すると<mark>耐熱性</mark>が上がる。" in html
    assert "ネオジム磁石は電動機に使われる。" in html  # the passage before
    assert "中国が供給の9割を占める。" in html  # the next body passage ...
    assert "出典は業界統計" not in html  # ... not the footnote between them


def test_an_abstention_is_said_plainly_without_citations(context):
    html = answer_html({"answer": "", "abstained": True, "citations": []}, context)
    assert "回答できません" in html and NO_ANSWER in html
    assert "pkg-citations" not in html


def test_text_is_escaped(context):
    html = answer_html({"answer": "<script>x</script>", "abstained": False}, context)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_quote_missing_from_its_passage_is_still_shown(context):
    answer = {"answer": "a", "abstained": False, "citations": [_citation("p1", "存在しない")]}
    assert '<blockquote class="pkg-quote">存在しない</blockquote>' in answer_html(answer, context)


def test_graph_facts_are_listed(context):
    answer = {
        "answer": "a",
        "abstained": False,
        "facts": [{"subject": "ネオジム", "predicate": "targetYear", "object": "2030"}],
    }
    assert "<td>ネオジム</td><td>targetYear</td><td>2030</td>" in answer_html(answer, context)


def test_an_abstention_shows_the_nearest_passages_apart_as_not_an_answer(context):
    answer = {
        "answer": "見つかりませんでした。",
        "abstained": True,
        "citations": [],
        "nearest": [_citation("p2", "耐熱性が上がる")],
        "confidence": 0.1,
    }
    html = answer_html(answer, context)
    assert "回答できません" in html and "関連する記述" in html and "回答ではありません" in html
    section = html[html.index('<section class="pkg-nearest">') :]
    assert "<mark>耐熱性が上がる</mark>" in section
    assert "pkg-answer-text" not in html and "pkg-confidence" not in html


def test_an_answer_shows_its_confidence_and_no_nearest_section(context):
    answer = {
        "answer": "a",
        "abstained": False,
        "citations": [_citation("p2", "耐熱性")],
        "nearest": [_citation("p1", "電動機")],
        "confidence": 0.834,
    }
    html = answer_html(answer, context)
    assert "確信度" in html and "0.83" in html
    assert "pkg-nearest" not in html
