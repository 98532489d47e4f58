"""The citation matching rule: a quote holds a gold quote copied from the raw line, whatever
the line's layout (white space, markup, table cells, footnote markers) became in the passage."""

from policy_kg.corpus.passages import build_passages
from policy_kg.corpus.structure import parse_structure
from policy_kg.corpus.tables import html_table_rows, markdown_row, tsv_row
from policy_kg.qa.evaluation import supports


def _row(*quotes: str) -> dict:
    return {"gold": [{"doc_id": "d", "quote_any": list(quotes)}]}


def test_a_cell_of_a_rendered_html_table_counts_for_its_marked_up_gold():
    header = "<tr><th>国/地域</th><th>シェア</th></tr>"
    raw = f"<table>{header}<tr><td>中国</td><td>53%</td></tr></table>"
    rendered = "\n".join(html_table_rows(raw))
    assert "<td>" not in rendered
    assert supports(_row("<td>中国</td><td>53%</td>"), "d", rendered)


def test_a_tab_or_markdown_row_counts_for_its_raw_line():
    line = "タングステン\t１６\t超硬工具等\t８．８億"
    assert supports(_row("タングステン\t１６\t超硬工具等"), "d", tsv_row(line))
    assert supports(_row("有識者15名"), "d", markdown_row("| ① AI<br>・有識者15名 | 1月～ |"))


def test_another_cell_or_document_does_not_count():
    rendered = "\n".join(html_table_rows("<table><tr><td>中国</td><td>53%</td></tr></table>"))
    assert not supports(_row("<td>中国</td><td>8%</td>"), "d", rendered)
    assert not supports(_row("中国"), "other", rendered)


def test_a_gold_quote_copied_with_its_bullet_mark_counts_for_the_bullet_cited_without_it():
    cited = "国内立地推進事業：平成２３年度３次補正 ２９５０億円"
    assert supports(_row("○国内立地推進事業：平成２３年度３次補正"), "d", cited)
    assert supports(_row("・ 国内立地推進事業"), "d", cited)
    assert not supports(_row("○国内立地推進事業：平成２４年度"), "d", cited)


def test_a_gold_quote_copied_with_a_footnote_marker_counts_for_the_sentence_cited_without_it():
    lines = ["方針", "第1章 施策", "チタン及びマグネシウム¹⁵を施策の対象とする。", "¹⁵ 注。"]
    _, statement, footnote = build_passages("d", parse_structure("\n\n".join(lines)).blocks)
    assert "¹⁵" not in statement.text and statement.footnotes == (footnote.passage_id,)
    assert supports(_row("マグネシウム¹⁵を施策の対象とする"), "d", statement.text)
    assert not supports(_row("マグネシウム¹⁵を施策の対象外とする"), "d", statement.text)
