"""Where a word ends in Japanese text written without spaces: at a change of script.

A name inside a longer word of the same script is part of that word: リチウム in
リチウムイオン電池, 希土類 in 重希土類. Read by the extraction of mineral uses and by the
answerer's reading of listed runs; light, so the server imports it without the pipeline.
"""

from __future__ import annotations

import re

KATAKANA = re.compile(r"[ァ-ヿ]")
KANJI = re.compile(r"[一-鿿々]")


def whole_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is not part of a longer word of the same script (リチウム in
    リチウムイオン, 希土類 in 重希土類)."""
    for inside, outside in ((start, start - 1), (end - 1, end)):
        if 0 <= outside < len(text):
            for script in (KATAKANA, KANJI):
                if script.match(text[inside]) and script.match(text[outside]):
                    return False
    return True
