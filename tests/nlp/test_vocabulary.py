"""The YAML vocabulary: every surface form resolves to the right entry, and only to it."""

from __future__ import annotations

import ast
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

import policy_kg
from policy_kg.nlp.vocabulary import (
    VOCABULARY_DIR,
    Vocabulary,
    VocabularyError,
    default_vocabulary,
    load_vocabulary,
    normalize_surface,
)

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

# critical-minerals-policy footnote 1: the metals of the 重要鉱物 definition, in its order.
CRITICAL_MINERALS_DEFINITION = [
    "マンガン",
    "ニッケル",
    "クロム",
    "タングステン",
    "モリブデン",
    "コバルト",
    "ニオブ",
    "タンタル",
    "アンチモン",
    "リチウム",
    "ボロン",
    "チタン",
    "バナジウム",
    "ストロンチウム",
    "希土類金属",
    "白金族",
    "ベリリウム",
    "ガリウム",
    "ゲルマニウム",
    "セレン",
    "ルビジウム",
    "ジルコニウム",
    "インジウム",
    "テルル",
    "セシウム",
    "バリウム",
    "ハフニウム",
    "レニウム",
    "タリウム",
    "ビスマス",
    "グラファイト",
    "フッ素",
    "マグネシウム",
    "シリコン",
    "リン",
    "ウラン",
]

RARE_EARTHS_IN_CORPUS = {
    "ネオジム": "neodymium",
    "プラセオジム": "praseodymium",
    "ジスプロシウム": "dysprosium",
    "テルビウム": "terbium",
    "サマリウム": "samarium",
    "ガドリニウム": "gadolinium",
    "ルテチウム": "lutetium",
    "スカンジウム": "scandium",
    "イットリウム": "yttrium",
    "ホルミウム": "holmium",
    "エルビウム": "erbium",
    "ツリウム": "thulium",
    "ユウロピウム": "europium",
    "イッテルビウム": "ytterbium",
    "セリウム": "cerium",
    "ランタン": "lanthanum",
}

# Surface forms as the corpus (or a reader) writes them, and the mineral each must name.
MINERAL_FORMS = {
    "ネオジウム": "neodymium",
    "ネオジム": "neodymium",
    "プラセオジウム": "praseodymium",
    "ジスプロ": "dysprosium",
    "ホルニウム": "holmium",
    "黒鉛": "graphite",
    "天然黒鉛": "graphite",
    "グラファイト": "graphite",
    "グラファイト（天然黒鉛）": "graphite",
    "レアアース": "rare-earths",
    "希土類": "rare-earths",
    "希土類金属": "rare-earths",
    "希土類金属（レアアース）": "rare-earths",
    "レアアース（希土類）": "rare-earths",
    "軽希土類": "light-rare-earths",
    "軽稀土": "light-rare-earths",
    "重希土類": "heavy-rare-earths",
    "重稀土": "heavy-rare-earths",
    "重レアアース": "heavy-rare-earths",
    "NdPr": "ndpr",
    "ＮｄＰｒ": "ndpr",
    "ndpr": "ndpr",
    "DyTb": "dytb",
    "白金族": "platinum-group-metals",
    "バッテリーメタル": "battery-metals",
    "ホウ素": "boron",
    "バリリウム": "beryllium",
    "希尐金属": "rare-metals",
    "アルミ": "aluminium",
    "亜鉛鉱": "zinc",
    "鉛鉱": "lead",
    "銅": "copper",
    "金": "gold",
    "銀": "silver",
    "鉄": "iron",
    "珪石": "silica-stone",
    "蛍石": "fluorite",
    "黄リン": "phosphorus",
    "neodymium": "neodymium",
}

AGENCY_FORMS = {
    "経済産業省": "meti",
    "経 済 産 業 省": "meti",
    "経産省": "meti",
    "JOGMEC": "jogmec",
    "ＪＯＧＭＥＣ": "jogmec",
    "J O G M E C": "jogmec",
    "独立行政法人エネルギー・金属鉱物資源機構": "jogmec",
    "石油天然ガス・金属鉱物資源機構": "jogmec",
    "NEDO": "nedo",
    "新エネルギー・産業技術総合開発機構": "nedo",
    "IEA": "iea",
    "国際エネルギー機関": "iea",
    "中国商務部": "mofcom",
    "商務部": "mofcom",
    "海関総署": "gacc",
    "米国内務省": "us-doi",
    "内務省": "us-doi",
    "米国エネルギー省": "us-doe",
    "DOE": "us-doe",
    "JBIC": "jbic",
    "NEXI": "nexi",
    "JICA": "jica",
}

COUNTRY_FORMS = {
    "豪州": "au",
    "豪": "au",
    "米国": "us",
    "アメリカ合衆国": "us",
    "越": "vn",
    "印": "in",
    "露": "ru",
    "中国": "cn",
    "中華人民共和国": "cn",
    "我が国": "jp",
    "コンゴ民主共和国": "cd",
    "EU": "eu",
    "E U": "eu",
    "アフリカ": "africa",
}


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return default_vocabulary()


@pytest.mark.parametrize(("form", "slug"), MINERAL_FORMS.items())
def test_mineral_surface_form_resolves(vocabulary: Vocabulary, form: str, slug: str) -> None:
    mineral = vocabulary.mineral(form)
    assert mineral is not None, form
    assert mineral.slug == slug


@pytest.mark.parametrize(("form", "slug"), AGENCY_FORMS.items())
def test_agency_surface_form_resolves(vocabulary: Vocabulary, form: str, slug: str) -> None:
    agency = vocabulary.agency(form)
    assert agency is not None, form
    assert agency.slug == slug


@pytest.mark.parametrize(("form", "code"), COUNTRY_FORMS.items())
def test_country_surface_form_resolves(vocabulary: Vocabulary, form: str, code: str) -> None:
    country = vocabulary.country(form)
    assert country is not None, form
    assert country.code == code


def test_every_listed_form_resolves_to_its_own_entry(vocabulary: Vocabulary) -> None:
    for mineral in vocabulary.minerals:
        assert all(vocabulary.mineral(form) is mineral for form in mineral.surface_forms)
    for agency in vocabulary.agencies:
        assert all(vocabulary.agency(form) is agency for form in agency.surface_forms)
    for country in vocabulary.countries:
        assert all(vocabulary.country(form) is country for form in country.surface_forms)


def test_unknown_form_resolves_to_nothing(vocabulary: Vocabulary) -> None:
    assert vocabulary.mineral("金属") is None
    assert vocabulary.mineral("リンク") is None
    assert vocabulary.agency("機構") is None


@pytest.mark.parametrize("label", CRITICAL_MINERALS_DEFINITION)
def test_every_metal_of_the_critical_minerals_definition_is_present(
    vocabulary: Vocabulary, label: str
) -> None:
    assert vocabulary.mineral(label) is not None, label


def test_groups_of_the_definition_are_groups(vocabulary: Vocabulary) -> None:
    assert vocabulary.mineral("希土類金属").kind == "group"
    assert vocabulary.mineral("白金族").kind == "group"
    assert vocabulary.mineral("リチウム").kind == "element"


@pytest.mark.parametrize(("label", "slug"), RARE_EARTHS_IN_CORPUS.items())
def test_every_rare_earth_is_an_element_under_rare_earths(
    vocabulary: Vocabulary, label: str, slug: str
) -> None:
    mineral = vocabulary.mineral(label)
    assert mineral is not None and mineral.slug == slug
    assert mineral.kind == "element"
    assert vocabulary.mineral_by_slug("rare-earths") in vocabulary.ancestors(mineral)


def test_every_ium_word_in_the_corpus_is_a_known_mineral(vocabulary: Vocabulary) -> None:
    """Element names ending in ウム (and misspellings of them) anywhere in the five texts."""
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt")))
    words = set(re.findall(r"[ァ-ヶー]+?ウム", text))
    assert len(words) > 30  # the texts name over thirty such elements
    unknown = sorted(w for w in words if vocabulary.mineral(w) is None)
    assert unknown == []


def test_broader_chain_runs_from_element_to_rare_earths(vocabulary: Vocabulary) -> None:
    neodymium = vocabulary.mineral("ネオジム")
    assert [m.slug for m in vocabulary.ancestors(neodymium)] == [
        "light-rare-earths",
        "rare-earths",
    ]
    holmium = vocabulary.mineral("ホルニウム")
    assert [m.slug for m in vocabulary.ancestors(holmium)] == ["heavy-rare-earths", "rare-earths"]
    assert vocabulary.mineral("ジスプロシウム") in vocabulary.narrower(
        vocabulary.mineral("重希土類")
    )


def test_battery_metals_are_those_the_policy_names(vocabulary: Vocabulary) -> None:
    members = {m.label for m in vocabulary.narrower(vocabulary.mineral("バッテリーメタル"))}
    assert members == {"リチウム", "ニッケル", "コバルト", "グラファイト", "マンガン", "バナジウム"}


def test_no_form_names_two_entries_in_the_raw_files() -> None:
    """Checked on the YAML itself, independently of the loader's index."""
    for file_name, key, id_field in (
        ("minerals.yaml", "minerals", "slug"),
        ("agencies.yaml", "agencies", "slug"),
        ("countries.yaml", "countries", "code"),
    ):
        entries = yaml.safe_load((VOCABULARY_DIR / file_name).read_text(encoding="utf-8"))[key]
        owners: dict[str, set[str]] = defaultdict(set)
        for entry in entries:
            for form in [entry["label"], *entry.get("aliases", [])]:
                owners[normalize_surface(form)].add(entry[id_field])
        assert {form: ids for form, ids in owners.items() if len(ids) > 1} == {}, file_name


def test_agency_jurisdictions_are_known_countries(vocabulary: Vocabulary) -> None:
    assert vocabulary.agency("JOGMEC").country == "jp"
    assert vocabulary.agency("海関総署").country == "cn"
    assert vocabulary.agency("IEA").country is None
    for agency in vocabulary.agencies:
        if agency.country is not None:
            assert vocabulary.country_by_code(agency.country).code == agency.country


def test_normalize_surface_folds_width_case_and_spaces() -> None:
    assert normalize_surface("ＪＯＧＭＥＣ") == normalize_surface("jogmec")
    assert normalize_surface("J O G M E C") == "jogmec"
    assert normalize_surface("レアアース（希土類）") == "レアアース(希土類)"


def _copy_vocabulary(tmp_path: Path) -> Path:
    for name in ("minerals.yaml", "agencies.yaml", "countries.yaml", "measures.yaml"):
        shutil.copy(VOCABULARY_DIR / name, tmp_path / name)
    return tmp_path


def _append_mineral(directory: Path, entry: str) -> None:
    with (directory / "minerals.yaml").open("a", encoding="utf-8") as handle:
        handle.write(entry)


def test_loader_rejects_a_form_of_two_minerals(tmp_path: Path) -> None:
    directory = _copy_vocabulary(tmp_path)
    _append_mineral(
        directory,
        "  - slug: didymium\n    label: ジジム\n    label_en: didymium\n"
        "    kind: mixture\n    aliases: [ネオジウム]\n",
    )
    with pytest.raises(VocabularyError, match=r"minerals\.yaml.*ネオジウム"):
        load_vocabulary(directory)


def test_loader_rejects_an_unknown_broader_concept(tmp_path: Path) -> None:
    directory = _copy_vocabulary(tmp_path)
    _append_mineral(
        directory,
        "  - slug: promethium\n    label: プロメチウム\n    label_en: promethium\n"
        "    kind: element\n    broader: [middle-rare-earths]\n",
    )
    with pytest.raises(VocabularyError, match="middle-rare-earths"):
        load_vocabulary(directory)


def test_loader_rejects_an_unknown_field(tmp_path: Path) -> None:
    directory = _copy_vocabulary(tmp_path)
    _append_mineral(
        directory,
        "  - slug: promethium\n    label: プロメチウム\n    label_en: promethium\n"
        "    kind: element\n    alias: [プロメシウム]\n",
    )
    with pytest.raises(VocabularyError, match="unknown fields"):
        load_vocabulary(directory)


@pytest.mark.parametrize(
    ("written", "preferred"),
    [
        ("ネオジウム磁石", "ネオジム磁石"),
        ("ネオジム磁石", "ネオジム磁石"),
        ("サマリウムコバルト磁石", "サマリウムコバルト磁石"),
        ("電動車駆動モーター", "電動車駆動モーター"),
    ],
)
def test_a_product_is_named_with_the_preferred_form_of_its_mineral(written, preferred):
    assert default_vocabulary().product_name(written) == preferred


def test_a_measure_has_an_english_label_when_the_vocabulary_knows_it():
    vocabulary = default_vocabulary()
    english = vocabulary.measure_label_en("製錬等事業支援")
    assert english == "support for smelting and refining projects"
    assert vocabulary.measure_label_en("未知の施策") is None


# (module, function) that may load the shipped vocabulary: the entry points; every stage
# below them is given it as a parameter
VOCABULARY_LOADERS = {
    ("rebuild/__init__.py", "run_build"),
    ("runtime.py", "vocabulary"),
    ("nlp/userdict.py", "main"),
}


def _default_vocabulary_callers(package: Path) -> set[tuple[str, str]]:
    callers = set()
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "default_vocabulary"
                ):
                    callers.add((path.relative_to(package).as_posix(), function.name))
    return callers


def test_only_the_entry_points_load_the_default_vocabulary():
    package = Path(policy_kg.__file__).parent
    assert _default_vocabulary_callers(package) <= VOCABULARY_LOADERS
