"""The projections precomputed by ``build``, read back instead of recomputed.

At millions of triples, computing the node table and the actor and full
graphs is most of what ``path``, ``central`` and the page cost: every triple
is read into Python and walked. ``build`` therefore writes them once into the
Oxigraph store's folder (``store/projections/``, swapped in with the store,
so the two always describe the same graph), and :func:`node_table`,
:func:`~mmru_graph.projection.graphs.actor_graph` and
:func:`~mmru_graph.projection.graphs.full_graph` read them back when the
graph is that whole store (``--source`` reads the local graph and computes).

Read back, they are the same objects: every attribute, and every node's
neighbours in the same order (ties in paths and rankings fall the same way).
The files are :mod:`marshal` (plain values; loading runs no code) and carry
a digest of the code that computes them: a store written by other code is
not used, its projections are computed afresh; so is one whose files are not
the sizes they were written (the smallest file records them). The table's
heavier parts (the triple index, the evidence by node, the class table and
the model) are computed from the graph only if something asks for them.

Each question reads only what it prints. The node table's attributes are
read when first asked for; names, kinds, sides and folded labels come from a
small file per kind (actors, the rest). ``central --measure degree`` reads
the ranking saved for its graph kind. ``path`` searches the links alone
(the actor graph's contact and weight, the full graph's undirected view) and
then reads the events or statements of its hops only, stored in chunks
found by offset.
"""

from __future__ import annotations

import marshal
import weakref
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..code_digest import code_digest as digest_of
from ..errors import warn_stale
from ..model import ACTOR_KINDS
from ..store.backends import backend_of
from ..store.chunks import dump_chunks, load_chunks
from ..store.oxigraph import PROJECTIONS

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

    from .nodes import NodeTable

__all__ = ["FOLDER", "SavedProjections", "code_digest", "saved_projections",
           "write_projections"]

#: The folder inside the store that holds the projections.
FOLDER = PROJECTIONS
#: The node table and the full graph, each in chunks (``.marshal`` offsets, ``.data``).
_TABLE, _FULL = "table", "full"
#: What naming and a ranking read of the nodes: actors', every other node's.
_NAMES = ("names-actors.marshal", "names-other.marshal")
#: The actor graph's links without their events (what a ranking or a search
#: reads), and their events, each link's apart (``.marshal`` offsets, ``.data``).
_LINKS, _EVENTS = "actor-links.marshal", "actor-events"
#: The attributes of the actor graph's nodes, in its order.
_ACTOR_NODES = "actor-nodes.marshal"
#: The degree ranking of each graph kind (``actors``, ``full``).
_DEGREES = "degrees-{}.marshal"
#: The full graph's undirected simple view, links only (what a path's search
#: walks), and each node's statements apart (read for the hops of a path only).
_FULL_LINKS, _STATEMENTS = "full-links.marshal", "full-statements"
#: The modules whose code decides what the projections hold.
_CODE = ("projection/nodes.py", "projection/graphs.py", "projection/saved.py", "store/chunks.py",
         "model.py", "dates.py", "evidence.py", "namespaces.py", "folding.py")

_loaded: weakref.WeakKeyDictionary[Any, SavedProjections | None] = weakref.WeakKeyDictionary()


def code_digest() -> str:
    """A digest of the code that computes the projections (see :data:`_CODE`)."""
    return digest_of(_CODE)


# --------------------------------------------------------------------------
# networkx graphs as plain values, neighbour order kept
# --------------------------------------------------------------------------
class _EdgeData:
    """Each edge's data dict once, numbered in order of first sight (both
    directions of an edge share one dict)."""

    def __init__(self) -> None:
        self.edges: list[dict[str, Any]] = []
        self._numbers: dict[int, int] = {}

    def number(self, data: dict[str, Any]) -> int:
        found = self._numbers.get(id(data))
        if found is None:
            found = self._numbers[id(data)] = len(self.edges)
            self.edges.append(data)
        return found


def _write_multidigraph(path: Path, digest: str, G: nx.MultiDiGraph) -> None:
    """A directed multigraph in chunks (:func:`_write_sections`): nodes, successors
    with edge numbers, edge data, predecessors; nodes by number in the last three;
    successor and predecessor orders kept.

    Chunk by chunk rather than one value: at 10M triples, the plain copy of the
    full graph and its marshalled bytes were 1.6 GB above the build's base. Nodes
    by number, so that the graph read back holds each IRI once (a chunk's strings
    are its own: by name, each chunk's would be copies)."""
    numbers = {node: i for i, node in enumerate(G)}
    data = _EdgeData()
    _write_sections(path, digest, dict(G.graph), {
        "nodes": G.nodes(data=True),
        "succ": ((numbers[u], [(numbers[v], [(key, data.number(d)) for key, d in keyed.items()])
                               for v, keyed in neighbours.items()])
                 for u, neighbours in G._succ.items()),
        "edges": data.edges,  # complete once the successors are written
        "pred": ((numbers[v], [numbers[u] for u in neighbours])
                 for v, neighbours in G._pred.items())}, _WHOLE_CHUNK)


def _multidigraph_from_sections(sections: _Sections) -> nx.MultiDiGraph:
    import networkx as nx

    G = nx.MultiDiGraph(**sections.head)
    nodes = sections.all("nodes")
    G.add_nodes_from(nodes)
    node = [n for n, _attrs in nodes]
    edges = sections.all("edges")
    succ, pred = G._succ, G._pred
    # As add_edge leaves them: one key dict per (u, v), shared by _succ and _pred.
    for u, row in sections.all("succ"):
        after = succ[node[u]]
        for v, keys in row:
            after[node[v]] = {key: edges[number] for key, number in keys}
    for v, sources in sections.all("pred"):
        before, name = pred[node[v]], node[v]
        for u in sources:
            before[node[u]] = succ[node[u]][name]
    return G


def _links_to_plain(G: nx.Graph) -> tuple[Any, ...]:
    """An undirected graph as plain values, nodes numbered: graph attributes,
    nodes, edge data, and each node's neighbours as ``[neighbour, edge, ...]``
    numbers (compact: an IRI is written once)."""
    numbers = {node: i for i, node in enumerate(G)}
    data = _EdgeData()
    adjacency = []
    for neighbours in G.adj.values():
        row: list[int] = []
        for v, d in neighbours.items():
            row += (numbers[v], data.number(d))
        adjacency.append(row)
    return (dict(G.graph), list(G), data.edges, adjacency)


def _links_from_plain(plain: tuple[Any, ...], *, events: list[Any] | None = None,
                      node_attrs: dict[str, dict[str, Any]] | None = None) -> nx.Graph:
    """The graph :func:`_links_to_plain` gave, each edge's ``events`` added when given."""
    import networkx as nx

    graph_attrs, nodes, edges, adjacency = plain
    if events is not None:
        edges = [{"events": e, **d} for e, d in zip(events, edges, strict=True)]
    G = nx.Graph(**graph_attrs)
    G.add_nodes_from(nodes if node_attrs is None else ((n, node_attrs[n]) for n in nodes))
    adj = G._adj  # filled as add_edge would, so each node keeps its neighbour order
    node, edge = nodes.__getitem__, edges.__getitem__
    for u, row in zip(nodes, adjacency, strict=True):
        adj[u].update(zip(map(node, row[0::2]), map(edge, row[1::2]), strict=True))
    return G


# --------------------------------------------------------------------------
# Writing and reading
# --------------------------------------------------------------------------
def write_projections(graph: Graph, folder: Path, table: NodeTable | None = None, *,
                      written: Callable[[str], None] | None = None) -> None:
    """Compute the node table (unless given, computed from ``graph``) and both
    projections of ``graph``; write them to ``folder``.

    ``written``, if given, is called with ``"actors"``, then ``"full"``, once that
    projection is read for the last time here (``build`` lets the shared one go:
    :func:`~mmru_graph.projection.graphs.release_shared`).

    Examples
    --------
    >>> import tempfile
    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" .
    ... id:talks a mmru:Talks ; schema:name "Talks" ; schema:attendee id:ana, id:luis .
    ... ''')
    >>> folder = Path(tempfile.mkdtemp()) / "projections"
    >>> write_projections(g, folder)
    >>> saved = SavedProjections(folder)
    >>> A = saved.actor_graph()
    >>> sorted(A.nodes), A.edges["https://w3id.org/mmru-graph/id/ana",
    ...                          "https://w3id.org/mmru-graph/id/luis"]["contact"]
    (['https://w3id.org/mmru-graph/id/ana', 'https://w3id.org/mmru-graph/id/luis'], 'direct')
    >>> [(row[1], degree) for *row, degree in saved.degrees("actors")[1]]
    [('Ana Rojas', 1), ('Luis Quispe', 1)]
    """

    from .graphs import actor_graph, full_graph
    from .nodes import compute_node_table

    table = table if table is not None else compute_node_table(graph)
    folder.mkdir(parents=True, exist_ok=True)
    digest = code_digest()
    # In chunks, as every large file here: marshalled whole, the table was
    # 0.5 GB above the 10M build's base (the bytes and marshal's own index).
    _write_sections(folder / _TABLE, digest, None, {
        "attrs": table.attrs.items(),
        "classes": ((iri, str(cls)) for iri, cls in table.classes.items()),
        "contacts": ((iri, table.contact(iri)) for iri, attrs in table.attrs.items()
                     if attrs["kind"] == "event")}, _WHOLE_CHUNK)
    actors = actor_graph(graph, table)
    links = _links_to_plain(actors)
    # The links without their events (a ranking, a path's search read no
    # more); each link's events apart, read for the hops of a path only.
    # New dicts, not pop(): the actor graph may be shared (graphs.shared_projections).
    events = [data["events"] for data in links[2]]
    links = (*links[:2], [{k: v for k, v in data.items() if k != "events"}
                          for data in links[2]], links[3])
    (folder / _LINKS).write_bytes(marshal.dumps((digest, links)))
    # The actors' attributes apart: a whole actor graph reads no other node's.
    (folder / _ACTOR_NODES).write_bytes(
        marshal.dumps((digest, [table.attrs[node] for node in links[1]])))
    _write_blobs(folder / _EVENTS, digest, events)
    # Each file's plain copy goes before the next is made: at 10M triples each is a
    # gigabyte or more at the build's peak.
    del links, events
    actor_degrees = _degree_ranking(actors, table)
    del actors
    if written is not None:
        written("actors")
    full = full_graph(graph, table)
    _write_multidigraph(folder / _FULL, digest, full)
    nodes, count, adjacency, degrees = _undirected_plain(full)
    (folder / _FULL_LINKS).write_bytes(marshal.dumps((digest, (nodes, count, adjacency))))
    del adjacency
    _write_blobs(folder / _STATEMENTS, digest,
                 ([(v, list(keyed.items())) for v, keyed in full._succ[u].items()]
                  for u in nodes))
    del full
    if written is not None:
        written("full")
    full_degrees = _ranking(zip(nodes, degrees, strict=True), len(nodes), table)
    for kind, ranking in (("actors", actor_degrees), ("full", full_degrees)):
        (folder / _DEGREES.format(kind)).write_bytes(marshal.dumps((digest, ranking)))
    # Last, with the size of every other file: the check that a store's
    # projections are whole reads only this one.
    _write_names(table, folder, digest)


def _degree_ranking(G: nx.Graph, table: NodeTable) -> tuple[int, list[tuple[Any, ...]]]:
    """The node count and ``(iri, name, kind, side, degree)`` of every node,
    as a degree ranking orders them (most first, then by name)."""
    return _ranking(G.degree(), G.number_of_nodes(), table)


def _ranking(degrees: Iterable[tuple[str, int]], count: int, table: NodeTable
             ) -> tuple[int, list[tuple[Any, ...]]]:
    attrs = table.attrs
    rows = [(n, attrs[n]["name"], attrs[n]["kind"], attrs[n]["side"], degree)
            for n, degree in degrees]
    rows.sort(key=lambda row: (-row[4], row[1]))
    return count, rows


def _undirected_plain(full: nx.MultiDiGraph) -> tuple[list[Any], int, list[list[int]], list[int]]:
    """What ``_links_to_plain(undirected_links(full))`` holds (nodes, link count,
    adjacency as ``[neighbour, link, ...]`` numbers), and each node's degree there
    (a self-loop counts twice, as networkx counts it), without making that graph:
    at 10M triples its link dicts were most of the 0.6 GB the saved projections
    added to the build's peak.

    Examples
    --------
    >>> import networkx as nx
    >>> from mmru_graph.projection.graphs import undirected_links
    >>> full = nx.MultiDiGraph([("b", "a"), ("a", "c"), ("c", "a"), ("b", "b")])
    >>> nodes, count, adjacency, degrees = _undirected_plain(full)
    >>> nodes, count, adjacency, degrees
    (['b', 'a', 'c'], 3, [[1, 0, 0, 1], [0, 0, 2, 2], [1, 2]], [3, 2, 1])
    >>> walk = undirected_links(full)
    >>> _links_to_plain(walk)[1:] == (nodes, [{"weight": 1.0}] * count, adjacency)
    True
    >>> degrees == [degree for _node, degree in walk.degree()]
    True
    """
    nodes = list(full)
    numbers = {node: i for i, node in enumerate(nodes)}
    # A node's links in the order of their ends' IRIs, as undirected_links adds them.
    pairs = sorted({(u, v) if u < v else (v, u) for u, v in full.edges()})
    adjacency: list[list[int]] = [[] for _ in nodes]
    looped = set()
    for pair, (u, v) in enumerate(pairs):
        a, b = numbers[u], numbers[v]
        adjacency[a] += (b, pair)
        if a != b:
            adjacency[b] += (a, pair)
        else:
            looped.add(a)
    # Links numbered in order of first sight, node by node (as _links_to_plain does).
    link = array("i", [-1]) * len(pairs)
    count = 0
    for row in adjacency:
        for i in range(1, len(row), 2):
            if link[row[i]] < 0:
                link[row[i]] = count
                count += 1
            row[i] = link[row[i]]
    degrees = [len(row) // 2 + (i in looped) for i, row in enumerate(adjacency)]
    return nodes, count, adjacency, degrees


def _write_names(table: NodeTable, folder: Path, digest: str) -> None:
    """What naming, a path's hops and a ranking read of the nodes: actors'
    rows in one file, every other node's in another."""
    from ..folding import normalize
    from .nodes import place_label

    rows: dict[bool, list[tuple[Any, ...]]] = {True: [], False: []}
    for iri, attrs in table.attrs.items():
        event = attrs["kind"] == "event"
        rows[attrs["kind"] in ACTOR_KINDS].append((
            iri, attrs["name"], attrs["kind"], attrs["side"], list(attrs["aliases"]),
            attrs["date_label"], attrs["place"], place_label(table, iri) if event else "",
            [normalize(label) for label in (attrs["name"], *attrs["aliases"])]))
    head = ([(side.key, side.iri, side.label) for side in table.model.sides],
            {str(p): tuple(t) for p, t in table.model.sentences.items()},
            dict(table.model.contact_weights))
    (folder / _NAMES[1]).write_bytes(marshal.dumps((digest, rows[False])))
    sizes = {p.name: p.stat().st_size for p in folder.iterdir() if p.name != _NAMES[0]}
    (folder / _NAMES[0]).write_bytes(marshal.dumps((digest, (*head, sizes), rows[True])))


#: Items per chunk of a blob file: a hop reads one chunk; a whole read loads
#: few, and the strings items share are written once per chunk.
_CHUNK = 256
#: Items per chunk of a file only ever read whole (the table, the full graph):
#: fewer, larger chunks to load, each still small beside the whole file.
_WHOLE_CHUNK = 4096


def _write_sections(path: Path, digest: str, head: Any, sections: dict[str, Iterable[Any]],
                    chunk: int = _CHUNK) -> None:
    """Each section's items marshalled in chunks of ``chunk`` into ``path.data``, one
    after another; ``head``, ``chunk`` and each section's chunk offsets in ``path.marshal``.

    A chunk at a time: no plain copy of a whole section, nor its marshalled bytes,
    is ever in memory. Items are read a chunk at a time too (:class:`_Sections`)."""
    offsets: dict[str, list[int]] = {}
    with open(path.with_suffix(".data"), "wb") as out:
        end = 0
        for name, items in sections.items():
            ends = offsets[name] = [end]
            dump_chunks(out, items, chunk, ends)
            end = ends[-1]
    path.with_suffix(".marshal").write_bytes(marshal.dumps((digest, head, chunk, offsets)))


def _write_blobs(path: Path, digest: str, items: Iterable[Any]) -> None:
    """The items in chunks (:func:`_write_sections`, one section), read a chunk at a
    time when asked for (:meth:`_Sections.get`)."""
    _write_sections(path, digest, None, {"items": items})


class _Sections:
    """The sections :func:`_write_sections` wrote, each read a chunk at a time."""

    def __init__(self, path: Path, head: Any, chunk: int, offsets: dict[str, list[int]]
                 ) -> None:
        self.data, self.head, self.chunk, self.offsets = (path.with_suffix(".data"), head,
                                                          chunk, offsets)
        end = max((ends[-1] for ends in offsets.values()), default=0)
        if self.data.stat().st_size != end:
            raise ValueError(f"{self.data}: not the size its offsets say")

    def get(self, numbers: list[int], section: str = "items") -> list[Any]:
        """The items numbered ``numbers`` of ``section``."""
        offsets, size = self.offsets[section], self.chunk
        chunks: dict[int, list[Any]] = {}
        with open(self.data, "rb") as data:
            for chunk in sorted({number // size for number in numbers}):
                start, end = offsets[chunk], offsets[chunk + 1]
                data.seek(start)
                chunks[chunk] = marshal.loads(data.read(end - start))
        return [chunks[number // size][number % size] for number in numbers]

    def all(self, section: str = "items") -> list[Any]:
        """Every item of ``section``, in order."""
        offsets = self.offsets[section]
        with open(self.data, "rb") as data:
            data.seek(offsets[0])
            return load_chunks(data.read(offsets[-1] - offsets[0]), offsets, offsets[0])


class SavedProjections:
    """The projections in a folder :func:`write_projections` wrote.

    Raises ``ValueError`` (on first read) if they were written by other code.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._digest = code_digest()
        self._actor_names: tuple[Any, ...] | None = None
        self._rows: dict[str, tuple[Any, ...]] | None = None
        self._others: list[tuple[Any, ...]] | None = None
        self._plain_links: tuple[Any, ...] | None = None
        self._full_nodes: list[str] | None = None

    def _read(self, name: str) -> tuple[Any, ...]:
        digest, *content = marshal.loads((self.folder / name).read_bytes())
        if digest != self._digest:
            raise ValueError(f"{self.folder / name}: written by other code")
        return tuple(content)

    def check(self) -> None:
        """Raise if the projections are missing, cut short or written by other
        code (reads the smallest file, and the sizes of the others)."""
        for name, size in self._names_head()[0][3].items():
            if (self.folder / name).stat().st_size != size:
                raise ValueError(f"{self.folder / name}: not the size it was written")

    # ---- the node table --------------------------------------------------
    def _names_head(self) -> tuple[Any, ...]:
        if self._actor_names is None:
            head, rows = self._read(_NAMES[0])
            self._actor_names = (head, rows)
            self._rows = {row[0]: row for row in rows}
        return self._actor_names

    def _other_rows(self) -> list[tuple[Any, ...]]:
        if self._others is None:
            self._others = self._read(_NAMES[1])[0]
            assert self._rows is not None
            self._rows.update((row[0], row) for row in self._others)
        return self._others

    def row(self, iri: str) -> tuple[Any, ...] | None:
        """``(iri, name, kind, side, aliases, date_label, place, place_label,
        folded)`` of a node (``folded``: the name, then each alias, normalised),
        None if it is not one (the rows of nodes other than actors are read
        when first asked for)."""
        self._names_head()
        assert self._rows is not None
        found = self._rows.get(iri)
        if found is None and self._others is None:
            self._other_rows()
            found = self._rows.get(iri)
        return found

    def rows(self, actors_only: bool) -> list[tuple[Any, ...]]:
        """Every node's row (or every actor's), in the table's order of each file."""
        actors = self._names_head()[1]
        return list(actors) if actors_only else [*actors, *self._other_rows()]

    def sides(self) -> tuple[Any, ...]:
        """The sides, as ``(key, iri, label)``."""
        return tuple(tuple(side) for side in self._names_head()[0][0])

    def sentences(self) -> dict[str, tuple[str, str]]:
        """The model's sentences by predicate or relationship class IRI."""
        return dict(self._names_head()[0][1])

    def sentence_rules(self) -> Any:
        """A :class:`~mmru_graph.model.Model` holding only the saved sentences
        (what :func:`~mmru_graph.analysis.paths.statement_sentence` reads)."""
        from rdflib import URIRef

        from ..model import Model

        return Model(parents={}, kind_roots={}, contact_kinds={}, contact_weights={},
                     edges={}, relations={},
                     sentences={URIRef(p): (t[0], t[1]) for p, t in self.sentences().items()})

    def _sections(self, name: str) -> _Sections:
        return _Sections(self.folder / name, *self._read(name + ".marshal"))

    def table_parts(self) -> tuple[Any, ...]:
        """``(attrs, classes, contacts)`` of the whole table (the largest file)."""
        table = self._sections(_TABLE)
        return tuple(dict(table.all(part)) for part in ("attrs", "classes", "contacts"))

    def table(self, graph: Graph) -> NodeTable:
        """The node table: names, kinds and sides at hand, every attribute read
        when first asked for, the heavier parts computed from ``graph`` then."""
        from ..model import Side
        from .nodes import NodeTable

        self._names_head()
        return NodeTable.deferred(graph, tuple(Side(*side) for side in self.sides()), self)

    # ---- the graphs ------------------------------------------------------
    def degrees(self, kind: str) -> tuple[int, list[tuple[Any, ...]]]:
        """The degree ranking of the ``actors`` or ``full`` graph: its node count
        and ``(iri, name, kind, side, degree)`` of each node, most first, then by name."""
        count, rows = self._read(_DEGREES.format(kind))[0]
        return count, rows

    def _links(self) -> tuple[Any, ...]:
        if self._plain_links is None:
            self._plain_links = self._read(_LINKS)[0]
        return self._plain_links

    def _events(self) -> _Sections:
        return self._sections(_EVENTS)

    def actor_graph(self) -> nx.Graph:
        """A fresh copy of the actor graph (callers may change it)."""
        nodes = self._links()[1]
        return _links_from_plain(self._links(), events=self._events().all(),
                                 node_attrs=dict(zip(nodes, self._read(_ACTOR_NODES)[0],
                                                     strict=True)))

    def actor_links(self, table: NodeTable | None = None) -> nx.Graph:
        """The actor graph without the events of its links (``contact`` and
        ``weight`` only), its nodes' attributes from ``table`` (none without)."""
        return _links_from_plain(self._links(),
                                 node_attrs=table.attrs if table is not None else None)

    def link_events(self, pairs: list[tuple[str, str]]) -> list[list[Any]]:
        """The events of the actor graph's links ``pairs`` (each linked), in order."""
        _attrs, nodes, _edges, adjacency = self._links()
        wanted = {node for pair in pairs for node in pair}
        number = {node: i for i, node in enumerate(nodes) if node in wanted}
        edges = []
        for a, b in pairs:
            row, other = adjacency[number[a]], number[b]
            edges.append(next(row[i + 1] for i in range(0, len(row), 2) if row[i] == other))
        return self._events().get(edges)

    def full_links(self) -> nx.Graph:
        """The full graph's undirected simple graph (as
        :func:`~mmru_graph.projection.graphs.undirected_links` orders it), without node
        attributes, each link's data ``{"weight": 1.0}``."""
        nodes, count, adjacency = self._read(_FULL_LINKS)[0]
        self._full_nodes = nodes
        return _links_from_plain(({}, nodes, [{"weight": 1.0} for _ in range(count)],
                                  adjacency))

    def statements(self, pairs: list[tuple[str, str]]) -> nx.MultiDiGraph:
        """The part of the full graph that holds the statements between the
        nodes of each pair (either way round), those nodes with their ``name``,
        ``kind``, ``date_label`` and ``place``."""
        import networkx as nx

        if self._full_nodes is None:
            self._full_nodes = self._read(_FULL_LINKS)[0][0]
        ends = list(dict.fromkeys(node for pair in pairs for node in pair))
        wanted_ends = set(ends)
        number = {node: i for i, node in enumerate(self._full_nodes) if node in wanted_ends}
        blobs = self._sections(_STATEMENTS)
        part = nx.MultiDiGraph()
        for node in ends:
            row = self.row(node)
            assert row is not None
            part.add_node(node, name=row[1], kind=row[2], date_label=row[5], place=row[6])
        wanted = {(a, b) for pair in pairs for a, b in (pair, pair[::-1])}
        for u, successors in zip(ends, blobs.get([number[n] for n in ends]), strict=True):
            for v, keyed in successors:
                if (u, v) in wanted:
                    for key, data in keyed:
                        part.add_edge(u, v, key=key, **data)
        return part

    def full_graph(self) -> nx.MultiDiGraph:
        """A fresh copy of the full graph (callers may change it)."""
        return _multidigraph_from_sections(self._sections(_FULL))


def saved_projections(graph: Graph) -> SavedProjections | None:
    """The projections ``build`` saved for ``graph``, if it is a whole built store.

    None for any other graph (in memory, an endpoint, a store without them,
    or saved by other code): the caller computes.
    """
    backend = backend_of(graph)
    where = getattr(backend, "projections", None)
    if where is None:
        return None
    if backend in _loaded:
        return _loaded[backend]
    found = SavedProjections(where())
    try:
        found.check()  # missing, damaged or written by other code: compute instead
    except (OSError, ValueError, EOFError, TypeError) as exc:
        _loaded[backend] = None
        warn_stale(found.folder, "projections", exc)
        return None
    _loaded[backend] = found
    return found
