"""The embedded Oxigraph store: written by ``build``, opened read-only by the queries.

``build`` writes ``graph.nq`` (every quad) and bulk-loads it into
``BUILD/store/`` (:func:`write_store`), with ``manifest.json`` saying which
source files, of what size, modification time and SHA-256, it was built
from. A query command uses the store by default while it is *fresh*
(:func:`store_is_fresh`): the same files, each with the same size and
modification time or, when only the time moved (a fresh checkout), the same
hash. Anything else and the commands read the Turtle files in memory. The
manifest also records each source folder's time: while none has moved, no
file was added or removed, and the check does not list the folders again.

pyoxigraph is imported only inside these functions (start-up stays light).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from rdflib import BNode, Graph, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Node

from ..errors import QueryError, QueryLimitError, StoreNotFoundError
from ..namespaces import PREFIXES
from .backends import Triple, ask_result, graph_result, select_result
from .labels import LABELS, Label, read_exact, read_labels, write_labels
from .staged_load import StagedLoad
from .terms import TermCache

__all__ = ["MANIFEST", "PROJECTIONS", "OxigraphBackend", "query_rows", "store_is_fresh",
           "write_store"]

MANIFEST = "manifest.json"
#: The folder of the projections ``build`` saves with the store
#: (:mod:`mmru_graph.projection.saved`).
PROJECTIONS = "projections"
#: Bumped when what the store holds changes shape, so older stores count as stale.
FORMAT = 2


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sources_manifest(graph_dir: Path, files: Sequence[Path]) -> dict[str, Any]:
    """What the store was built from: each file's name, size, mtime and hash, and
    the modification time of each folder listed for them (:func:`_folder_times`)."""
    folders = _folder_times(graph_dir)
    entries = []
    for path in files:
        stat = path.stat()
        entries.append({"file": _relative(graph_dir, path), "size": stat.st_size,
                        "mtime_ns": stat.st_mtime_ns, "sha256": _sha256(path)})
    manifest: dict[str, Any] = {"format": FORMAT, "files": entries}
    if folders is not None and _listing(graph_dir) == [e["file"] for e in entries] \
            and _folder_times(graph_dir) == folders:
        manifest["folders"] = folders
    return manifest


#: A folder changed this recently (ns) is not vouched for: a file added within
#: the same tick of the file system's clock would leave its time as it was.
_SETTLED_NS = 2_000_000_000


def _listing(graph_dir: Path) -> list[str]:
    from .loading import graph_file_names

    return graph_file_names(graph_dir)


def _folder_times(graph_dir: Path) -> dict[str, int] | None:
    """The modification time of every folder whose listing makes the graph's file
    list (``sources``, ``data`` and each folder in it), or None when one changed
    in the last two seconds.

    A folder's time moves whenever a name in it is added, removed or renamed: while
    none has moved, the files are those the manifest lists, and the freshness check
    stats them without listing the folders again (1,668 folders at 2M triples).
    """
    times: dict[str, int] = {}
    base = str(graph_dir)
    try:
        for name in ("sources", "data"):
            if os.path.isdir(os.path.join(base, name)):
                times[name] = os.stat(os.path.join(base, name)).st_mtime_ns
        if "data" in times:
            with os.scandir(os.path.join(base, "data")) as found:
                for entry in found:
                    if entry.is_dir():
                        times["data/" + entry.name] = entry.stat().st_mtime_ns
    except OSError:
        return None
    settled = time.time_ns() - _SETTLED_NS
    return times if all(t < settled for t in times.values()) else None


def _folders_unchanged(graph_dir: Path, folders: Mapping[str, int]) -> bool:
    prefix = os.path.join(str(graph_dir), "")
    try:
        return all(os.stat(prefix + name).st_mtime_ns == recorded
                   for name, recorded in folders.items())
    except OSError:
        return False


def _relative(graph_dir: Path, path: Path) -> str:
    # graph_files() lists paths under graph_dir: relative as written, with no
    # filesystem walk per file (resolve() costs seconds over thousands of sources).
    base, text = str(graph_dir) + os.sep, str(path)
    if text.startswith(base) and ".." not in path.parts:
        return text[len(base):].replace(os.sep, "/")
    try:
        return path.resolve().relative_to(graph_dir.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def store_is_fresh(store_dir: Path, graph_dir: Path,
                   files: Sequence[Path | str] | Callable[[], Sequence[str]]) -> bool:
    """Whether ``store_dir`` holds a store built from exactly ``files`` as they are now
    (paths, or names relative to ``graph_dir`` as
    :func:`~mmru_graph.store.loading.graph_file_names` gives them; or the function
    listing them, called only when a folder changed since the build).

    Examples
    --------
    >>> import tempfile
    >>> store_is_fresh(Path(tempfile.mkdtemp()), Path("."), [])
    False
    """
    try:
        manifest = json.loads((store_dir / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            return False
        recorded = {e["file"]: e for e in manifest["files"]}
        if callable(files):
            folders = manifest.get("folders")
            files = (list(recorded) if isinstance(folders, dict)
                     and _folders_unchanged(graph_dir, folders) else files())
        names = [p if isinstance(p, str) else _relative(graph_dir, p) for p in files]
        if len(recorded) != len(names) or not all(name in recorded for name in names):
            return False
        base = str(graph_dir)
        prefix = os.path.join(base, "")
        isabs = os.path.isabs
        for name in names:
            entry = recorded[name]
            # Plain strings: a path object (or os.path.join) per file costs more
            # than its stat.
            stat = os.stat(name if isabs(name) else prefix + name)
            if stat.st_size != entry["size"]:
                return False
            if (stat.st_mtime_ns != entry["mtime_ns"]
                    and _sha256(Path(base, name)) != entry["sha256"]):
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def write_store(quads_file: Path, store_dir: Path, manifest: Mapping[str, Any],
                graph: Graph | None = None, labels: Iterable[Label] | None = None,
                extras: Mapping[str, Callable[[Path], None]] | None = None,
                rows: Callable[[], tuple[Sequence[Node], Any, Any]] | None = None,
                load: StagedLoad | None = None) -> None:
    """Bulk-load ``quads_file`` (N-Quads) into a new store that replaces ``store_dir``.

    With ``graph`` (the same triples), also write the commands' bulk reads
    precomputed (:mod:`mmru_graph.store.snapshot`), from what ``rows()`` gives if
    given: the graph's distinct terms, its triples as an ``(n, 3)`` array of indexes
    into them and the quads as ``(n, 4)`` rows into the same terms (graph ``-1``, the
    default graph, left out of the named graphs), as ``build`` has them already
    (:class:`mmru_graph.sources.quads.SortedQuads`), so the graph is not walked twice
    more. ``rows`` is called once, and what it gave let go before ``extras`` are
    written (32 bytes a quad, and the terms' list); with ``labels``, every node's
    name, kind and aliases (:mod:`mmru_graph.store.labels`); ``extras`` maps
    more names inside the store's folder to functions that write them (the
    saved projections, :mod:`mmru_graph.projection.saved`, from a layer
    above). The store is written next to the target and renamed into place,
    so a failed load leaves the previous store as it was, and everything in
    its folder always describes the same graph. ``load``, the bulk load of
    ``quads_file`` already started next to ``store_dir`` (:class:`StagedLoad`), is
    waited for instead of loading the file here.
    """
    load = load if load is not None else StagedLoad(quads_file, store_dir)
    staging = load.staging
    old = store_dir.parent / f".{store_dir.name}-old-{staging.name}"
    try:
        load.wait()
        if graph is not None:
            from .snapshot import (
                LINKS,
                SNAPSHOT,
                named_rows,
                numbered_triples,
                write_links_rows,
                write_snapshot_rows,
            )
            if rows is not None:
                nodes, triples, quads = rows()
                link_nodes = nodes
            else:
                nodes, triples = numbered_triples(graph)
                # A graph name no triple holds extends the links file's terms only.
                quads, link_nodes = named_rows(graph, nodes)
            write_snapshot_rows(nodes, triples, staging / SNAPSHOT)
            write_links_rows(link_nodes, triples, staging / LINKS, quads)
            del nodes, triples, quads, link_nodes
        if labels is not None:
            write_labels(labels, staging / LABELS)
        for name, write in (extras or {}).items():
            write(staging / name)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if store_dir.exists():
            store_dir.rename(old)
        staging.rename(store_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old.exists() and not store_dir.exists():
            old.rename(store_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _at_most(items: Iterable[Any], max_rows: int | None) -> Iterator[Any]:
    for count, item in enumerate(items):
        if max_rows is not None and count >= max_rows:
            raise QueryLimitError(f"query stopped: its result exceeds the row limit "
                                  f"({max_rows} rows)", "rows", max_rows)
        yield item


def query_rows(store_dir: str, text: str, kind: str, bindings: Mapping[str, Identifier],
               max_rows: int | None) -> tuple[str, list[Any] | None, Any]:
    """Open the store at ``store_dir`` read-only and run one query; a picklable answer.

    What a query worker runs (:mod:`mmru_graph.sparql.limits`): the worker
    opens the store itself rather than inheriting the caller's. Returns
    ``(kind, variables, rows)`` for SELECT (rows as dicts of variable to
    term), ``("ASK", None, bool)``, or ``(kind, None, triples)``.
    """
    result = OxigraphBackend(store_dir).query(text, kind, bindings, max_rows)
    if kind == "ASK":
        return ("ASK", None, bool(result.askAnswer))
    if kind == "SELECT":
        return ("SELECT", list(result.vars or []), [dict(row) for row in result.bindings])
    return (kind, None, list(cast(Graph, result.graph)))


def _oxigraph_term(node: Node) -> Any:
    """An IRI or blank node as a pyoxigraph term (None for a literal: never a subject)."""
    import pyoxigraph as ox

    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    return None


def _is_default(name: Any) -> bool:
    import pyoxigraph as ox

    return isinstance(name, ox.DefaultGraph)


class OxigraphBackend:
    """An Oxigraph store on disk, opened read-only."""

    kind = "oxigraph"

    def __init__(self, store_dir: str | Path) -> None:
        self.location = str(store_dir)
        self._data = Path(store_dir) / "data"
        if not self._data.is_dir():
            raise StoreNotFoundError(f"{store_dir}: no Oxigraph store (build the graph first)")
        self._store: Any = None
        self._terms = TermCache()
        self._snapshot_file: Path | None = Path(store_dir) / "triples.marshal"
        self._snapshot: Any = None
        self._links_file: Path | None = Path(store_dir) / "links.sqlite"
        self._linked: Any = None

    @property
    def store(self) -> Any:
        """The pyoxigraph store, opened read-only on first use (bulk reads that the
        build's snapshot answers never open it)."""
        if self._store is None:
            import pyoxigraph as ox

            try:
                self._store = ox.Store.read_only(str(self._data))
            except OSError as exc:
                raise StoreNotFoundError(
                    f"{self.location}: cannot open the Oxigraph store: {exc}") from None
        return self._store

    def triples(self, predicates: Sequence[URIRef] | None,
                exclude: Sequence[URIRef] = ()) -> Iterable[Triple]:
        if self._snapshot is None and self._snapshot_file is not None:
            from .snapshot import Snapshot
            try:
                self._snapshot = Snapshot(self._snapshot_file)
            except (OSError, ValueError, EOFError, TypeError):
                self._snapshot_file = None  # missing or unreadable: read the store itself
        if self._snapshot is not None:
            return cast(Iterable[Triple], self._snapshot.triples(predicates, exclude))
        import pyoxigraph as ox

        term = self._terms
        seen: set[tuple[Any, Any, Any]] = set()
        found: list[Triple] = []
        if predicates is None:
            skip = {ox.NamedNode(str(p)) for p in exclude}
            patterns: Iterable[Any] = [None]
        else:
            skip = set()
            patterns = [ox.NamedNode(str(p)) for p in predicates]
        for pattern in patterns:
            for quad in self.store.quads_for_pattern(None, pattern, None, None):
                if skip and quad.predicate in skip:
                    continue
                key = (quad.subject, quad.predicate, quad.object)
                if key in seen:  # the same triple in several named graphs
                    continue
                seen.add(key)
                found.append((term(key[0]), term(key[1]), term(key[2])))
        return found

    def labels(self, kinds: Iterable[str] | None = None) -> list[Label] | None:
        """Every node's (of ``kinds``, if given) name, kind and aliases as ``build``
        wrote them, or None."""
        return read_labels(Path(self.location) / LABELS, kinds)

    def exact_labels(self, folded: str, kinds: Iterable[str] | None = None) -> list[Label] | None:
        """The label rows (of ``kinds``, if given) with ``folded`` as their folded name
        or one folded alias, as ``build`` wrote them, or None when it wrote none."""
        return read_exact(Path(self.location) / LABELS, folded, kinds)

    def projections(self) -> Path:
        """Where ``build`` saved the whole store's projections (a part of the store,
        such as a neighbourhood, has no such method: its projections differ)."""
        return Path(self.location) / PROJECTIONS

    def _links(self) -> Any:
        """The build's links file (:class:`mmru_graph.store.snapshot.Links`), or None."""
        if self._links_file is not None and self._linked is None:
            from .snapshot import Links
            try:
                self._linked = Links(self._links_file)
            except (OSError, ValueError, EOFError, TypeError):
                self._links_file = None  # missing or unreadable: ask the store itself
        return self._linked

    def about(self, nodes: Iterable[Node], incoming: bool = False,
              predicate: URIRef | None = None) -> list[Triple]:
        """Every distinct triple from (``incoming``: to) one of ``nodes``, of ``predicate``
        if given, in any graph (:class:`mmru_graph.store.focus.NodeLookup`): from the
        build's links file, else from the store's indexes (slow: a string lookup per term)."""
        links = self._links()
        if links is not None:
            return cast(list[Triple], links.about(nodes, incoming, predicate))
        link = _oxigraph_term(predicate) if predicate is not None else None
        return self._distinct(
            self.store.quads_for_pattern(*((None, link, term) if incoming else (term, link, None)),
                                         None)
            for term in map(_oxigraph_term, nodes) if term is not None)

    def with_predicates(self, predicates: Sequence[URIRef]) -> list[Triple]:
        """Every distinct triple of these predicates, in any graph."""
        links = self._links()
        if links is not None:
            return cast(list[Triple], links.with_predicates(predicates))
        import pyoxigraph as ox

        return self._distinct(self.store.quads_for_pattern(None, ox.NamedNode(str(p)), None, None)
                              for p in predicates)

    def iris_starting(self, prefix: str) -> list[URIRef] | None:
        """Every IRI of the store that starts with ``prefix`` (sorted), from the build's
        links file; None without one (the store itself can only list them all)."""
        links = self._links()
        return None if links is None else cast(list[URIRef], links.iris_starting(prefix))

    # -- which source states what (each source's named graph) -----------------
    def graphs_holding(self, subject: Node, predicate: Node | None, obj: Node | None
                       ) -> list[Node]:
        """The named graphs stating a triple of this pattern (None: any term)."""
        links = self._links()
        if links is not None:
            return cast(list[Node], links.graphs_holding(subject, predicate, obj))
        pattern = [_oxigraph_term(t) if t is not None else None
                   for t in (subject, predicate, obj)]
        if any(t is None and given is not None
               for t, given in zip(pattern, (subject, predicate, obj), strict=True)):
            return []
        names = {q.graph_name for q in self.store.quads_for_pattern(*pattern, None)}
        term = self._terms
        return [term(name) for name in names if not _is_default(name)]

    def has_named_graphs(self) -> bool:
        """Whether any named graph holds a statement."""
        links = self._links()
        if links is not None:
            return bool(links.has_named_graphs())
        return any(True for _name in self.store.named_graphs())

    def graph_sizes(self) -> dict[Node, int]:
        """How many statements each named graph holds."""
        links = self._links()
        if links is not None:
            return cast(dict[Node, int], links.graph_sizes())
        return dict(Counter(quad[3] for quad in self.named_quads()))

    def named_quads(self) -> list[tuple[Node, Node, Node, Node]]:
        """Every quad of the named graphs (subject, predicate, object, graph name)."""
        links = self._links()
        if links is not None:
            return cast(list[tuple[Node, Node, Node, Node]], links.named_quads())
        term = self._terms
        return [(term(q.subject), term(q.predicate), term(q.object), term(q.graph_name))
                for q in self.store.quads_for_pattern(None, None, None, None)
                if not _is_default(q.graph_name)]

    def quads_about(self, nodes: Iterable[Node], incoming: bool = False,
                    predicate: URIRef | None = None) -> list[tuple[Node, Node, Node, Node | None]]:
        """Every quad from (``incoming``: to) one of ``nodes``, of ``predicate`` if given,
        with its graph (None: the default graph), from the store's indexes: what a view
        of some sources reads (:mod:`mmru_graph.store.kept`), with the terms the whole
        view is made of (:meth:`statements_in`)."""
        link = _oxigraph_term(predicate) if predicate is not None else None
        return self._quads((None, link, term, None) if incoming else (term, link, None, None)
                           for term in map(_oxigraph_term, dict.fromkeys(nodes))
                           if term is not None)

    def quads_with(self, predicates: Iterable[URIRef], graphs: Iterable[Node | None] | None = None
                   ) -> list[tuple[Node, Node, Node, Node | None]]:
        """Every quad of these predicates, with its graph (None: the default graph); of
        ``graphs`` only, when given (None among them: the default graph), each read in
        its own index range."""
        import pyoxigraph as ox

        names: list[Any] = [None] if graphs is None else [
            ox.DefaultGraph() if g is None else _oxigraph_term(g) for g in dict.fromkeys(graphs)]
        return self._quads((None, ox.NamedNode(str(p)), None, name)
                           for p in dict.fromkeys(predicates) for name in names
                           if graphs is None or name is not None)

    def stated_about(self, nodes: Iterable[Node], incoming: bool = False,
                     predicate: URIRef | None = None
                     ) -> list[tuple[Node, Node, Node, list[Node]]] | None:
        """Every triple from (``incoming``: to) one of ``nodes`` with the named graphs
        stating it, from the build's links file
        (:meth:`mmru_graph.store.snapshot.Links.stated_about`); None without one."""
        links = self._links()
        return None if links is None else cast(list[tuple[Node, Node, Node, list[Node]]],
                                                links.stated_about(nodes, incoming, predicate))

    def stated_with(self, predicates: Sequence[URIRef]
                    ) -> list[tuple[Node, Node, Node, list[Node]]] | None:
        """Every triple of these predicates with the named graphs stating it, from the
        build's links file; None without one."""
        links = self._links()
        return None if links is None else cast(list[tuple[Node, Node, Node, list[Node]]],
                                                links.stated_with(predicates))

    def in_default_graph(self, triple: Triple) -> bool:
        """Whether the default graph itself states ``triple`` (one with a blank node never
        is, when a named graph does: each file is parsed with blank nodes of its own)."""
        import pyoxigraph as ox

        from .terms import oxigraph_term

        if any(isinstance(t, BNode) for t in triple):
            return False
        return any(True for _q in self.store.quads_for_pattern(
            *(oxigraph_term(t) for t in triple), ox.DefaultGraph()))

    def _quads(self, patterns: Iterable[tuple[Any, Any, Any, Any]]
               ) -> list[tuple[Node, Node, Node, Node | None]]:
        term = self._terms
        found: dict[tuple[Node, Node, Node, Node | None], None] = {}
        for pattern in patterns:
            for quad in self.store.quads_for_pattern(*pattern):
                graph = None if _is_default(quad.graph_name) else term(quad.graph_name)
                found[(term(quad.subject), term(quad.predicate), term(quad.object), graph)] = None
        return list(found)

    def statements_in(self, name: Node | None) -> list[Triple]:
        """The statements of one graph of the store: the named graph ``name``, or the
        default graph for None (the shared entities and the source descriptions).

        One index range each: a source's facts without reading any other's, for
        ``--source`` (:func:`mmru_graph.sources.named.restrict`).
        """
        import pyoxigraph as ox

        graph = ox.DefaultGraph() if name is None else _oxigraph_term(name)
        if graph is None:  # a literal names no graph
            return []
        term = self._terms
        return [(term(q.subject), term(q.predicate), term(q.object))
                for q in self.store.quads_for_pattern(None, None, None, graph)]

    def saved_file(self, name: str) -> Path:
        """Where ``build`` saved ``name`` with the store (it may be missing)."""
        return Path(self.location) / name

    def _distinct(self, groups: Iterable[Iterable[Any]]) -> list[Triple]:
        term = self._terms
        seen: set[tuple[Any, Any, Any]] = set()
        found: list[Triple] = []
        for quads in groups:
            for quad in quads:
                key = (quad.subject, quad.predicate, quad.object)
                if key not in seen:  # the same triple in several named graphs
                    seen.add(key)
                    found.append((term(key[0]), term(key[1]), term(key[2])))
        return found

    def query(self, text: str, kind: str, bindings: Mapping[str, Identifier],
              max_rows: int | None = None) -> Result:
        """Run a guarded query on the store; more than ``max_rows`` rows (or
        triples) stop it with :class:`~mmru_graph.errors.QueryLimitError`."""

        # VALUES at the head of the query's group, as for an endpoint: Oxigraph's
        # own substitutions refuse a variable the SELECT does not project.
        from .endpoint import bind_values

        try:
            answer = self.store.query(bind_values(text, bindings), prefixes=dict(PREFIXES),
                                      use_default_graph_as_union=True)
        except (SyntaxError, RuntimeError, ValueError) as exc:
            raise QueryError(f"Oxigraph could not run the query: {exc}") from None
        term = self._terms
        answer = cast(Any, answer)
        if kind == "ASK":
            return ask_result(bool(answer))
        if kind in ("CONSTRUCT", "DESCRIBE"):
            return graph_result(kind, ((term(t.subject), term(t.predicate), term(t.object))
                                       for t in _at_most(answer, max_rows)))
        from rdflib import Variable

        names = [v.value for v in answer.variables]
        keys = [Variable(n) for n in names]
        rows = []
        for solution in _at_most(answer, max_rows):
            row = {}
            for key, name in zip(keys, names, strict=True):
                value = solution[name]
                if value is not None:
                    row[key] = term(value)
            rows.append(row)
        return select_result(names, rows)

