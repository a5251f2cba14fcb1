"""Keep SHACL results between validations, so a rebuild re-checks only what changed.

The fast path (:mod:`.engine`) files every check under a *group* (the shared
entities, or one source) with the hashed keys it read. This cache keeps,
per graph directory, each group's results and keys and the content hash of
every Turtle file. On the next validation:

- any file edited or removed, a file added to the shapes or ontology, a new
  ``rdfs:subClassOf``, a different engine: everything is re-checked;
- only files added (``mmru-graph add-source``): the groups of the nodes the
  new statements give a type, and every group whose checks read a key the
  new statements touch, are re-checked; the rest is re-used.

So it can only skip work, never serve a stale result: a cached group is
re-used only when no statement it could have read is new. It lives in the
user's cache directory (:func:`mmru_graph.store.cache.cache_dir`) in
:mod:`marshal` format and honours ``MMRU_GRAPH_CACHE=0``; an unreadable cache
means a full check.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from ..errors import Violation
from ..namespaces import RDF, RDFS
from ..store import cache as store_cache
from .engine import EVIDENCE, Fallback, GroupResult, Prepared, evaluate, key_hash
from .fast import prepare_fast
from .records import file_digests, read_record, record_path, write_record

__all__ = ["Checked", "cached_shacl"]

#: Bumped whenever the engine or this layout changes what a cached result means.
FORMAT = 1


@dataclass
class Checked:
    """The SHACL results of a validation and how much of it was re-checked."""

    violations: set[Violation]
    warnings: set[Violation]
    sources: int
    rechecked_sources: int
    rechecked_shared: bool

    def note(self) -> str:
        """``SHACL re-checked 1 of 4 sources (and the shared entities)``."""
        if not self.sources:
            return "SHACL checked the whole graph" if self.rechecked_shared \
                else "SHACL results re-used (nothing changed)"
        shared = " and the shared entities" if self.rechecked_shared else ""
        return f"SHACL re-checked {self.rechecked_sources} of {self.sources} sources{shared}"


def _rows(violations: set[Violation]) -> list[tuple[str, str, str]]:
    return sorted((v.focus, v.path, v.message) for v in violations)


def _engine_version() -> list[str]:
    """What a cached result was computed by: this layout, rdflib (it parses literals),
    and the source of the engine and of the loader (which statement lands in which
    named graph): a changed check must not re-use old results."""
    import rdflib

    here = Path(__file__).parent
    code = b"".join((here / name).read_bytes()
                    for name in ("engine.py", "shapes.py", "../store/loading.py"))
    return [str(FORMAT), rdflib.__version__, hashlib.blake2b(code, digest_size=16).hexdigest()]


#: Read once, when the engine is imported: the code that runs, not a later edit of it.
_VERSION = _engine_version()


def _write(path: Path, files: dict[str, str], sources: list[str],
           groups: dict[str, GroupResult]) -> None:
    write_record(path, _VERSION, {
        "files": files, "sources": sources,
        "groups": {name: (_rows(g.violations), _rows(g.warnings), sorted(g.keys))
                   for name, g in groups.items()}})


def _changed_keys(added: list[Path], data: Graph, sources_before: int, sources_now: int) \
        -> tuple[set[int], set[Node]] | None:
    """The keys the added files' statements touch, and their subjects; ``None`` when
    they change what every check reads: the class hierarchy, or which nodes are
    evidence (an existing node newly typed as an annotation moves its statements
    into every view)."""
    from ..store.loading import load_graph

    keys: set[int] = set()
    subjects: set[Node] = set()
    new = load_graph(files=added)
    for s, p, o in new.triples((None, None, None)):
        if p == RDFS.subClassOf:
            return None
        if p == RDF.type and o in EVIDENCE and \
                len(list(data.triples((s, None, None)))) > len(list(new.triples((s, None, None)))):
            return None
        keys.add(key_hash((s, p, ">")))
        keys.add(key_hash((o, p, "<")))
        subjects.add(s)
    if sources_before != sources_now:
        keys.add(key_hash(("#sources", sources_before)))
    return keys, subjects


def _to_check(stored: dict[str, Any] | None, digests: dict[str, str],
              prepared: Prepared, data: Graph) -> set[str] | None:
    """The groups to re-check (``None``: all), given what the cache holds."""
    if stored is None:
        return None
    before: dict[str, str] = stored["files"]
    if any(before.get(p, d) != d for p, d in digests.items()) or not set(before) <= set(digests):
        return None  # an edited or removed file: its old statements are unknown
    added = [Path(p) for p in digests if p not in before]
    if not added:
        return set()
    change = _changed_keys(added, data, len(stored["sources"]),
                           len(prepared.sources))
    if change is None:
        return None
    keys, subjects = change
    groups = {name for name, (_v, _w, read) in stored["groups"].items()
              if not keys.isdisjoint(read)}
    groups.update(prepared.group_of[s] for s in subjects if s in prepared.group_of)
    groups.update(set(prepared.sources) - set(stored["sources"]))
    return groups


def cached_shacl(graph_dir: Path, files: list[Path], data: Graph, shapes: Graph,
                 digests: dict[str, str] | None = None) -> Checked | None:
    """SHACL results of ``data``, re-checking only the groups the cache cannot vouch for.

    ``digests`` are the files' content hashes when the caller has them
    (:func:`~mmru_graph.validation.records.file_digests`). ``None`` when the fast
    path does not apply (the caller runs pyshacl).
    """
    if digests is None:
        digests = file_digests(files)
    path = record_path(graph_dir, "validation")
    stored = read_record(path, _VERSION) if store_cache.enabled() else None
    if stored is not None and stored["files"] == digests:  # nothing changed: not even indexed
        return _unchanged(stored)
    ready = prepare_fast(data, shapes)
    if ready is None:
        return None
    prepared, texts = ready
    groups = _to_check(stored, digests, prepared, data)
    try:
        merged = evaluate(prepared, texts, groups)
    except Fallback:
        return None
    if groups is not None and stored is not None:
        for name, (failed, warned, keys) in stored["groups"].items():
            if name not in groups:
                merged[name] = GroupResult({Violation(*row) for row in failed},
                                           {Violation(*row) for row in warned}, set(keys))
    if store_cache.enabled():
        _write(path, digests, prepared.sources, merged)
    violations: set[Violation] = set()
    warnings: set[Violation] = set()
    for group in merged.values():
        violations |= group.violations
        warnings |= group.warnings
    sources = prepared.sources
    return Checked(violations, warnings, len(sources),
                   len(sources) if groups is None else len(groups & set(sources)),
                   groups is None or "" in groups)


def _unchanged(stored: dict[str, Any]) -> Checked:
    """The cached results as they are (every input file has its cached content)."""
    violations: set[Violation] = set()
    warnings: set[Violation] = set()
    for failed, warned, _keys in stored["groups"].values():
        violations.update(Violation(*row) for row in failed)
        warnings.update(Violation(*row) for row in warned)
    return Checked(violations, warnings, len(stored["sources"]), 0, False)
