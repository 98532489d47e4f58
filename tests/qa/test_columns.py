from policy_kg.corpus.model import Passage
from policy_kg.qa.columns import (
    cells,
    holds_by_column,
    is_header_line,
    row_header,
    space_table_headers,
)

HEADER = "鉱種 案件数 主な回収先 補助額"
ROW = "タングステン １６ 超硬工具等 ８．８億"


def _passage(n: int, text: str, section: tuple[str, ...] = ("（参考４）",), kind="body"):
    return Passage(f"d#p{n}", "d", kind, section, text, 0, len(text))


def test_cells_split_at_the_parser_s_separator_or_at_white_space():
    assert cells(ROW) == ["タングステン", "16", "超硬工具等", "8.8億"]
    assert cells("2010 年 | 10,960万トン") == ["2010 年", "10,960万トン"]


def test_a_space_header_is_one_line_of_short_cells_without_figures():
    assert is_header_line(HEADER)
    assert not is_header_line(ROW)  # figures: a row
    assert not is_header_line("鉱種 案件数")  # two words: a phrase
    assert not is_header_line(f"{HEADER}\n{HEADER}")
    assert is_header_line("鉄 | アルミ | 銅")  # a parsed table's header row


def test_rows_after_a_header_line_under_the_same_heading_take_it():
    passages = [
        _passage(1, "前書き。"),
        _passage(2, HEADER),
        _passage(3, "ジスプロシウム\n（重稀土）"),
        _passage(4, ROW),
        _passage(5, "別の節の文。", ("（参考５）",)),
        _passage(6, ROW, ("（参考５）",)),
    ]
    assert space_table_headers(passages) == {"d#p3": HEADER, "d#p4": HEADER}


def test_a_row_takes_the_header_of_as_many_cells():
    assert row_header(HEADER, ROW) == HEADER
    assert row_header(HEADER, "廃自動車、廃電気電子機") == ""


def test_a_figure_is_read_by_the_name_of_its_column():
    assert holds_by_column("count", ROW, HEADER)  # １６ under 案件数
    assert holds_by_column("money", ROW, HEADER)  # ８．８億 under 補助額
    assert not holds_by_column("count", ROW, "鉱種 国名 主な回収先 補助額")
    assert not holds_by_column("money", "タングステン １６ 超硬工具等 未定", HEADER)
    assert not holds_by_column("count", ROW, "")
