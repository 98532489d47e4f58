from policy_kg.corpus import tables


def test_markdown_rows_read_row_by_row_and_rules_are_dropped():
    assert tables.markdown_row("|---|---|") is None
    assert tables.markdown_row("- | ① AI<br>新設 | ⑩ 防災 |") == "① AI 新設 | ⑩ 防災"


def test_html_table_rows():
    html = "<table><tr><th>国</th><th>シェア</th></tr><tr><td>中国</td><td>44%</td></tr></table>"
    assert tables.html_table_rows(html) == ["国 | シェア", "中国 | 44%"]


def test_tab_separated_row():
    assert tables.tsv_row("2010 年\t10,960万トン\t\t") == "2010 年 | 10,960万トン"
