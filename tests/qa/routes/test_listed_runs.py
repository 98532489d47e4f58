from policy_kg.qa.routes.listed_runs import ListedRun, best_runs, listed_runs

SENTENCE = (
    "（注）なお、当面の間、リチウムイオン電池の原材料となるニッケル、コバルト及びリチウム、"
    "航空機等の原材料となるチタン及びマグネシウムを施策の対象とする。"
)
SURFACES = {s: (s,) for s in ("ニッケル", "コバルト", "リチウム", "チタン", "マグネシウム")}


def _terms(text: str) -> frozenset[str]:
    return frozenset(word for word in ("航空機", "電池", "原材料", "当面") if word in text)


def test_a_list_splits_where_words_qualify_a_group():
    runs = listed_runs(SENTENCE, SURFACES)
    assert [run.subjects for run in runs] == [
        ("ニッケル", "コバルト", "リチウム"),
        ("チタン", "マグネシウム"),
    ]
    # リチウム inside リチウムイオン電池 qualifies the group, it is not listed in it
    assert runs[0].qualifiers == "（注）なお、当面の間、リチウムイオン電池の原材料となる"
    assert runs[1].qualifiers == "、航空機等の原材料となるを施策の対象とする。"


def test_the_group_sharing_most_words_is_asked_for():
    runs = listed_runs(SENTENCE, SURFACES)
    best = best_runs(runs, frozenset({"航空機", "原材料"}), _terms)
    assert [run.subjects for run in best] == [("チタン", "マグネシウム")]
    assert best_runs(runs, frozenset({"原材料"}), _terms) == runs  # both alike
    assert best_runs(runs, frozenset({"半導体"}), _terms) == []


def test_a_sentence_naming_no_subject_has_no_runs():
    assert listed_runs("施策の対象とする。", SURFACES) == []
    assert ListedRun(("チタン",), "") in listed_runs("チタン", SURFACES)
