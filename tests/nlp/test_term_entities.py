from policy_kg.nlp.term_entities import HOME_COUNTRY, EntityRef, TermEntities
from policy_kg.nlp.vocabulary import default_vocabulary

from ..domain_terms import domain_terms

TERMS = domain_terms()
ENTITIES = TermEntities.build(default_vocabulary(), TERMS)
DYSPROSIUM = EntityRef("mineral", "dysprosium")


def test_japan_is_where_a_question_stands_not_what_it_asks_about():
    anchors = ENTITIES.anchors(TERMS("日本のリチウムの輸入先はどこか"))
    assert HOME_COUNTRY not in anchors
    assert EntityRef("mineral", "lithium") in anchors


def test_a_broader_concept_names_the_mineral_asked_for():
    assert ENTITIES.unnamed({DYSPROSIUM}, TERMS("重希土類の需要量を確保する")) == set()
    assert ENTITIES.unnamed({DYSPROSIUM}, TERMS("レアアースの需要量を確保する")) == set()


def test_another_mineral_does_not():
    assert ENTITIES.unnamed({DYSPROSIUM}, TERMS("リチウムの需要量を確保する")) == {DYSPROSIUM}


def test_a_region_is_a_place_but_not_a_country():
    places = ENTITIES.places(TERMS("日本とカナダとアフリカの協力"))
    assert places == {EntityRef("country", "ca"), EntityRef("country", "africa")}
    assert [ENTITIES.is_region(p) for p in sorted(places, key=lambda p: p.key)] == [True, False]


AUSTRALIA = EntityRef("country", "au")
FRANCE = EntityRef("country", "fr")
UNITED_STATES = EntityRef("country", "us")


def test_a_text_names_a_country_by_its_one_character_form():
    asked = {AUSTRALIA, FRANCE}
    assert ENTITIES.unnamed(asked, TERMS("豪・仏での2件のプロジェクトを形成")) == set()
    assert ENTITIES.unnamed({UNITED_STATES}, TERMS("日米枠組みの下で協力する")) == set()


def test_a_one_character_form_inside_a_word_names_no_country():
    assert ENTITIES.unnamed({AUSTRALIA}, TERMS("豪雨による被害")) == {AUSTRALIA}
    assert ENTITIES.unnamed({FRANCE}, TERMS("仏語の資料")) == {FRANCE}


def test_a_question_is_not_read_as_asking_about_a_one_character_form():
    assert ENTITIES.places(TERMS("豪・仏での案件は何件か")) == set()
