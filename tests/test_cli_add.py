"""`policy-kg add` refusals: each names the file, exits 3, and leaves corpus/ and indexes/
byte for byte as they were (hashed before and after)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from policy_kg.cli import EXIT_INPUT, main

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "added_revision" / "critical-minerals-policy-2027-04-01.txt"
ENCRYPT = "/Encrypt 4 0 R /ID [<" + "0" * 32 + "> <" + "0" * 32 + ">] "


def minimal_pdf(trailer: str = "") -> bytes:
    """A one-page PDF with nothing drawn (a scan's page without its image), with a correct
    cross-reference table; `trailer` adds entries such as an /Encrypt dictionary."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        f"<< /Filter /Standard /V 1 /R 2 /O <{'00' * 32}> /U <{'00' * 32}> /P -4 >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer}>>\n".encode()
    return out + f"startxref\n{xref}\n%%EOF\n".encode()


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copy(REPO / "corpus" / f"critical-minerals-policy-2026-03-30{suffix}", corpus)
    indexes = tmp_path / "indexes"
    (indexes / "builds").mkdir(parents=True)
    (indexes / "builds" / "marker").write_text("a build in use")
    return corpus, indexes


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


BAD_FILES = {
    "not a PDF": (lambda d: _write(d / "policy.pdf", b"<html>a page</html>"), "is not a PDF"),
    "encrypted": (lambda d: _write(d / "locked.pdf", minimal_pdf(ENCRYPT)), "is encrypted"),
    "scanned": (lambda d: _write(d / "scan.pdf", minimal_pdf()), "no text layer"),
    "empty": (lambda d: _write(d / "empty.pdf", b""), "is empty"),
    "200 MB": (lambda d: _sparse(d / "huge.pdf", 200 * 1024 * 1024), "over the 50 MB limit"),
    "not HTML": (lambda d: _write(d / "page.html", b"%PDF-1.4 no"), "is not an HTML page"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_named_and_changes_nothing(case, folders, tmp_path, capsys):
    corpus, indexes = folders
    make, reason = BAD_FILES[case]
    bad = make(tmp_path)
    before = (_tree_hash(corpus), _tree_hash(indexes))
    code = main(["--corpus", str(corpus), "--indexes", str(indexes), "add", str(bad), "--yes"])
    err = capsys.readouterr().err
    assert code == EXIT_INPUT
    assert bad.name in err and reason in err
    assert "Traceback" not in err
    assert (_tree_hash(corpus), _tree_hash(indexes)) == before


def test_without_a_terminal_and_without_yes_nothing_is_added(folders, capsys):
    corpus, indexes = folders
    before = _tree_hash(corpus)
    code = main(["--corpus", str(corpus), "--indexes", str(indexes), "add", str(FIXTURE)])
    assert code == EXIT_INPUT
    assert "give --yes" in capsys.readouterr().err
    assert _tree_hash(corpus) == before


def test_a_doc_id_already_in_the_corpus_needs_replace(folders, capsys):
    corpus, indexes = folders
    text = corpus / "critical-minerals-policy-2026-03-30.txt"
    before = _tree_hash(corpus)
    code = main(["--corpus", str(corpus), "--indexes", str(indexes), "add", str(text), "--yes"])
    err = capsys.readouterr().err
    assert code == EXIT_INPUT
    assert "critical-minerals-policy@2026-03-30 is already in the corpus" in err
    assert "--replace" in err
    assert _tree_hash(corpus) == before


def test_a_new_series_without_series_is_asked_for(folders, tmp_path, capsys):
    corpus, indexes = folders
    seed = tmp_path / "overview.txt"
    shutil.copy(REPO / "corpus" / "rare-metals-overview-2011-12.txt", seed)
    code = main(["--corpus", str(corpus), "--indexes", str(indexes), "add", str(seed), "--yes"])
    assert code == EXIT_INPUT
    assert "--series" in capsys.readouterr().err
