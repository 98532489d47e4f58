from pathlib import Path

from policy_kg.corpus.structure import heading_rank, parse_structure

FIXTURES = Path(__file__).parent / "fixtures"


def _structure(name: str):
    return parse_structure((FIXTURES / name).read_text(encoding="utf-8"))


def test_title_block_and_table_of_contents_are_kept_out_of_the_body():
    structure = _structure("policy_with_page_breaks.txt")
    assert [line.stripped for line in structure.title_lines] == [
        "重要鉱物に係る取組方針（試験用）",
        "令和5年1月19日",
        "令和8年3月30日改定",
        "経 済 産 業 省",
    ]
    assert structure.toc == ("はじめに", "第1章 基本的な方向", "第1節 状況", "(1) 重要性")
    body_text = "".join(line.text for block in structure.blocks for line in block.lines)
    assert "\t" not in body_text
    assert structure.blocks[0].heading_text == "はじめに"


def test_heading_hierarchy_gives_full_section_paths():
    structure = _structure("policy_with_page_breaks.txt")
    lithium = next(b for b in structure.blocks if b.lines[0].text.startswith("リチウムは"))
    assert lithium.section == ("第1章 基本的な方向", "第1節 状況", "(1) 重要性", "ア リチウム")


def test_page_break_with_footnote_between_is_rejoined_and_footnote_kept_apart():
    structure = _structure("policy_with_page_breaks.txt")
    lithium = next(b for b in structure.blocks if b.lines[0].text.startswith("リチウムは"))
    assert lithium.lines[-1].text == "徴を有する²。"
    footnotes = [b for b in structure.blocks if b.kind == "footnote"]
    assert [f.footnote_number for f in footnotes] == [1, 2]


def test_page_break_without_footnote_is_rejoined():
    structure = _structure("policy_with_page_breaks.txt")
    germanium = next(b for b in structure.blocks if b.lines[0].text.startswith("ゲルマニウム"))
    assert germanium.lines[-1].text == "鉛や石炭の生産量に左右される。"


def test_short_bullet_over_paragraphs_is_a_sub_heading_and_bullets_are_list_items():
    structure = _structure("policy_with_page_breaks.txt")
    items = [b for b in structure.blocks if b.kind == "list"]
    assert [b.lines[0].text for b in items] == [
        "- 国内に製錬所が存在する。",
        "・ 原料は輸入に頼っている。",
    ]
    assert items[0].section[-1] == "日本"


def test_markdown_headings_frame_numbered_and_bracket_headings():
    structure = _structure("slides_with_tables.txt")
    table = [b for b in structure.blocks if b.kind == "table"]
    assert len(table) == 2
    assert table[1].section == ("中国による輸出管理措置", "対象の鉱種", "【米国】")
    numbered = next(b for b in structure.blocks if b.heading_text == "（1）自律性の確保")
    assert numbered.section == ("中国による輸出管理措置", "対象の鉱種", "（1）自律性の確保")


def test_heading_rank_rejects_sentences_and_amounts():
    assert heading_rank("第1章 基本的な方向") == 1
    assert heading_rank("第 5 節 実施体制") == 2
    assert heading_rank("カ レアアース（ネオジウム、プラセオジウム等）") == 5
    assert heading_rank("1. 供給の確保:両者は、協力する。") is None
    assert heading_rank("12.4億円（うち要望枠３．５億円）") is None
    assert heading_rank("【12.7億円】") is None
    assert heading_rank("【米国】") is not None


def test_a_stamp_on_every_page_is_read_once_into_the_title_block():
    """仮訳 on each page says what the whole text is (a provisional translation): it is taken
    out of the text wherever it stands, the paragraph a page break split around it rejoined,
    and its first line kept for the title block."""
    text = (
        "第Ⅰ章\n\n総則\n\n"
        "- 1. 本枠組みは、国内法又は国際法上の権利又は義務を構成又は創設するもの"
        "ではなく、いかなる法\n\n"
        "仮訳\n\n"
        "的手続を生じさせるものでもない。\n\n"
        "- 2. 両者は、十日以内に会合を実施する。\n\n"
        "仮訳\n\n"
        "- 3. いずれの者も、参加を終了することができる。\n"
    )
    structure = parse_structure(text)
    texts = ["".join(line.stripped for line in b.lines) for b in structure.blocks]
    assert not any("仮訳" in t for t in texts)
    assert any(t.endswith("いかなる法的手続を生じさせるものでもない。") for t in texts)
    (stamp,) = structure.stamp_lines
    assert stamp.stripped == "仮訳" and text[stamp.start : stamp.end] == "仮訳"
    assert stamp.start == text.index("仮訳")


BULLET_OVER_PAGE_FOOT = """永久磁石に係る取組方針（試験用）
令和5年1月19日

第1章 基本的な方向

・欧州

欧州委員会は行動計画を発表した。

・中国

¹ この報告書において、商務省が調査を検討した。

中国は2020年に輸出管理法を施行した。
"""


def test_a_bullet_heading_over_a_pages_footnotes_heads_the_paragraphs_after_them():
    structure = parse_structure(BULLET_OVER_PAGE_FOOT)
    china = next(b for b in structure.blocks if b.lines[0].text.startswith("中国は"))
    assert china.section[-1] == "中国"
