"""An issuer the title block names in part (a bureau) or not at all (an agreement) is made
whole from the text: the ministry its figures credit, the parties of its signature block."""

from __future__ import annotations

from policy_kg.corpus.ingest.issuer import complete_issuer

DECK = """# 素材産業の課題

2026年2月19日

製造産業局

（出典） USGS、IEA等を基に経済産業省作成。
(出所) Global Trade Atlas より、みずほ銀行産業調査部作成
資料：IEAより経済産業省作成
"""

AGREEMENT = """日米の協力に関する覚書 2025年10月28日

両者は、以下の認識を共有した。

2025年10月28日、東京において署名された。

日本国政府のために\tアメリカ合衆国政府のために
高市早苗\tドナルド・J・トランプ
内閣総理大臣\t大統領
"""


def test_a_bureau_named_alone_is_put_under_the_ministry_its_figures_credit():
    assert complete_issuer("製造産業局", DECK) == "経済産業省製造産業局"


def test_a_bureau_is_left_as_it_is_when_no_ministry_is_credited():
    assert complete_issuer("製造産業局", "本文のみ。\n") == "製造産業局"


def test_a_ministry_or_a_bureau_under_its_ministry_is_kept():
    assert complete_issuer("経済産業省", DECK) == "経済産業省"
    assert complete_issuer("資源エネルギー庁資源・燃料部", DECK) == "資源エネルギー庁資源・燃料部"


def test_an_agreement_without_an_issuer_is_issued_by_its_signing_parties():
    assert complete_issuer("", AGREEMENT) == "日本国政府・アメリカ合衆国政府"


def test_no_issuer_and_no_signature_block_leaves_the_issuer_to_the_user():
    assert complete_issuer("", DECK) == ""


def test_a_signature_block_far_above_the_end_is_not_read_as_one():
    far = AGREEMENT + "\n".join(f"附属書の{n}行目" for n in range(20)) + "\n"
    assert complete_issuer("", far) == ""
