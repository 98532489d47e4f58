from pathlib import Path

import policy_kg
from policy_kg.rebuild import BUILD_STAGES, NOT_BUILD_CODE, outside_build


def test_reading_a_pdf_or_adding_a_file_is_not_build_code():
    assert outside_build(Path("corpus/ingest/pdf.py"))
    assert outside_build(Path("rebuild/add.py"))


def test_the_parser_and_the_extractors_are():
    assert not outside_build(Path("corpus/passages.py"))
    assert not outside_build(Path("nlp/extract/targets.py"))
    assert not outside_build(Path("rebuild/__init__.py"))


def test_every_stage_and_excluded_path_names_code_that_exists():
    # a renamed stage or file would silently drop out of (or back into) the fingerprint
    package = Path(policy_kg.__file__).parent
    named = [Path(stage) for stage in BUILD_STAGES] + list(NOT_BUILD_CODE)
    assert [p for p in named if not (package / p).exists()] == []


def test_a_refitted_e5_adapter_rebuilds_every_document(tmp_path, monkeypatch):
    # the adapter changes every vector, so a build must not reuse the ones made before it
    from policy_kg.index.e5_adapter import ADAPTER_ENV, ADAPTER_FILE
    from policy_kg.rebuild import code_fingerprint

    shipped = code_fingerprint()
    copy = tmp_path / "e5_adapter.npz"
    copy.write_bytes(ADAPTER_FILE.read_bytes())
    monkeypatch.setenv(ADAPTER_ENV, str(copy))
    assert code_fingerprint() == shipped
    copy.write_bytes(copy.read_bytes() + b"\0")
    assert code_fingerprint() != shipped
