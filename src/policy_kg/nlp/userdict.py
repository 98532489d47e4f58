"""Sudachi user dictionary for the domain vocabulary.

Without it Sudachi (SudachiPy 0.6.11, SudachiDict-core 20260723) splits 重希土類 as 重希|土類,
leaves ジスプロ and ホルニウム unnormalised, treats JOGMEC and プラセオジウム as unknown words and
normalises 希土類 to 稀土類, apart from レアアース.

`vocabulary/user_dict.csv` is generated from the YAML vocabulary and committed; a test fails
when it is out of date (`python -m policy_kg.nlp.userdict write-csv` regenerates it). Rules:

* mineral forms (labels and aliases) become one known token whose normalized form is the
  mineral's Japanese label, unless the system dictionary already gives exactly that;
* agency forms that the system dictionary does not know (JOGMEC, NEXI, USGS…) become one
  proper-noun token normalised to their own spelling, so they stop surfacing lower-cased;
* single characters (金, 鉄, 鉛…) and forms with brackets, middle dots or spaces are left out:
  the first are already single tokens and too ambiguous to promote, the others are phrases that
  a phrase matcher handles token by token.

Costs are calibrated, not guessed: each entry costs `_MARGIN` less than the system
dictionary's own reading of the same text in a few neutral contexts (`calibrate_costs`). An
entry therefore wins where the system would have segmented exactly its span, and loses where
the system prefers a segmentation across the span's edges (亜鉛鉱石 stays 亜鉛|鉱石 although
亜鉛鉱 is an entry).
Connection ids are UniDic's 名詞,普通名詞,一般 by word origin (語種), so an entry that replaces a
system word connects to its neighbours as that word did. Entries carry no A/B split
information: they stay whole in every split mode. `build_user_dict` compiles the CSV with
`sudachipy ubuild`.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import sudachidict_core
import sudachipy
from sudachipy import Config, Dictionary, SplitMode, Tokenizer

from policy_kg.nlp.vocabulary import Vocabulary, default_vocabulary

USER_DICT_CSV = Path(__file__).with_name("vocabulary") / "user_dict.csv"

# UniDic connection ids: 名詞,普通名詞,一般 of origin 外 (katakana), 混 (katakana with kanji),
# 漢 (kanji, Latin); 名詞,固有名詞,一般.
_FOREIGN, _MIXED, _SINO, _PROPER = 5144, 5145, 5146, 4786
_COMMON_NOUN_POS = ("名詞", "普通名詞", "一般")
_PROPER_NOUN_POS = ("名詞", "固有名詞", "一般")
_DEFAULT_COST = 5000  # the low end of the Sudachi guide's 5000-9000 for nouns
_MARGIN = 1000  # how much cheaper than the system's reading an entry is; absorbs context
_PROBE_COST = -20000  # low enough that every entry wins while its reading is measured
# Texts a form is measured in: between punctuation and particles, which never join it.
_CONTEXTS = ("、{}、", "・{}・", "の{}を", "「{}」")
_NOT_A_WORD = frozenset("()[]{}・･/ 　-.,、。")


@dataclass(frozen=True)
class UserDictEntry:
    """One user-dictionary word: how it is written and the form Sudachi should normalise it to."""

    surface: str
    normalized: str
    proper_noun: bool = False
    cost: int = _DEFAULT_COST

    def csv_row(self) -> list[str]:
        """The 18 columns of Sudachi's user-dictionary source format."""
        connection = str(_PROPER if self.proper_noun else _word_origin_id(self.surface))
        pos = _PROPER_NOUN_POS if self.proper_noun else _COMMON_NOUN_POS
        return [
            sudachi_headword(self.surface),
            connection,
            connection,
            str(self.cost),
            self.surface,
            *pos,
            "*",  # 品詞4
            "*",  # 活用型
            "*",  # 活用形
            "",  # reading: omitted, Sudachi then reports the surface
            self.normalized,
            "*",  # dictionary-form id (non-conjugating word)
            "*",  # split type
            "*",  # A-unit split
            "*",  # B-unit split
            "*",  # unused
        ]


def _word_origin_id(surface: str) -> int:
    katakana = [unicodedata.name(c, "").startswith("KATAKANA") for c in surface]
    if all(katakana):
        return _FOREIGN
    return _MIXED if any(katakana) else _SINO


def sudachi_headword(surface: str) -> str:
    """The trie key Sudachi looks up: its input text is lower-cased and NFKC-normalised first."""
    return unicodedata.normalize("NFKC", surface.lower())


def system_tokenizer() -> Tokenizer:
    """Sudachi over the system dictionary only (mode C), the baseline the rules compare to."""
    return Dictionary(dict="core").create(SplitMode.C)


def user_dict_entries(vocabulary: Vocabulary, baseline: Tokenizer) -> tuple[UserDictEntry, ...]:
    """The entries the rules in the module docstring derive from `vocabulary` (default costs)."""
    entries: dict[str, UserDictEntry] = {}
    for mineral in vocabulary.minerals:
        for form in filter(is_candidate_form, mineral.surface_forms):
            tokens = baseline.tokenize(form)
            known_word = len(tokens) == 1 and not tokens[0].is_oov()
            if not known_word or tokens[0].normalized_form() != mineral.label:
                entries.setdefault(sudachi_headword(form), UserDictEntry(form, mineral.label))
    for agency in vocabulary.agencies:
        for form in filter(is_candidate_form, agency.surface_forms):
            tokens = baseline.tokenize(form)
            if len(tokens) == 1 and tokens[0].is_oov():
                entry = UserDictEntry(form, form, proper_noun=True)
                entries.setdefault(sudachi_headword(form), entry)
    return tuple(entries.values())


def is_candidate_form(form: str) -> bool:
    """Whether a form may become an entry: more than one character, no brackets, dots or spaces."""
    normalized = unicodedata.normalize("NFKC", form)
    return len(normalized) > 1 and not _NOT_A_WORD.intersection(normalized)


def calibrate_costs(
    entries: Sequence[UserDictEntry], baseline: Tokenizer
) -> tuple[UserDictEntry, ...]:
    """Give each entry the cost that beats the current reading of its text by `_MARGIN`.

    The current reading is the system dictionary's plus that of the shorter entries, already
    calibrated (希土類金属 must beat 希土類|金属 with the entry 希土類, not the system word), so
    entries are calibrated in order of length. Sudachi reports a path's cost without its first
    word, so each form is measured inside `_CONTEXTS` (the first word being the left context):
    once with the current dictionaries, once with the entry added at `_PROBE_COST`. The two path
    costs differ by exactly the entry's cost minus the current reading's cost, which fixes the
    break-even cost; the entry gets the lowest over the contexts, less `_MARGIN`.
    """
    calibrated: dict[UserDictEntry, UserDictEntry] = {}
    with tempfile.TemporaryDirectory() as workdir:
        for length in sorted({len(sudachi_headword(e.surface)) for e in entries}):
            level = [e for e in entries if len(sudachi_headword(e.surface)) == length]
            done = list(calibrated.values())
            current = _tokenizer_with(done, Path(workdir) / f"current-{length}") or baseline
            probes = [dataclasses.replace(e, cost=_PROBE_COST) for e in level]
            probe = _tokenizer_with(done + probes, Path(workdir) / f"probe-{length}")
            calibrated.update((e, _calibrated(e, current, probe)) for e in level)
    return tuple(calibrated[e] for e in entries)


def _tokenizer_with(entries: Sequence[UserDictEntry], stem: Path) -> Tokenizer | None:
    if not entries:
        return None
    csv_path = stem.with_suffix(".csv")
    csv_path.write_text(render_user_dict_csv(entries), encoding="utf-8")
    _ubuild(csv_path, system_dictionary_path(), stem.with_suffix(".dic"))
    return sudachi_tokenizer(stem.with_suffix(".dic"))


def _calibrated(entry: UserDictEntry, current: Tokenizer, probe: Tokenizer) -> UserDictEntry:
    break_even = min(
        _break_even(context.format(entry.surface), current, probe) for context in _CONTEXTS
    )
    return dataclasses.replace(entry, cost=max(-32767, min(32767, break_even - _MARGIN)))


def _break_even(text: str, current: Tokenizer, probe: Tokenizer) -> int:
    probed = probe.tokenize(text)
    if len(probed) != 3 or probed[1].dictionary_id() < 1:
        raise RuntimeError(f"user-dictionary entry in {text!r} loses even at cost {_PROBE_COST}")
    return _PROBE_COST + current.tokenize(text).get_internal_cost() - probed.get_internal_cost()


def render_user_dict_csv(entries: Iterable[UserDictEntry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(entry.csv_row() for entry in entries)
    return buffer.getvalue()


def generate_user_dict_csv(vocabulary: Vocabulary) -> str:
    """The CSV text `write-csv` commits: the rules' entries with calibrated costs."""
    baseline = system_tokenizer()
    return render_user_dict_csv(calibrate_costs(user_dict_entries(vocabulary, baseline), baseline))


def system_dictionary_path() -> Path:
    return Path(sudachidict_core.__file__).parent / "resources" / "system.dic"


def build_user_dict(
    output: Path, csv_path: Path = USER_DICT_CSV, system_dic: Path | None = None
) -> bool:
    """Compile `csv_path` into the binary dictionary `output`; return False if it was up to date.

    The dictionary is written to a temporary file beside `output` and moved into place, so a
    reader never sees a partial file. A stamp file `<output>.stamp` records the fingerprint of
    the inputs (CSV bytes, system dictionary file, SudachiPy version); a rebuild happens only
    when it differs.
    """
    system_dic = system_dic or system_dictionary_path()
    stamp = output.with_name(output.name + ".stamp")
    fingerprint = _fingerprint(csv_path, system_dic)
    if output.is_file() and stamp.is_file() and stamp.read_text() == fingerprint:
        return False
    output.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".userdict-", dir=output.parent))
    try:
        built = workdir / output.name
        _ubuild(csv_path, system_dic, built)
        os.replace(built, output)
        (workdir / stamp.name).write_text(fingerprint)
        os.replace(workdir / stamp.name, stamp)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return True


def _fingerprint(csv_path: Path, system_dic: Path) -> str:
    system = system_dic.stat()
    digest = hashlib.sha256(csv_path.read_bytes())
    digest.update(f"|{system_dic.resolve()}|{system.st_size}|{system.st_mtime_ns}".encode())
    digest.update(f"|sudachipy {sudachipy.__version__}".encode())
    return digest.hexdigest()


def _ubuild(csv_path: Path, system_dic: Path, output: Path) -> None:
    # `sudachipy ubuild` exits 0 even when it refuses to write, so success is checked on disk.
    command = [
        _sudachipy_executable(),
        "ubuild",
        "-s",
        str(system_dic),
        "-o",
        str(output),
        "-d",
        "policy-kg domain vocabulary",
        str(csv_path),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not output.is_file() or output.stat().st_size == 0:
        raise RuntimeError(
            f"sudachipy ubuild failed on {csv_path} (exit {result.returncode}):\n"
            f"{result.stderr or result.stdout}"
        )


def _sudachipy_executable() -> str:
    beside_python = Path(sys.executable).with_name("sudachipy")
    found = str(beside_python) if beside_python.is_file() else shutil.which("sudachipy")
    if found is None:
        raise RuntimeError("the `sudachipy` command is not installed (pip install sudachipy)")
    return found


def sudachi_tokenizer(user_dic: Path, mode: SplitMode = SplitMode.C) -> Tokenizer:
    """A SudachiPy tokenizer over SudachiDict-core plus the user dictionary `user_dic`.

    Loading the dictionaries takes a moment: create one tokenizer and reuse it.
    """
    config = Config(user=[str(user_dic.resolve())])
    return Dictionary(config=config, dict="core").create(mode)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policy_kg.nlp.userdict", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("write-csv", help=f"regenerate {USER_DICT_CSV.name} from the YAML files")
    build = commands.add_parser("build", help="compile the CSV into a binary dictionary")
    build.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    if args.command == "write-csv":
        text = generate_user_dict_csv(default_vocabulary())
        USER_DICT_CSV.write_text(text, encoding="utf-8")
        print(f"wrote {text.count(chr(10))} entries to {USER_DICT_CSV}")
    else:
        rebuilt = build_user_dict(args.output)
        print(f"{args.output}: {'built' if rebuilt else 'up to date'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
