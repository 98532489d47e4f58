"""Agency roles stated plainly next to an agency's name.

Each rule reads the words around an AGENCY entity (a definition such as （以下「JOGMEC」という。）
right after the name is skipped):

* selected body: 〈…を行う法人〉として X を選定 -> role 〈…を行う法人〉 (the fund operator,
  安定供給確保支援業務を行う法人, of each policy);
* X による 〈activity〉, X を通じた 〈activity〉 -> the activity (レアメタル備蓄, 出資措置);
* X が 〈object〉 を設ける -> 〈object〉を設ける (…基金を設ける);
* X の機能に 〈function〉 を追加 -> the function;
* X に … 「〈fund〉」 を創設 -> 〈fund〉を創設;
* 〈object〉 として X が指定 -> 〈object〉として指定;
* X から … を通じて 〈service〉 -> the service (二段階融資);
* X(・Y)公告 -> 公告 (issuer of announcements).

Roles are phrases of the text; a role of an agency is kept once per document.
"""

from __future__ import annotations

import re

from policy_kg.nlp.extract.analyzed import AnalyzedDocument, AnalyzedPassage, Entity
from policy_kg.nlp.extract.registry import extracts
from policy_kg.nlp.facts import AgencyRole

_DEFINITION = re.compile(r"(?:（以下「[^」]*」という。?）|[（(][^（）()]{1,20}[）)])?")
_PHRASE = r"[^、。「」（）()]"
# (pattern, whether the role must read as a plain noun phrase)
_AFTER_RULES: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(rf"による(?P<role>{_PHRASE}+)"), True),
    (re.compile(rf"を通じた(?P<role>{_PHRASE}+?)(?:で|を|に|や|の[^{_PHRASE}]|$|[、。])"), True),
    (re.compile(rf"が(?P<role>{_PHRASE}+?を設ける)"), False),
    (re.compile(rf"の機能に(?P<role>{_PHRASE}+?)を追加"), False),
    (re.compile(rf"に{_PHRASE}*「(?P<role>[^」]+)」を創設"), False),
    (re.compile(rf"から{_PHRASE}+?を通じて(?P<role>{_PHRASE}+?)(?:の仕組み|[、。])"), False),
    (re.compile(r"(?:・[^、。・]{1,10})*(?P<role>公告)"), False),
)
_Rule = tuple[str, tuple[int, int]] | None
_TRAILING = re.compile(r"(?:や|と|を|の|など|[*＊\s])+$")
_CLAUSE_PARTICLES = frozenset({"が", "は", "を"})
_ADNOMINAL = frozenset({"よる", "おける", "な"})  # 〜による, 〜における, 〜的な
_SELECTED = re.compile(r"を選定")
_SELECTED_AS = re.compile(rf"(?P<role>{_PHRASE}+?を行う法人)として$")
_DESIGNATED_AS = re.compile(r"(?P<role>[^、。「」（）()を]+?として)$")
_DESIGNATES = re.compile(r"が指定")


@extracts(AgencyRole)
def extract_agency_roles(document: AnalyzedDocument) -> tuple[AgencyRole, ...]:
    roles: dict[tuple[str, str], AgencyRole] = {}
    for passage in document.passages:
        agencies = [e for e in passage.entities if e.entity_type == "agency"]
        for n, entity in enumerate(agencies):
            previous = agencies[n - 1].end if n else 0
            for role, span in _roles(passage, entity, previous):
                found = AgencyRole(document.doc_id, entity.key, role, passage.evidence(*span))
                roles.setdefault((entity.key, role), found)
    return tuple(roles.values())


def _roles(
    passage: AnalyzedPassage, entity: Entity, previous: int
) -> list[tuple[str, tuple[int, int]]]:
    text = passage.text
    clause_start = max(text.rfind("、", 0, entity.start) + 1, previous)
    after = _DEFINITION.match(text, entity.end).end()
    found = []
    for rule in (_selected, _designated):
        if result := rule(text, clause_start, entity, after):
            found.append(result)
    for pattern, noun_phrase in _AFTER_RULES:
        if match := pattern.match(text, after):
            role = _TRAILING.sub("", match.group("role").strip())
            end = match.start("role") + len(role)
            if role and not (noun_phrase and _has_clause(passage, match.start("role"), end)):
                found.append((role, (entity.start, end)))
    return found


def _has_clause(passage: AnalyzedPassage, start: int, end: int) -> bool:
    """Whether text[start:end] holds a clause (が/は/を, a predicate) rather than a noun phrase."""
    for token in passage.doc:
        if not (start <= token.idx < end):
            continue
        if token.text in _CLAUSE_PARTICLES and token.pos_ == "ADP":
            return True
        if token.pos_ in ("VERB", "AUX") and token.text not in _ADNOMINAL:
            return True
    return False


def _selected(text: str, clause_start: int, entity: Entity, after: int) -> _Rule:
    before = _SELECTED_AS.search(text, clause_start, entity.start)
    if before and _SELECTED.match(text, after):
        return before.group("role"), (before.start("role"), after + len("を選定"))
    return None


def _designated(text: str, clause_start: int, entity: Entity, after: int) -> _Rule:
    before = _DESIGNATED_AS.search(text, clause_start, entity.start)
    if before and _DESIGNATES.match(text, after):
        return before.group("role") + "指定", (before.start("role"), after + len("が指定"))
    return None
