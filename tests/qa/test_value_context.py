import re

from policy_kg.qa.question import analyse, asked_values, plain_values
from policy_kg.qa.value_context import VALUE_WINDOW, near_value

WEIGHTS = {"洗濯機": 3.0, "磁石": 1.0}


def _terms(text: str) -> frozenset[str]:
    return frozenset(word for word in ("洗濯機", "エアコン", "磁石") if word in text)


def _near(text: str, weights=WEIGHTS, expansions=None) -> float:
    pattern = asked_values(analyse("洗濯機1台の磁石は何グラムか。"))
    return near_value(pattern, plain_values(text), _terms, weights, expansions or {})


def test_the_terms_beside_the_value_count_not_those_of_the_sentence():
    # the air conditioner's weight is no washing machine's, though both are named
    neighbour = "洗濯機" + "、" * (VALUE_WINDOW + 5) + "磁石はエアコンで約100g/台"
    assert _near(neighbour) == 1.0 / 4.0
    assert _near("洗濯機の磁石は約80g/台") == 1.0


def test_the_value_with_the_most_beside_it_counts():
    text = "エアコンで約100g" + "。" * (2 * VALUE_WINDOW) + "洗濯機で約80g"
    assert _near(text) == 3.0 / 4.0


def test_a_synonym_beside_the_value_counts_for_its_term():
    synonyms = {"洗濯機": frozenset({"エアコン"})}
    assert _near("エアコンで約80g", expansions=synonyms) == 3.0 / 4.0


def test_no_value_of_the_kind_asked_is_nothing_beside_it():
    assert _near("洗濯機の磁石は多い") == 0.0
    assert asked_values(analyse("磁石を使う家電は何か。")) is None


def test_a_typed_question_without_a_unit_reads_its_type_values():
    pattern = asked_values(analyse("予算額はいくらか。"))
    assert isinstance(pattern, re.Pattern) and pattern.search("4.8億円")
