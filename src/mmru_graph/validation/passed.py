"""Remember the last validation that passed, so a rebuild re-checks the quotes and the
structural rules only where the added files could break them.

SHACL keeps its own results per source (:mod:`.cache`). The quote checks
(:func:`mmru_graph.quotes.check_quotes`) and the structural rules
(:func:`mmru_graph.validation.rules.structural_violations`) read the whole graph:
about nine seconds at two million triples, on every build, even when nothing
changed. When a validation passes, :func:`remember_passed` keeps the content
hash of every input file and of every stored source text. On the next
validation, :func:`since_passed` tells what changed:

- nothing: both checks are skipped (they passed on exactly these inputs);
- only Turtle files added (``mmru-graph add-source``), every stored text
  unchanged: both checks run on the added statements alone (quote targets
  they touch, the triples themselves, the events they date, the flags they
  set). Every rule is *monotone* under additions once these are checked: a
  node described, a term declared or a value present stays so, and a quote
  reads only its target's and selectors' statements;
- anything else, a full check: a file edited or removed, a stored text
  changed, an added statement the checks cannot follow alone (a blank node,
  which the rules judge by what points to it; ``rdfs:subClassOf``, which
  changes what counts as an event; ``owl:sameAs`` anywhere, which moves
  statements between nodes), or any added statement the graph does not hold
  as parsed.

A partial check that finds a problem is thrown away and the full check runs,
so a failing validation reports exactly what a full one reports. The record
lives in the user's cache directory (:func:`mmru_graph.store.cache.cache_dir`)
beside the SHACL results, honours ``MMRU_GRAPH_CACHE=0``, and is tied to the
code that checks (a changed rule means a full check); an unreadable record
means a full check.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL
from rdflib.term import Node

from ..namespaces import RDFS
from ..store import cache as store_cache
from .records import digest, read_record, record_path, write_record

__all__ = ["Added", "remember_passed", "since_passed"]

#: Bumped whenever this layout or what a record vouches for changes.
FORMAT = 1
#: Added statements the checks cannot judge alone (see the module docstring).
_WHOLE_GRAPH_PREDICATES = frozenset({RDFS.subClassOf, RDFS.subPropertyOf, OWL.sameAs})


@dataclass(frozen=True)
class Added:
    """What was added since the last validation that passed.

    Attributes
    ----------
    files : list of Path
        The Turtle files added (none: nothing changed).
    triples : list of tuple
        Their statements, as the graph holds them.
    """

    files: list[Path]
    triples: list[tuple[Node, Node, Node]]

    def note(self) -> str:
        """``quotes and rules re-checked for 1 added file (12 statements)``."""
        if not self.files:
            return "quotes and rules re-used (nothing changed)"
        count = len(self.files)
        return (f"quotes and rules re-checked for {count} added file{'s' * (count != 1)} "
                f"({len(self.triples)} statements)")


def _text_digests(texts: dict[URIRef, str]) -> dict[str, str]:
    # A stored text is not a Turtle file: editing it changes no file digest above,
    # yet every quote of it must be checked again.
    return {str(article): digest(text.encode("utf-8")) for article, text in texts.items()}


@functools.cache
def _code_version() -> list[str]:
    """What a record was vouched for by: this layout, rdflib (it parses literals) and the
    checks' own code, with what decides which statements the graph holds."""
    import rdflib

    from ..code_digest import code_digest

    return [str(FORMAT), rdflib.__version__,
            code_digest(["validation/passed.py", "validation/rules.py", "quotes.py",
                         "validate.py", "store/loading.py", "store/parse.py"])]


def _read(graph_dir: Path) -> dict[str, Any] | None:
    stored = read_record(record_path(graph_dir, "passed"), _code_version())
    if stored is None or not isinstance(stored.get("files"), dict) \
            or not isinstance(stored.get("texts"), dict):
        return None
    return stored


def remember_passed(graph_dir: Path, digests: dict[str, str],
                    texts: dict[URIRef, str]) -> None:
    """Record that the quotes and the structural rules passed on exactly these inputs
    (a record that cannot be written is no record: the next check is full)."""
    if not store_cache.enabled():
        return
    write_record(record_path(graph_dir, "passed"), _code_version(),
                 {"files": digests, "texts": _text_digests(texts)})


def since_passed(graph_dir: Path, digests: dict[str, str], texts: dict[URIRef, str],
                 data: Graph) -> Added | None:
    """What was added since the last validation that passed, or ``None`` when the
    quotes and the structural rules must be checked whole (see the module docstring).

    ``digests`` are the input files' (:func:`~.records.file_digests`), ``texts`` the stored
    source texts read for this validation, ``data`` the graph validated.
    """
    if not store_cache.enabled():
        return None
    stored = _read(graph_dir)
    if stored is None:
        return None
    before: dict[str, str] = stored["files"]
    if any(before.get(path, hashed) != hashed for path, hashed in digests.items()) \
            or not set(before) <= set(digests):
        return None  # an edited or removed file: what it stated before is unknown
    now = _text_digests(texts)
    if any(now.get(article) != hashed for article, hashed in stored["texts"].items()):
        return None  # a stored text changed (or is gone): its every quote is in doubt
    added = [Path(path) for path in digests if path not in before]
    if not added:
        return Added([], [])
    if any(True for _ in data.triples((None, OWL.sameAs, None))):
        return None  # a merge may have moved the added statements to other nodes
    from ..store.loading import load_graph

    triples = list(load_graph(files=added).triples((None, None, None)))
    for triple in triples:
        if triple[1] in _WHOLE_GRAPH_PREDICATES or any(isinstance(t, BNode) for t in triple) \
                or triple not in data:
            return None
    return Added(added, triples)
