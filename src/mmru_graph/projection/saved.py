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
not used, its projections are computed afresh. The table's heavier parts
(the triple index, the evidence by node, the class table and the model) are
computed from the graph only if something asks for them.
"""

from __future__ import annotations

import hashlib
import marshal
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..store.backends import backend_of
from ..store.oxigraph import PROJECTIONS

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

    from .nodes import NodeTable

__all__ = ["FOLDER", "SavedProjections", "code_digest", "saved_projections",
           "write_projections"]

#: The folder inside the store that holds the projections.
FOLDER = PROJECTIONS
_TABLE, _ACTORS, _FULL = "table.marshal", "actors.marshal", "full.marshal"
#: The actor graph's links without their events (what a ranking reads).
_LINKS = "actor-links.marshal"
#: The modules whose code decides what the projections hold.
_CODE = ("projection/nodes.py", "projection/graphs.py", "projection/saved.py", "model.py",
         "dates.py", "evidence.py", "namespaces.py")

_loaded: weakref.WeakKeyDictionary[Any, SavedProjections | None] = weakref.WeakKeyDictionary()


def code_digest() -> str:
    """A digest of the code that computes the projections (see :data:`_CODE`)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(digest_size=16)
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes() + b"\0")
    return digest.hexdigest()


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


def _graph_to_plain(G: nx.Graph) -> tuple[Any, ...]:
    """An undirected graph as plain values: nodes, edge data, adjacency by edge number."""
    data = _EdgeData()
    adjacency = [(u, [(v, data.number(d)) for v, d in neighbours.items()])
                 for u, neighbours in G.adj.items()]
    return (dict(G.graph), list(G.nodes(data=True)), data.edges, adjacency)


def _graph_from_plain(plain: tuple[Any, ...]) -> nx.Graph:
    import networkx as nx

    graph_attrs, nodes, edges, adjacency = plain
    G = nx.Graph(**graph_attrs)
    G.add_nodes_from(nodes)
    adj = G._adj  # filled as add_edge would, so each node keeps its neighbour order
    for u, row in adjacency:
        for v, number in row:
            adj[u][v] = edges[number]
    return G


def _multidigraph_to_plain(G: nx.MultiDiGraph) -> tuple[Any, ...]:
    """A directed multigraph as plain values; successor and predecessor orders both kept."""
    data = _EdgeData()
    succ = [(u, [(v, [(key, data.number(d)) for key, d in keyed.items()])
                 for v, keyed in neighbours.items()])
            for u, neighbours in G._succ.items()]
    pred = [(v, list(neighbours)) for v, neighbours in G._pred.items()]
    return (dict(G.graph), list(G.nodes(data=True)), data.edges, succ, pred)


def _multidigraph_from_plain(plain: tuple[Any, ...]) -> nx.MultiDiGraph:
    import networkx as nx

    graph_attrs, nodes, edges, succ, pred = plain
    G = nx.MultiDiGraph(**graph_attrs)
    G.add_nodes_from(nodes)
    # As add_edge leaves them: one key dict per (u, v), shared by _succ and _pred.
    for u, row in succ:
        for v, keys in row:
            G._succ[u][v] = {key: edges[number] for key, number in keys}
    for v, sources in pred:
        for u in sources:
            G._pred[v][u] = G._succ[u][v]
    return G


# --------------------------------------------------------------------------
# Writing and reading
# --------------------------------------------------------------------------
def write_projections(graph: Graph, folder: Path, table: NodeTable | None = None) -> None:
    """Compute the node table (unless given, computed from ``graph``) and both
    projections of ``graph``; write them to ``folder``.

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
    """
    from .graphs import actor_graph, full_graph
    from .nodes import compute_node_table

    table = table if table is not None else compute_node_table(graph)
    folder.mkdir(parents=True, exist_ok=True)
    digest = code_digest()
    contacts = {iri: table.contact(iri) for iri, attrs in table.attrs.items()
                if attrs["kind"] == "event"}
    classes = {iri: str(cls) for iri, cls in table.classes.items()}
    sides = [(side.key, side.iri, side.label) for side in table.model.sides]
    (folder / _TABLE).write_bytes(marshal.dumps((digest, table.attrs, classes, contacts, sides)))
    actors = actor_graph(graph, table)
    (folder / _ACTORS).write_bytes(marshal.dumps((digest, _graph_to_plain(actors))))
    # The same links without their events, and nodes without attributes (the
    # table has them): a ranking reads no more.
    graph_attrs, nodes, edges, adjacency = _graph_to_plain(actors)
    light = [{k: v for k, v in data.items() if k != "events"} for data in edges]
    (folder / _LINKS).write_bytes(marshal.dumps(
        (digest, (graph_attrs, [n for n, _attrs in nodes], light, adjacency))))
    (folder / _FULL).write_bytes(
        marshal.dumps((digest, _multidigraph_to_plain(full_graph(graph, table)))))


class SavedProjections:
    """The projections in a folder :func:`write_projections` wrote.

    Raises ``ValueError`` (on first read) if they were written by other code.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._digest = code_digest()
        self._table: tuple[Any, ...] | None = None

    def _read(self, name: str) -> tuple[Any, ...]:
        digest, *content = marshal.loads((self.folder / name).read_bytes())
        if digest != self._digest:
            raise ValueError(f"{self.folder / name}: written by other code")
        return tuple(content)

    def _table_content(self) -> tuple[Any, ...]:
        if self._table is None:
            self._table = self._read(_TABLE)
        return self._table

    def table(self, graph: Graph) -> NodeTable:
        """The node table; its heavier parts are computed from ``graph`` on demand."""
        from ..model import Side
        from ..store.terms import trusted_iri
        from .nodes import NodeTable

        attrs, classes, contacts, sides = self._table_content()
        terms = {c: trusted_iri(c) for c in set(classes.values())}  # a few classes, many nodes
        return NodeTable.deferred(graph, attrs, {iri: terms[c] for iri, c in classes.items()},
                                  contacts, tuple(Side(*side) for side in sides), saved=self)

    def actor_graph(self) -> nx.Graph:
        """A fresh copy of the actor graph (callers may change it)."""
        return _graph_from_plain(self._read(_ACTORS)[0])

    def actor_links(self, table: NodeTable) -> nx.Graph:
        """The actor graph without the events of its links (``contact`` and
        ``weight`` only), its nodes' attributes from ``table``."""
        graph_attrs, nodes, edges, adjacency = self._read(_LINKS)[0]
        attrs = table.attrs
        return _graph_from_plain((graph_attrs, [(n, attrs[n]) for n in nodes], edges, adjacency))

    def full_graph(self) -> nx.MultiDiGraph:
        """A fresh copy of the full graph (callers may change it)."""
        return _multidigraph_from_plain(self._read(_FULL)[0])


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
        found._table_content()  # missing, damaged or written by other code: compute instead
    except (OSError, ValueError, EOFError, TypeError):
        _loaded[backend] = None
        return None
    _loaded[backend] = found
    return found
