"""Validate the graph directory before anything is built from it.

:func:`validate_graph` runs, in order:

1. parse every Turtle file (ontology, source descriptions, data, shapes);
   a syntax error stops there with ``FILE:LINE: message``;
2. check every quote against its stored source text and offsets
   (:func:`mmru_graph.quotes.check_quotes`);
3. validate the SHACL shapes of ``shapes.ttl`` with pyshacl, the data graph
   being ontology + sources + shared data + one source's named graph at a
   time (two sources may disagree; each must be valid on its own; the
   ontology states the ``rdfs:subClassOf`` links, so no inference is needed);
4. a few rules SHACL cannot state cheaply (:func:`structural_violations`):
   no blank nodes, no references to undescribed ``id:`` nodes, no undeclared
   ``mmru:`` terms, no event ending before it starts, no relative IRIs, no
   ``mmru:inferredProperty`` flagging a property the node has no value of.

A rebuild re-checks only what changed: SHACL results are kept per source
(:mod:`mmru_graph.validation.cache`), and after a validation that passed,
the quotes and structural rules are checked again only where added files
could break them, or not at all when nothing changed
(:mod:`mmru_graph.validation.passed`).

Every problem becomes a :class:`~mmru_graph.errors.Violation` (node,
property, message) with prefixed names, located at the ``FILE:LINE`` where
its node is described; all of them are raised together as one
:class:`~mmru_graph.errors.ValidationError`.
"""

from __future__ import annotations

import gc
import os
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.term import Node

from .errors import MmruError, NetworkRefusedError, QueryError, ValidationError, Violation
from .namespaces import OA, RDF, SH, prefixed
from .offline import offline, refused
from .quotes import check_quotes, source_texts
from .store.loading import graph_files, load_graph
from .store.location import resolve_graph_dir
from .store.query_check import prepare_query
from .validation.rules import event_classes, shown_term, sort_violations, structural_violations
from .validation.shapes import path_text

if TYPE_CHECKING:
    from .validation.passed import Added

__all__ = ["COMPACT_FROM", "ValidationReport", "check_shape_queries", "event_classes",
           "gc_paused", "shacl_violations", "structural_violations", "validate_graph"]

#: Bytes of graph files from which validation (and so the build) holds the graph in
#: the compact store (:mod:`mmru_graph.store.compact`, a fifth of rdflib's memory;
#: the same answers): about 45,000 triples. Below it, rdflib's Memory store,
#: without numpy's import (0.1 s, a quarter of validating the article).
COMPACT_FROM = 2 << 20


@dataclass(frozen=True)
class ValidationReport:
    """What :func:`validate_graph` checked, when everything passed.

    Attributes
    ----------
    graph_dir : Path
        The graph directory validated.
    files : list of Path
        The Turtle files parsed (shapes last).
    triples : int
        Triples of the data graph (ontology + sources + data).
    annotations : int
        ``oa:Annotation`` nodes.
    quotes : int
        Quote targets checked against the source texts.
    shapes : int
        SHACL node shapes applied.
    warnings : list of Violation
        SHACL results of severity ``sh:Warning`` or ``sh:Info`` (they do not
        fail validation).
    seconds : float
        Wall time of the validation.
    graph : rdflib.Graph
        The validated data graph, so a build need not parse it again.
    texts : dict
        The stored source texts by article IRI.
    shacl : str
        How much was checked again (``SHACL re-checked 1 of 4 sources; quotes and
        rules re-checked for 1 added file (12 statements)``): a source whose inputs
        did not change keeps its cached SHACL results, and the quotes and rules are
        checked only where added files could break them
        (:mod:`mmru_graph.validation.passed`).
    """

    graph_dir: Path
    files: list[Path]
    triples: int
    annotations: int
    quotes: int
    shapes: int
    warnings: list[Violation]
    seconds: float
    graph: Graph = field(repr=False, compare=False)
    texts: dict[URIRef, str] = field(repr=False, compare=False)
    shacl: str = ""

    def summary(self) -> str:
        """One line: ``OK: N triples, M annotations checked (…); SHACL re-checked …``."""
        return (f"OK: {self.triples} triples, {self.annotations} annotations checked "
                f"({self.quotes} quotes, {self.shapes} shapes)"
                + (f"; {self.shacl}" if self.shacl else ""))


# --------------------------------------------------------------------------
# SHACL
# --------------------------------------------------------------------------
def _component(results: Graph, result: Node) -> str:
    """The constraint a result breaks, as its SHACL keyword (``sh:or``, ``sh:class``)."""
    component = results.value(result, SH.sourceConstraintComponent)
    if not isinstance(component, URIRef) or not component.startswith(str(SH)):
        return prefixed(component) if component is not None else "(node)"
    name = component[len(str(SH)):].removesuffix("ConstraintComponent")
    return "sh:" + name[:1].lower() + name[1:]


def _result_message(results: Graph, result: Node) -> str:
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    message = "; ".join(messages)
    if not message:
        message = f"breaks {_component(results, result)}"
    value = results.value(result, SH.value)
    focus = results.value(result, SH.focusNode)
    if value is not None and value != focus and not isinstance(value, BNode):
        shown = prefixed(value) if isinstance(value, URIRef) else value.n3()
        if shown not in message:
            message += f" (value {shown})"
    return message


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().split("\n", 1)[0].strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _plain(graph: Graph) -> Graph:
    """A plain ``Graph`` of a ``Dataset``'s union (pyshacl hashes the graphs it is
    given, and a ``Dataset``'s hash reads its deprecated ``identifier``)."""
    if not isinstance(graph, Dataset):
        return graph
    plain = Graph(bind_namespaces="none")
    plain += graph.triples((None, None, None))
    for prefix, namespace in graph.namespaces():
        plain.bind(prefix, namespace, override=True)
    return plain


def _shapes_failure(exc: BaseException) -> MmruError:
    """The one-line error for pyshacl failing on the shapes (or being stopped)."""
    if refused(exc) or "network access refused" in str(exc):
        detail = str(exc).split("network access refused", 1)[-1].split("\n", 1)[0]
        return NetworkRefusedError(f"network access refused{detail}")
    return ValidationError([Violation("shapes", "(shapes graph)",
                                      f"the shapes are malformed: {_first_line(exc)}")])


def _shape_name(shapes: Graph, node: Node) -> str:
    """The name of the shape a SHACL-SPARQL query belongs to (``[]`` if anonymous)."""
    for _ in range(5):
        if isinstance(node, URIRef):
            return prefixed(node)
        parent = next(iter(shapes.subjects(None, node)), None)
        if parent is None:
            break
        node = parent
    return "[]"


def check_shape_queries(shapes: Graph) -> None:
    """Pass every SHACL-SPARQL query of the shapes through the query gate.

    ``sh:select`` and ``sh:ask`` queries (constraints and constraint
    components) are parsed by :func:`mmru_graph.store.query_check.prepare_query`,
    the same gate as a user's query: a malformed one is reported, and
    ``SERVICE``, ``FROM`` and updates are refused after parsing, so escapes
    (``SERV\\u0049CE``) cannot hide them. ``sh:construct`` and ``sh:update``
    (SHACL rules, which would change the data) are refused outright.
    Prefixes declared with ``sh:declare`` count as declared.

    Raises
    ------
    ValidationError
        One violation per offending query: the shape, the property, why.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> shapes = new_graph().parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <https://e.org/s> sh:sparql [ sh:select
    ...   "SELECT $this WHERE { SERV\\\\u0049CE <http://127.0.0.1:9/> { $this ?p ?o } }" ] .
    ... ''')
    >>> check_shape_queries(shapes)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.ValidationError: 1 violation:
      <https://e.org/s> sh:select: SERVICE <http://127.0.0.1:9/> is refused: queries may not ...
    """
    prefixes: dict[str, str] = {}
    for declaration in shapes.objects(None, SH.declare):
        prefix = shapes.value(declaration, SH.prefix)
        namespace = shapes.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            prefixes[str(prefix)] = str(namespace)
    problems = []
    for prop in (SH.select, SH.ask, SH.construct, SH.update):
        for subject, query in shapes.subject_objects(prop):
            if prop in (SH.construct, SH.update):
                problems.append(Violation(shown_term(subject), prefixed(prop),
                                          "SHACL rules are refused: validation only reads"))
                continue
            try:
                prepare_query(str(query), prefixes=prefixes)
            except QueryError as exc:
                problems.append(Violation(_shape_name(shapes, subject), prefixed(prop),
                                          str(exc)))
    if problems:
        raise ValidationError(sort_violations(problems))


def shacl_violations(data: Graph, shapes: Graph) -> tuple[list[Violation], list[Violation]]:
    """Validate ``data`` against ``shapes`` with pyshacl.

    Runs without inference: the ontology in ``data`` states the class
    hierarchy the shapes rely on, and ``sh:targetClass`` follows
    ``rdfs:subClassOf`` triples present in the data graph.

    Returns
    -------
    (violations, warnings) : two lists of Violation
        ``sh:Violation`` results, and ``sh:Warning`` / ``sh:Info`` ones,
        each sorted by node, property and message.

    Raises
    ------
    ValidationError
        If a SHACL-SPARQL query is malformed or refused
        (:func:`check_shape_queries`), or the shapes themselves are
        malformed (``sh:minCount "many"``): one violation saying so.

    Examples
    --------
    >>> from mmru_graph.store.loading import new_graph
    >>> data = new_graph().parse(format="turtle", data='''
    ... @prefix schema: <https://schema.org/> .
    ... @prefix id: <https://w3id.org/mmru-graph/id/> .
    ... id:putin a schema:Person ; schema:name "Vladimir Putin", "Putin" .
    ... ''')
    >>> shapes = new_graph().parse(format="turtle", data='''
    ... @prefix schema: <https://schema.org/> .
    ... @prefix sh: <http://www.w3.org/ns/shacl#> .
    ... [] a sh:NodeShape ; sh:targetClass schema:Person ;
    ...    sh:property [ sh:path schema:name ; sh:maxCount 1 ;
    ...                  sh:message "a person has exactly one schema:name" ] .
    ... ''')
    >>> violations, warnings = shacl_violations(data, shapes)
    >>> for v in violations:
    ...     print(v)
    id:putin schema:name: a person has exactly one schema:name
    """
    check_shape_queries(shapes)
    import pyshacl  # heavy: only when validating

    data, shapes = _plain(data), _plain(shapes)

    try:
        with offline():
            _conforms, results, _text = pyshacl.validate(
                data, shacl_graph=shapes, inference="none", advanced=False,
                abort_on_first=False, allow_warnings=True, allow_infos=True,
                do_owl_imports=False)
    except MmruError:
        raise
    except Exception as exc:  # pyshacl's ShapeLoadError, ConstraintLoadError, ...
        raise _shapes_failure(exc) from None
    if isinstance(results, BaseException):  # pyshacl returns some failures instead
        raise _shapes_failure(results)
    violations: set[Violation] = set()
    warnings: set[Violation] = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = path_text(results, results.value(result, SH.resultPath))
        if not path:
            path = _component(results, result)
        found = Violation(prefixed(focus) if focus is not None else "(unknown)", path,
                          _result_message(results, result))
        severity = results.value(result, SH.resultSeverity)
        (violations if severity in (None, SH.Violation) else warnings).add(found)
    return sort_violations(violations), sort_violations(warnings)


# --------------------------------------------------------------------------
# Where a node is written
# --------------------------------------------------------------------------
def _locate_subjects(files: Iterable[Path], names: set[str]) -> dict[str, str]:
    """``FILE:LINE`` of the line where each prefixed name starts a subject block.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "data.ttl"
    >>> _ = path.write_text("id:ev-1 oa:hasBody id:a ,\\n    id:b .\\nid:b a schema:Place .\\n")
    >>> [where.rsplit("/", 1)[1] for where in _locate_subjects([path], {"id:b"}).values()]
    ['data.ttl:3']
    """
    wanted = {name for name in names if re.fullmatch(r"[a-z]+:\S+", name)}
    found: dict[str, str] = {}
    if not wanted:
        return found
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, start=1):
            # A subject starts its line; an indented name is an object in a list.
            head = line.split(None, 1)[0] if line[:1].strip() else ""
            if head in wanted and head not in found:
                found[head] = f"{path}:{number}"
    return found


def _with_locations(violations: list[Violation], files: list[Path]) -> list[Violation]:
    where = _locate_subjects(files, {v.focus for v in violations})
    return sort_violations(replace(v, location=where.get(v.focus, "")) for v in violations)


# --------------------------------------------------------------------------
# The whole validation
# --------------------------------------------------------------------------
def validate_graph(graph_dir: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Parse, check quotes and offsets, and validate the shapes of a graph directory.

    Parameters
    ----------
    graph_dir : path, optional
        The graph directory (resolved as :func:`mmru_graph.paths.resolve_graph_dir`).

    Returns
    -------
    ValidationReport
        Counts of what was checked, and the parsed data graph.

    Raises
    ------
    GraphNotFoundError
        The directory, ``ontology.ttl``, ``shapes.ttl``, the data or a
        source text is missing.
    GraphSyntaxError
        A Turtle file does not parse (``FILE:LINE: message``).
    ValidationError
        Every violation found: quotes, offsets, shapes and structure.

    Examples
    --------
    A copy of the test suite's small three-source corpus (invented sources)
    with the project's ontology and shapes (from a source checkout):

    >>> import pathlib, shutil, tempfile
    >>> import mmru_graph
    >>> from mmru_graph.store.location import resolve_graph_dir
    >>> fixture = pathlib.Path(mmru_graph.__file__).parents[2] / "tests/fixtures/multi_source"
    >>> graph_dir = shutil.copytree(fixture, pathlib.Path(tempfile.mkdtemp()) / "graph")
    >>> _ = shutil.copyfile(resolve_graph_dir() / "ontology.ttl", graph_dir / "ontology.ttl")
    >>> _ = shutil.copyfile(resolve_graph_dir() / "shapes.ttl", graph_dir / "shapes.ttl")
    >>> validate_graph(graph_dir).summary()  # doctest: +ELLIPSIS
    'OK: ... triples, 4 annotations checked (4 quotes, ... shapes); SHACL ...'

    A quote that is not in its source's text fails, naming file and line:

    >>> facts = graph_dir / "data" / "source-fixture-gamma" / "facts.ttl"
    >>> _ = facts.write_text(facts.read_text("utf-8").replace(
    ...     "Kyaw Zin Oo met President", "Kyaw Zin Oo snubbed President"), "utf-8")
    >>> validate_graph(graph_dir)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mmru_graph.errors.ValidationError: ...facts.ttl:...
    """
    with offline(), gc_paused():  # nothing below may reach the network: data, shapes, SHACL
        return _validate(graph_dir)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a graph is validated or built.

    Parsing and checking allocate millions of small objects, and the
    collector's passes over them (and over the loaded graph) cost about a
    sixth of a build's CPU. What validation and the build allocate forms no
    cycles worth collecting before the end (the peak memory is the same
    without the collector); reference counting frees the rest as usual.

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Everything allocated meanwhile is still in the youngest generation:
            # the first collection after gc.enable() would walk all of it (millions
            # of objects; about 20 s at 2M triples). Freezing, then unfreezing, moves
            # it to the oldest generation at once, where it is collected as usual;
            # not when the caller keeps objects frozen (a command's loaded graph,
            # cli.common): unfreezing would hand those back too.
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _shacl(base: Path, files: list[Path], data: Graph, shapes: Graph,
           digests: dict[str, str]) -> tuple[list[Violation], list[Violation], str]:
    """SHACL over each source's view: the fast path with its cache, else pyshacl per view.

    Both give the same results (tests/test_validation_fast.py); pyshacl runs
    when the shapes use something the fast path does not implement.
    """
    check_shape_queries(shapes)
    from .validation.cache import cached_shacl

    checked = cached_shacl(base, files, data, shapes, digests)
    if checked is not None:
        return list(checked.violations), list(checked.warnings), checked.note()
    from .sources.named import shacl_views

    violations: list[Violation] = []
    warnings: list[Violation] = []
    views = shacl_views(data)
    for view in views:  # each source with the shared entities
        shacl, view_warnings = shacl_violations(view, shapes)
        violations += shacl
        warnings += view_warnings
    return violations, warnings, f"SHACL (pyshacl) checked {len(views)} views"


def _rules(data: Graph, texts: dict[URIRef, str], added: Added | None) -> list[Violation] | None:
    """The quote checks and the structural rules: whole (``added`` None), or only what
    the added statements could break. ``None`` when a partial check finds anything,
    so that the whole check reports it exactly as it would any other time."""
    if added is None:
        return check_quotes(data, texts) + structural_violations(data)
    if not added.files:
        return []  # both passed on exactly these inputs
    found = check_quotes(data, texts, added.triples) + structural_violations(data, added.triples)
    return None if found else []


def _input_bytes(files: Iterable[Path]) -> int:
    """The graph files' total size (a missing one counts nothing: loading reports it)."""
    total = 0
    for path in files:
        with suppress(OSError):
            total += path.stat().st_size
    return total


def _validate(graph_dir: str | os.PathLike[str] | None) -> ValidationReport:
    started = time.perf_counter()
    base = resolve_graph_dir(graph_dir)
    files = graph_files(base, include_shapes=True)
    from .sources.draft import todo_violations

    todos = todo_violations(files)
    if todos:  # a draft not yet completed: nothing else is worth checking
        raise ValidationError(todos)
    data = load_graph(base, compact=_input_bytes(files) >= COMPACT_FROM)
    shapes = load_graph(files=files[-1:])
    texts = source_texts(data, base)
    from .validation.passed import remember_passed, since_passed
    from .validation.records import file_digests

    digests = file_digests(files)
    added = since_passed(base, digests, texts, data)
    rules = _rules(data, texts, added)
    if rules is None:  # checked whole: first time, a change, or a problem in what was added
        rules, added = _rules(data, texts, None) or [], None
    shacl, warnings, note = _shacl(base, files, data, shapes, digests)
    violations = rules + shacl
    from .sources.identity import duplicate_warnings

    warnings = sort_violations(set(warnings) | set(duplicate_warnings(data)))
    if violations:
        raise ValidationError(_with_locations(list(set(violations)), files))
    remember_passed(base, digests, texts)
    if added is not None:
        note = f"{note}; {added.note()}" if note else added.note()
    node_shapes = len(set(shapes.subjects(RDF.type, SH.NodeShape)))
    if not node_shapes:
        warnings = [Violation(str(files[-1]), "sh:NodeShape",
                              "no shapes defined: nothing was checked against SHACL"), *warnings]
    targets = set(data.subjects(RDF.type, OA.SpecificResource))
    targets.update(data.objects(None, OA.hasTarget))
    return ValidationReport(
        graph_dir=base, files=files, triples=len(data),
        annotations=len(set(data.subjects(RDF.type, OA.Annotation))),
        quotes=len(targets), shapes=node_shapes,
        warnings=_with_locations(warnings, files), seconds=time.perf_counter() - started,
        graph=data, texts=texts, shacl=note)
