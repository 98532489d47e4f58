from policy_kg.corpus import tables


def test_markdown_rows_read_row_by_row_and_rules_are_dropped():
    assert tables.markdown_row("|---|---|") is None
    assert tables.markdown_row("- | ① AI<br>新設 | ⑩ 防災 |") == "① AI 新設 | ⑩ 防災"


def test_html_table_rows():
    html = "<table><tr><th>国</th><th>シェア</th></tr><tr><td>中国</td><td>44%</td></tr></table>"
    assert tables.html_table_rows(html) == ["国 | シェア", "中国 | 44%"]


def test_tab_separated_row():
    assert tables.tsv_row("2010 年\t10,960万トン\t\t") == "2010 年 | 10,960万トン"


def test_text_beside_a_table_nested_in_a_cell_is_kept():
    cell = "<div><table><tr><td>日本</td><td>8%</td></tr></table>8 % (143,530万トン)</div>"
    assert tables.tsv_row(f"2010 年\t{cell}") == "2010 年 | 日本 8% 8 % (143,530万トン)"


def test_header_rows_are_the_rows_before_the_first_figure():
    rows = ["鉄 | アルミ", "国内生産量 | 世界シェア", "2010 年 | 10,960万トン", "国/地域 | シェア"]
    assert tables.header_row_count(rows) == 2
    assert tables.header_row_count(["① AI 1月～ | ⑩ 防災 2月～"]) == 0


def test_a_table_without_figures_has_its_first_row_as_header():
    signatures = ["日本国政府のために | 米国政府のために", "高市早苗 | ドナルド・J・トランプ"]
    assert tables.header_row_count(signatures) == 1
    assert tables.header_row_count([]) == 0
