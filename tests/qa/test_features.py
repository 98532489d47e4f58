from policy_kg.qa import features


def _raw(**changes) -> features.Raw:
    base = dict(
        coverage=0.5,
        coverage_sentence=0.5,
        dense=0.8,
        dense_placed=0.8,
        bm25=2.0,
        passage_fused=0.3,
        passage_rank=1,
        passage_lexical=1.0,
        passage_dense=1.0,
        typed=True,
        fits=True,
        year_miss=False,
        off_topic=False,
        in_heading=False,
        index=0,
        count=2,
        length=40,
        own_terms=2,
        has_digit=True,
        kind="sentence",
        joined=False,
        passage_missing=0.0,
        passage_missing_top=0.0,
        anchor_missing=0.0,
        question_unknown=0.0,
        question_unknown_name=False,
        listed_section=0.0,
        note=False,
        asks_note=False,
        value_near_terms=0.0,
        asking_clause=0.5,
    )
    return features.Raw(**{**base, **changes})


def test_a_synonym_covers_the_question_term_it_stands_for():
    weights = {"電池": 2.0, "輸入": 1.0}
    found = {"バッテリー", "輸入"}
    plain = features.coverage(weights, found, set(), {}, context_share=0.5)
    expanded = features.coverage(weights, found, set(), {"電池": frozenset({"バッテリー"})}, 0.5)
    assert plain == (1 / 3, 1 / 3)
    assert expanded == (1.0, 1.0)


def test_terms_found_only_in_the_context_count_at_the_context_share():
    covered, own = features.coverage({"a": 1.0, "b": 1.0}, {"a"}, {"b"}, {}, context_share=0.5)
    assert (covered, own) == (0.75, 0.5)


def test_sentence_bm25_prefers_rare_terms_and_counts_synonyms():
    query = {"rare": 3.0, "common": 0.1}
    assert features.bm25(query, ["rare"], 1.0, {}) > features.bm25(query, ["common"], 1.0, {})
    assert features.bm25(query, ["alias"], 1.0, {}) == 0
    assert features.bm25(query, ["alias"], 1.0, {"rare": frozenset({"alias"})}) > 0


def test_feature_rows_follow_the_names_and_are_relative_to_the_best_candidate():
    rows = features.vectors([_raw(dense=0.9, bm25=4.0), _raw(dense=0.7, bm25=1.0, fits=False)])
    named = [dict(zip(features.FEATURE_NAMES, row, strict=True)) for row in rows]
    assert all(len(row) == len(features.FEATURE_NAMES) for row in rows)
    assert named[0]["dense_sentence_gap"] == 0 and named[1]["dense_sentence_gap"] < 0
    assert named[0]["bm25_sentence"] == 1 and named[1]["bm25_sentence"] == 0.25
    assert (named[0]["type_match"], named[0]["type_miss"]) == (1, 0)
    assert (named[1]["type_match"], named[1]["type_miss"]) == (0, 1)
    assert named[0]["first_in_passage"] == 1
    assert named[0]["dense_sentence_reciprocal_rank"] == 1
    assert named[1]["dense_sentence_reciprocal_rank"] == 0.5


def test_the_asking_clause_share_is_also_read_against_the_best_candidate():
    rows = features.vectors([_raw(asking_clause=0.75), _raw(asking_clause=0.25)])
    named = [dict(zip(features.FEATURE_NAMES, row, strict=True)) for row in rows]
    assert [r["asking_clause"] for r in named] == [0.75, 0.25]
    assert [r["asking_clause_gap"] for r in named] == [0.0, -0.5]


def test_the_unit_kind_is_one_of_its_flags():
    rows = features.vectors([_raw(kind="table_row"), _raw(kind="sentence", joined=True)])
    named = [dict(zip(features.FEATURE_NAMES, row, strict=True)) for row in rows]
    assert (named[0]["table_row"], named[0]["bullet"], named[0]["joined"]) == (1, 0, 0)
    assert (named[1]["table_row"], named[1]["title_line"], named[1]["joined"]) == (0, 0, 1)


def test_a_note_is_asked_for_only_when_the_question_asks_what_notes_give():
    raws = [_raw(note=True), _raw(note=True, asks_note=True), _raw(asks_note=True)]
    named = [dict(zip(features.FEATURE_NAMES, row, strict=True)) for row in features.vectors(raws)]
    assert [(row["note_unit"], row["note_asked"]) for row in named] == [(1, 0), (1, 1), (0, 0)]


def test_an_untyped_question_neither_matches_nor_misses_a_type():
    row = dict(zip(features.FEATURE_NAMES, features.vectors([_raw(typed=False)])[0], strict=True))
    assert (row["typed"], row["type_match"], row["type_miss"]) == (0, 0, 0)


def test_missing_share_weighs_the_terms_no_word_or_synonym_holds():
    weights = {"電池": 2.0, "輸入": 1.0, "粗鋼": 1.0}
    found = {"バッテリー", "輸入"}
    assert features.missing_share(weights, found, {}) == 0.75
    assert features.missing_share(weights, found, {"電池": frozenset({"バッテリー"})}) == 0.25
    assert features.missing_share({}, found, {}) == 0.0


def test_missing_top_is_whether_the_rarest_terms_are_missing_not_how_many():
    weights = {"エチレン": 4.0, "生産": 1.0, "能力": 1.0, "年間": 1.0}
    assert features.missing_top(weights, {"生産", "能力", "年間"}, {}) == 1.0
    assert features.missing_top(weights, {"エチレン", "生産"}, {}) == 0.25
    assert features.missing_top(weights, set(weights), {}) == 0.0
    assert features.missing_top({}, {"生産"}, {}) == 0.0
    assert features.missing_share(weights, {"生産", "能力", "年間"}, {}) < 0.6


def test_the_least_missing_top_says_whether_any_retrieved_passage_has_the_rarest_terms():
    rows = features.vectors([_raw(passage_missing_top=1.0), _raw(passage_missing_top=0.25)])
    named = [dict(zip(features.FEATURE_NAMES, row, strict=True)) for row in rows]
    assert [row["passage_missing_top"] for row in named] == [1.0, 0.25]
    assert [row["retrieved_missing_top"] for row in named] == [0.25, 0.25]
