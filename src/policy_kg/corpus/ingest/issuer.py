"""Who issued a document, when its title block does not say it whole.

Two cases the seed texts show, read from the text itself rather than from a list of names:

- A slide deck signs with its bureau alone (製造産業局), as decks of one ministry do; the
  ministry is the one its figures credit as their maker (…を基に経済産業省作成), so the issuer
  is the two together (経済産業省製造産業局).
- An agreement has no issuer under its title: it is signed at its end, each party above its
  signatory (日本国政府のために / アメリカ合衆国政府のために); the parties are its issuer
  (日本国政府・アメリカ合衆国政府).
"""

from __future__ import annotations

import re
from collections import Counter

# a part of a ministry: bureau, department, division, office (製造産業局, 調査課)
_SUB_UNIT = re.compile(r"(?:局|部|課|室)$")
# a ministry or agency, or a government: a name that needs no ministry before it
_WHOLE_BODY = re.compile(r"[省庁府]|政府")
# the maker credited under a figure or table: …より経済産業省作成, …を基に資源エネルギー庁作成
_CREDIT = re.compile(r"([\u4e00-\u9fff々]+[省庁])作成")
# a party of a signature block: 日本国政府のために (for the Government of Japan)
SIGNING_PARTY = re.compile(r"^(\S.*?)のために$")
# a signature block stands within the last lines of the text (parties, names, offices)
SIGNATURE_LINES = 8
PARTY_SEPARATOR = "・"


def complete_issuer(issuer: str, text: str) -> str:
    """The title block's issuer, made whole from the text: the signing parties when the block
    names none, the crediting ministry before a bureau named alone."""
    if not issuer:
        return _signing_parties(text)
    if _SUB_UNIT.search(issuer) and not _WHOLE_BODY.search(issuer):
        return _crediting_ministry(text) + issuer
    return issuer


def _signing_parties(text: str) -> str:
    """The parties of the signature block at the text's end, or '' when it has none."""
    lines = [line for line in text.splitlines() if line.strip()][-SIGNATURE_LINES:]
    for line in reversed(lines):
        cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
        parties = [m.group(1) for cell in cells if (m := SIGNING_PARTY.match(cell))]
        if parties and len(parties) == len(cells):
            return PARTY_SEPARATOR.join(parties)
    return ""


def _crediting_ministry(text: str) -> str:
    """The ministry or agency the text credits most often as the maker of its figures."""
    credits = Counter(_CREDIT.findall(text))
    return credits.most_common(1)[0][0] if credits else ""
