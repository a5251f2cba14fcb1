"""What a build was made from, kept with its outputs, so that a rebuild with nothing to do
does nothing: :func:`current_build`.

``build`` writes ``build.json`` into its output set (:mod:`mmru_graph.build`), beside the
files it describes, so the record and the outputs are swapped in together:

- ``made_from``: the content hash of every file the build reads (the Turtle files,
  shapes included, and every stored text under ``sources/``), the graph directory's
  path, a hash of the package's own files (code, templates, the page's scripts) and the
  versions of Python and of the libraries that shape the outputs;
- ``report``: what the build reported (the validation's summary and warnings, the
  counts), to say again when nothing is rebuilt.

``mmru-graph build`` compares ``made_from`` with the inputs and the code as they are
now; when they are the same and every output is present, the outputs are exactly what a
rebuild would write (the build is deterministic), so it says so and writes nothing
(at two million triples, a second instead of three minutes); ``--force`` rebuilds anyway.
Anything unreadable, missing or different means a rebuild.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .validate import ValidationReport

__all__ = ["RECORD", "BuildRecord", "current_build", "made_from", "write_record"]

#: The record's file name inside the output set.
RECORD = "build.json"
#: Bumped whenever the record's layout or meaning changes.
FORMAT = 1
#: The libraries whose versions can change what a build writes.
LIBRARIES = ("rdflib", "pyoxigraph", "networkx", "pyvis", "jinja2", "pyshacl", "click")


@dataclass(frozen=True)
class BuildRecord:
    """The record of a build whose outputs are current.

    Attributes
    ----------
    out_dir : Path
        The output folder (``graph/build``).
    report : dict
        What the build reported: ``summary`` (the validation's line), ``warnings``
        (each as printed), ``counts``, ``events``, ``annotations``, ``triples``.
    built : str
        When the outputs were written (``2026-12-01 12:30:30 UTC``, the record's time).
    """

    out_dir: Path
    report: dict[str, Any]
    built: str


def _input_files(graph_dir: Path) -> list[Path]:
    """Every file a build reads: the Turtle files (shapes too) and the stored texts."""
    from .store.loading import graph_files

    files = graph_files(graph_dir, include_shapes=True)
    texts = graph_dir / "sources"
    if texts.is_dir():
        listed = set(files)
        files += sorted(p for p in texts.iterdir() if p.is_file() and p not in listed)
    return files


def _code_digest() -> str:
    """A hash of every file of the package (not its compiled caches): any edit to the
    code, a template or a script the page embeds may change an output."""
    from .code_digest import code_digest

    package = Path(__file__).resolve().parent
    return code_digest(sorted(path.relative_to(package).as_posix()
                              for path in package.rglob("*")
                              if path.is_file() and "__pycache__" not in path.parts))


def _runtime() -> dict[str, str]:
    from importlib import metadata

    versions = {"python": sys.version}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    return versions


def made_from(graph_dir: Path) -> dict[str, Any]:
    """What a build of ``graph_dir`` by this code reads and runs with (see the module).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> graph_dir = pathlib.Path(tempfile.mkdtemp())
    >>> (graph_dir / "data").mkdir()
    >>> for name in ("ontology.ttl", "shapes.ttl", "data/people.ttl"):
    ...     _ = (graph_dir / name).write_text("", "utf-8")
    >>> before = made_from(graph_dir)
    >>> sorted(before["inputs"])
    ['data/people.ttl', 'ontology.ttl', 'shapes.ttl']
    >>> _ = (graph_dir / "ontology.ttl").write_text("# edited", "utf-8")
    >>> made_from(graph_dir) == before
    False
    """
    from .validation.records import digest

    inputs = {path.relative_to(graph_dir).as_posix(): digest(path.read_bytes())
              for path in _input_files(graph_dir)}
    return {"format": FORMAT, "graph_dir": str(graph_dir.resolve()), "inputs": inputs,
            "code": _code_digest(), "runtime": _runtime()}


def write_record(folder: Path, made: dict[str, Any], report: ValidationReport,
                 **counts: Any) -> None:
    """Write ``build.json`` into the set ``folder`` before it is published: ``made`` (from
    :func:`made_from`, taken before the build read anything), the validation's report and
    the build's ``counts`` (``counts``, ``events``, ``annotations``, ``triples``)."""
    import dataclasses

    # Neither a clock time nor how much this run re-checked (that depends on the caches):
    # the same inputs give byte-identical outputs, this one too.
    summary = dataclasses.replace(report, shacl="").summary()
    record = {"made_from": made, "report": {
        "summary": summary, "warnings": [str(w) for w in report.warnings], **counts}}
    (folder / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True), "utf-8")


def current_build(graph_dir: str | os.PathLike[str] | None = None,
                  out_dir: str | os.PathLike[str] | None = None) -> BuildRecord | None:
    """The record of the build in ``out_dir`` when a build of ``graph_dir`` now would
    write exactly what is there (same inputs, same code, every output present), else
    ``None``.

    Parameters
    ----------
    graph_dir, out_dir : path, optional
        As :func:`mmru_graph.build.build_graph` takes them.

    Examples
    --------
    >>> import tempfile
    >>> current_build(out_dir=tempfile.mkdtemp()) is None  # nothing built there
    True
    """
    from .build import OUTPUT_DIRS, OUTPUT_FILES
    from .errors import GraphNotFoundError
    from .store.location import default_build_dir, resolve_graph_dir

    try:
        base = resolve_graph_dir(graph_dir)
    except GraphNotFoundError:  # the build itself reports it
        return None
    out = Path(out_dir) if out_dir is not None else default_build_dir(base)
    try:
        record = json.loads((out / RECORD).read_text("utf-8"))
        if not all((out / name).exists() for name in (*OUTPUT_FILES, *OUTPUT_DIRS)):
            return None
        if record["made_from"] != made_from(base):
            return None
        written = datetime.datetime.fromtimestamp((out / RECORD).stat().st_mtime, datetime.UTC)
        return BuildRecord(out, dict(record["report"]), written.strftime("%Y-%m-%d %H:%M:%S UTC"))
    except (OSError, ValueError, KeyError, TypeError, GraphNotFoundError):
        return None  # anything unreadable or missing: rebuild, and let the build say why
