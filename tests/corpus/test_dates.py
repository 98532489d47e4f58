import pytest

from policy_kg.corpus.dates import (
    DateParseError,
    find_dates,
    fiscal_year,
    fiscal_years,
    japanese_date,
    japanese_number,
    parse_iso_date,
    parse_japanese_date,
)


@pytest.mark.parametrize(
    ("label", "iso"),
    [
        ("令和8年3月30日", "2026-03-30"),
        ("令和8年3月30日改定", "2026-03-30"),
        ("令和元年5月1日", "2019-05-01"),
        ("平成２３年１２月", "2011-12"),
        ("平成２３年１２月 ", "2011-12"),
        ("平成31年4月30日", "2019-04-30"),
        ("昭和64年1月7日", "1989-01-07"),
        ("昭和 24 年", "1949"),
        ("令和二年三月三十日", "2020-03-30"),
        ("（令和6年3月22日改訂／経済産業省）", "2024-03-22"),
        ("令和7年2月18日閣議決定", "2025-02-18"),
        ("2026年3月30日", "2026-03-30"),
        ("2011年12月", "2011-12"),
        ("2025年", "2025"),
        ("２０２５年１０月２８日", "2025-10-28"),
        ("二〇二五年十月二十八日", "2025-10-28"),
    ],
)
def test_japanese_dates_keep_the_precision_the_text_gives(label, iso):
    date = parse_japanese_date(label)
    assert date.iso == iso
    assert date.label == label


@pytest.mark.parametrize(
    ("label", "iso"),
    [
        ("令和7年〇月〇日改訂", "2025"),
        ("令和7年○月○日", "2025"),
        ("令和7年〇〇月〇〇日", "2025"),
        ("令和7年3月〇日", "2025-03"),
        ("令和7年〇月3日", "2025"),
    ],
)
def test_a_blank_month_or_day_leaves_the_date_known_up_to_it(label, iso):
    assert parse_japanese_date(label).iso == iso


@pytest.mark.parametrize(
    "label",
    [
        "garbage",
        "",
        "改定",
        "令和4年度",  # a fiscal year, not a date
        "2030年代",  # a decade
        "令和0年1月1日",
        "令和8年13月1日",
        "令和8年2月30日",
        "令和5年1月19日 令和6年3月29日改定",
        "2026-03-30",  # ISO belongs to parse_iso_date
    ],
)
def test_a_label_without_exactly_one_real_date_raises_naming_it(label):
    with pytest.raises(DateParseError) as raised:
        parse_japanese_date(label)
    assert repr(label) in str(raised.value)
    assert raised.value.label == label


def test_find_dates_gives_every_date_with_its_offsets():
    text = "令和5年1月19日に策定し、令和4年度の補正予算を経て、2030年までに(令和7年〇月〇日改訂)"
    found = find_dates(text)
    assert [date.iso for date, _, _ in found] == ["2023-01-19", "2030", "2025"]
    assert [text[start:end] for _, start, end in found] == [
        "令和5年1月19日",
        "2030年",
        "令和7年〇月〇日",
    ]
    assert all(date.label == text[start:end] for date, start, end in found)


def test_find_dates_skips_dates_that_do_not_exist_and_numbers_that_are_not_years():
    text = "令和8年2月30日、12025年、1,100億円、180日以内、平成２３年１２月"
    assert [date.iso for date, _, _ in find_dates(text)] == ["2011-12"]


@pytest.mark.parametrize(
    ("value", "iso"), [("2026-03-30", "2026-03-30"), ("2011-12", "2011-12"), ("2025", "2025")]
)
def test_iso_dates_of_the_sidecar_parse_with_their_precision(value, iso):
    date = parse_iso_date(value, label="x")
    assert date.iso == iso
    assert date.label == "x"


@pytest.mark.parametrize("value", ["2026/03/30", "2026-3-30", "2026-13", "2026-02-30", "26", ""])
def test_iso_dates_that_are_malformed_or_do_not_exist_raise(value):
    with pytest.raises(DateParseError):
        parse_iso_date(value)


def test_a_partial_date_sorts_as_its_earliest_day():
    draft, first = parse_japanese_date("令和7年〇月〇日改訂"), parse_japanese_date("令和5年1月19日")
    assert sorted([draft, first], key=lambda d: d.earliest_day) == [first, draft]
    assert draft.earliest_day.isoformat() == "2025-01-01"


@pytest.mark.parametrize(
    ("iso", "shown"),
    [("2023-12", "2023年12月"), ("2026-01-06", "2026年1月6日"), ("2025", "2025年")],
)
def test_japanese_date_keeps_the_precision_given(iso, shown):
    assert japanese_date(iso) == shown
    assert parse_iso_date(iso).japanese == shown


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("令和4年度第2次補正予算", (2022, "第2次補正予算")),
        ("令和元年度", (2019, "")),
        ("平成２３年度３次補正", (2011, "３次補正")),
        ("令和 7 年度予備費", (2025, "予備費")),
        ("令和四年度補正予算", (2022, "補正予算")),
        ("2025年度当初予算", (2025, "当初予算")),
        ("24年度要求", (None, "24年度要求")),  # no era: not read as a year
        ("予備費", (None, "予備費")),
    ],
)
def test_fiscal_year_reads_the_year_and_keeps_the_rest(written, expected):
    assert fiscal_year(written) == expected


def test_fiscal_years_read_eras_era_letters_and_western_years():
    text = "令和５年度予算、平成22年度補正、Ｒ６年度、H24年度、2030年度"
    assert fiscal_years(text) == {2023, 2010, 2024, 2012, 2030}


def test_fiscal_years_skip_what_is_no_fiscal_year():
    assert fiscal_years("24年度要求、令和十十年度、令和4年3月、12025年度") == set()


def test_a_number_in_digits_or_kanji():
    assert [japanese_number(t) for t in ("3", "三", "十", "十二", "二〇")] == [3, 3, 10, 12, 20]
    assert japanese_number("数") is None
