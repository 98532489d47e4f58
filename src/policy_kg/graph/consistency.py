"""Does the ontology plus the built graph hold together? HermiT, through owlready2, decides.

HermiT rejects the XSD date types (xsd:date, xsd:gYear, xsd:gYearMonth) that revisions and
targets use, so it runs with `--ignoreUnsupportedDatatypes` (owlready2:
`ignore_unsupported_datatypes=True`; see ontology/README.md): those literals are left out of
reasoning, nothing else is. owlready2 reads N-Triples, not Turtle, so Turtle goes through
rdflib first.

owlready2's `sync_reasoner_hermit` always classifies and realises every individual, which on
the whole corpus (60k triples) takes minutes (measured: 271 s). Consistency needs only
HermiT's satisfiability check of owl:Thing, which takes seconds (measured: 4 s): that is the
default here, run with owlready2's HermiT on the world owlready2 loaded. `classify=True` runs
`sync_reasoner_hermit` instead (and leaves its inferences in the world).

HermiT is Java: `java` (owlready2.JAVA_EXE) must be on PATH; Java 17 is the version tested.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import Graph

from policy_kg.corpus.errors import shorten
from policy_kg.graph.namespaces import ONTOLOGY_IRI

_HERMIT_DIR = Path(owlready2.__file__).parent / "hermit"
_HERMIT_CLASSPATH = os.pathsep.join([str(_HERMIT_DIR), str(_HERMIT_DIR / "HermiT.jar")])
_INCONSISTENT = "InconsistentOntologyException"


class ReasonerError(RuntimeError):
    """HermiT failed for another reason than an inconsistency (Java, input, memory)."""


class JavaNotFoundError(ReasonerError):
    """No `java` to run HermiT with."""

    def __init__(self, java: str) -> None:
        super().__init__(
            f"Java was not found (looked for {shorten(java)!r} on PATH): the consistency check "
            "runs the HermiT reasoner, which needs Java 17 "
            "(e.g. `apt install openjdk-17-jre-headless`)"
        )


@dataclass(frozen=True)
class ConsistencyReport:
    consistent: bool
    triples: int
    seconds: float  # loading into owlready2 and reasoning


def owlready_world(graph: Graph) -> owlready2.World:
    """A fresh owlready2 world holding `graph` (as one ontology, the project's IRI)."""
    world = owlready2.World()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib warns that N-Triples are always UTF-8
        data = graph.serialize(format="nt", encoding="utf-8")
    world.get_ontology(str(ONTOLOGY_IRI)).load(fileobj=io.BytesIO(data), format="ntriples")
    return world


def require_java() -> None:
    """Raise JavaNotFoundError unless the `java` HermiT runs with is on PATH."""
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise JavaNotFoundError(owlready2.JAVA_EXE)


def check_consistency(graph: Graph, *, classify: bool = False) -> ConsistencyReport:
    """Run HermiT on `graph` (which should include the ontology)."""
    require_java()
    started = time.perf_counter()
    world = owlready_world(graph)
    with _private_tempdir() as folder:
        consistent = _classify(world) if classify else _satisfiable(world, folder / "graph.nt")
    return ConsistencyReport(consistent, len(graph), time.perf_counter() - started)


def _classify(world: owlready2.World) -> bool:
    try:
        owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    return True


def _satisfiable(world: owlready2.World, path: Path) -> bool:
    """HermiT's consistency check (is owl:Thing satisfiable?) on what the world holds."""
    world.save(str(path), format="ntriples")
    command = [
        owlready2.JAVA_EXE,
        f"-Xmx{owlready2.JAVA_MEMORY}M",
        "-cp",
        _HERMIT_CLASSPATH,
        "org.semanticweb.HermiT.cli.CommandLine",
        "--consistency",
        "--ignoreUnsupportedDatatypes",
        path.resolve().as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return "is satisfiable." in result.stdout  # not "… is not satisfiable."
    if _INCONSISTENT in result.stderr:
        return False
    raise ReasonerError(f"HermiT failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


@contextmanager
def _private_tempdir() -> Iterator[Path]:
    """A folder for the reasoner's input, removed afterwards; owlready2 writes its own input
    to the temp folder and leaves it there when HermiT fails, so point it here too."""
    previous = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix="policy-kg-hermit-") as folder:
        tempfile.tempdir = folder
        try:
            yield Path(folder)
        finally:
            tempfile.tempdir = previous
