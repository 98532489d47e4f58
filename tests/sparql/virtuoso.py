"""OpenLink Virtuoso for tests/sparql/test_virtuoso.py: a throwaway database in a temporary
folder, served on loopback only, loaded with the dump through isql; and the three ways in
which Virtuoso 7.2.5 returns the documented queries' terms differently, each named here and
undone for those terms only.

Measured by hand on this 2-core machine (load average 0.5-1): a fresh database starts and
answers over HTTP about 2 s after launch; `rdf_loader_run()` loads the corpus dump (61,330
quads) in 0.3 s. Under a load average of 7 the test's own runs measured 3.1-5.0 s and
0.75-0.9 s. See docs/scale.md, "Serving the graph from OpenLink Virtuoso".
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import urllib.error
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .portability import SELECT_JSON, Answer, Row, Term, post_query

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
INSTALL_HINT = (
    "OpenLink Virtuoso is missing ({program} not on PATH): `apt-get install "
    "virtuoso-opensource` (scripts/install-system-packages installs it; scripts/test runs that)"
)

# The start creates an empty database before it serves: 2 s here (module docstring). Twenty
# times that, scaled by the load per core, leaves room for a busy CI machine.
START_SECONDS = 2.0
# `rdf_loader_run()` of the corpus dump: 0.3 s here, 1.4 s by hand at a load average of 8.
LOAD_SECONDS = 1.4
SLACK = 20.0

# A small database: 8,000 pages of 8 KB (64 MB) hold the loaded corpus (a 56 MB file) whole;
# Debian's default is 10,000. Dirty pages may fill three quarters before a flush, as Debian's.
# One thread per query: with two, once in a CI run under heavy load, "when each mineral is
# first named" returned seven minerals twice, each with a second, later "first" date (the
# grouped subquery's groups not merged); 40 repeats under two busy loops did not show it again.
INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {data}
NumberOfBuffers = 8000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 2
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000
"""


@dataclass(frozen=True)
class VirtuosoPorts:
    sql: int
    http: int

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http}/sparql"


def require_virtuoso() -> dict[str, str]:
    """The absolute paths of the server and of isql, or a failure saying how to install them."""
    found = {program: shutil.which(program) for program in (VIRTUOSO, ISQL)}
    missing = [program for program, path in found.items() if path is None]
    if missing:
        raise AssertionError(INSTALL_HINT.format(program=", ".join(missing)))
    return {program: str(path) for program, path in found.items()}


def load_factor() -> float:
    """The machine's load per core, at least 1: timeouts grow with it."""
    return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def write_ini(folder: Path, data: Path, ports: VirtuosoPorts) -> Path:
    ini = folder / "virtuoso.ini"
    text = INI.format(db=folder, data=data, sql_port=ports.sql, http_port=ports.http)
    ini.write_text(text, encoding="utf-8")
    return ini


def is_ready(ports: VirtuosoPorts) -> bool:
    """Both listeners up: isql's port accepts, and /sparql answers a query."""
    try:
        socket.create_connection(("127.0.0.1", ports.sql), timeout=1).close()
        post_query(ports.sparql_url, "ASK {}", SELECT_JSON)
    except (OSError, urllib.error.URLError):
        return False
    return True


def load_dump(isql: str, ports: VirtuosoPorts, dump: Path, timeout: float) -> None:
    """The bulk loader over the dump's folder (which DirsAllowed must list); a failure names
    the statement's error or the file the loader could not read."""
    script = (
        f"ld_dir('{dump.parent}', '{dump.name}', 'urn:policy-kg:unused');"
        " rdf_loader_run();"
        " SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;"
    )
    command = [isql, f"127.0.0.1:{ports.sql}", "dba", "dba", f"exec={script}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    assert "*** Error" not in done.stderr, f"isql: {done.stderr[:1000]}"
    assert "0 Rows." in done.stdout, f"the loader failed on a file: {done.stdout[-1000:]}"


def listening_addresses(pid: int) -> set[str]:
    """The local addresses of the process's TCP listeners and UDP sockets, from /proc
    (hex IPv4 as the kernel writes it: 0100007F is 127.0.0.1). A descriptor the live server
    closes between the listing and the read is skipped: it listens no more."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except FileNotFoundError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    addresses = set()
    for table in ("tcp", "tcp6", "udp", "udp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            listening = table.startswith("udp") or fields[3] == "0A"
            if fields[9] in inodes and listening:
                addresses.add(fields[1].split(":")[0])
    return addresses


# --- how Virtuoso 7.2.5 returns terms, undone for these terms only ------------------------

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_BOOLEAN = ox.NamedNode(XSD + "boolean")
XSD_INTEGER = ox.NamedNode(XSD + "integer")

# 1. Booleans as 1/0: a stored xsd:boolean comes back as "1"^^xsd:boolean (a valid but not
#    canonical lexical form), a computed one (BOUND) as "1"^^xsd:integer.
BOOLEAN_AS_NUMBER = {
    (lexical, datatype.value): ox.Literal(value, datatype=XSD_BOOLEAN)
    for lexical, value in (("1", "true"), ("0", "false"))
    for datatype in (XSD_BOOLEAN, XSD_INTEGER)
}
# 2. GROUP_CONCAT returns a plain string even when all its parts share a language tag.
_GROUP_CONCAT_AS = re.compile(
    r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*\)\s+AS\s+\?(\w+)", re.IGNORECASE
)
# 3. A non-ASCII character in a GROUP_CONCAT separator reaches the result as "?": Virtuoso
#    narrows a string of the query text to 8 bits (its issue 609). Form POST, GET and isql
#    alike; a \u3001 escape too.
_SEPARATOR = re.compile(r'(separator\s*=\s*")([^"]*)(")', re.IGNORECASE)


def read_booleans(served: Answer, expected: Answer) -> Answer:
    """`served`, with 1/0 read as false/true in the columns where the reference has an
    xsd:boolean, and nowhere else."""
    columns = {
        i
        for row in expected.rows
        for i, term in enumerate(row)
        if isinstance(term, ox.Literal) and term.datatype == XSD_BOOLEAN
    }

    def read(i: int, term: Term) -> Term:
        if i not in columns or not isinstance(term, ox.Literal):
            return term
        return BOOLEAN_AS_NUMBER.get((term.value, term.datatype.value), term)

    rows = frozenset(tuple(read(i, t) for i, t in enumerate(row)) for row in served.rows)
    return Answer(served.variables, rows)


def untag_group_concats(query: str, expected: Answer) -> Answer:
    """`expected`, with the language tag dropped from the values of the query's
    GROUP_CONCAT columns, and of no other column."""
    names = set(_GROUP_CONCAT_AS.findall(query))
    columns = {i for i, name in enumerate(expected.variables) if name in names}

    def untag(row: Row) -> Row:
        return tuple(
            ox.Literal(t.value) if i in columns and isinstance(t, ox.Literal) and t.language else t
            for i, t in enumerate(row)
        )

    return Answer(expected.variables, frozenset(untag(row) for row in expected.rows))


def narrow_separators(query: str) -> str:
    """The query with each non-ASCII character of a GROUP_CONCAT separator replaced by "?",
    as Virtuoso reads it; the rest of the text as it is."""

    def narrow(match: re.Match[str]) -> str:
        separator = "".join(c if c.isascii() else "?" for c in match.group(2))
        return match.group(1) + separator + match.group(3)

    return _SEPARATOR.sub(narrow, query)
