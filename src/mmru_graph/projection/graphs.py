"""The RDF graph projected into networkx: :func:`full_graph` and :func:`actor_graph`.

The projection follows ``docs/architecture.md`` (the binding contract the view
renders from) and reads every rule from the model the ontology declares
(:func:`mmru_graph.model.read_model`): which statements become edges
(``mmru:edgeLabel`` on properties, ``mmru:edgeSource``/``mmru:edgeTarget``
on relationship classes), which events link actors and how strongly
(``mmru:DirectContact``, ``mmru:CoAttendance``, ``mmru:contactWeight``).
The nodes and their attributes come from
:func:`mmru_graph.projection.nodes.node_table`.

Offices and accompaniments (statement nodes) become edges; claims stay out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from rdflib import Graph, URIRef
from rdflib.term import Node

from .. import model
from ..dates import sort_key
from ..namespaces import MMRU, PROV, RDF, SCHEMA
from ..store.index import TripleIndex
from .links import Links
from .nodes import NodeTable, node_table, place_label

if TYPE_CHECKING:
    import networkx as nx

# networkx is imported inside the functions that make its graphs: `met` reads an
# actor's links without it (:func:`counterparts`), a fifth of a second sooner.

__all__ = ["actor_graph", "actor_links", "counterparts", "event_record", "full_graph",
           "full_links", "participants", "reified_edges", "release_shared", "shared_projections",
           "undirected_links"]

#: The projections made while :func:`shared_projections` is active, by
#: (projection, graph, table); each entry keeps its graph and table alive.
_shared: dict[tuple[str, int, int], tuple[Graph, NodeTable, Any]] | None = None


@contextmanager
def shared_projections() -> Iterator[None]:
    """Within this block, :func:`full_graph` and :func:`actor_graph` of the same
    graph and node table are made once and handed to every caller.

    ``build`` writes GraphML, the page and the saved projections from the same
    two projections (each about 25 s at 2M triples). The callers only read them:
    a caller that changed one would change it for the next.

    Examples
    --------
    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> from mmru_graph.projection.nodes import node_table
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... ''')
    >>> table = node_table(g)
    >>> with shared_projections():
    ...     full_graph(g, table) is full_graph(g, table)
    True
    >>> full_graph(g, table) is full_graph(g, table)
    False
    """
    global _shared
    outer, _shared = _shared, ({} if _shared is None else _shared)
    try:
        yield
    finally:
        _shared = outer


def release_shared(name: str, graph: Graph, table: NodeTable) -> None:
    """Let the shared projection ``name`` (``"full"`` or ``"actors"``) of ``graph`` and
    ``table`` go: its last reader is done (``build``, once the saved projections are
    written: at 10M triples each is gigabytes). A later call makes it anew.

    Examples
    --------
    >>> from mmru_graph.projection.nodes import node_table
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph()
    >>> table = node_table(g)
    >>> with shared_projections():
    ...     first = actor_graph(g, table)
    ...     release_shared("actors", g, table)
    ...     actor_graph(g, table) is first
    False
    """
    if _shared is not None:
        _shared.pop((name, id(graph), id(table)), None)


def _made_once(name: str, graph: Graph, table: NodeTable | None, make: Any) -> Any:
    """``make()``, or what it gave before for the same graph and table within
    :func:`shared_projections`."""
    if _shared is None or table is None:
        return make()
    key = (name, id(graph), id(table))
    found = _shared.get(key)
    if found is None:
        found = _shared[key] = (graph, table, make())
    return found[2]

def full_graph(graph: Graph, table: NodeTable | None = None) -> nx.MultiDiGraph:
    """Entities and events as nodes, statements as edges.

    One edge per statement of a predicate with a ``mmru:edgeLabel``
    (direction as in RDF, key the predicate IRI) and one per relation node of
    a class with a ``mmru:edgeSource`` (offices, accompaniments, control; key
    the relation node's IRI). The graph's ``sides`` (``[{"key", "iri",
    "label"}]``, :func:`mmru_graph.model.read_sides`) are in ``G.graph``.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph (:func:`mmru_graph.load_graph`).
    table : NodeTable, optional
        A :func:`node_table` already computed for ``graph``.

    Returns
    -------
    networkx.MultiDiGraph
        Node ids are IRI strings; node attributes and edge attributes
        (``predicate``, ``label``, ``inverse_label``, ``evidence``,
        ``inferred``, ``attributed_to`` (the ``prov:wasAttributedTo`` names
        of the statement's event or relation node), and ``statement`` for
        relation nodes) as in ``docs/architecture.md``.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:chile a schema:Country ; schema:name "Chile" .
    ... id:army a mmru:ArmedForces ; schema:name "Army" .
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... id:parade a mmru:Parade ; schema:name "Parade" ; schema:startDate "2022-06-01"^^xsd:date ;
    ...     schema:attendee id:ana .
    ... id:coup a mmru:Coup ; schema:name "Coup" ; schema:agent id:army ;
    ...     schema:location id:chile ; mmru:inferredProperty schema:location .
    ... ''')
    >>> G = full_graph(g)
    >>> parade, ana = str(ID.parade), str(ID.ana)
    >>> G.nodes[parade]["kind"], G.nodes[parade]["start"]
    ('event', '2022-06-01')
    >>> [(d["label"], d["inverse_label"]) for d in G.get_edge_data(parade, ana).values()]
    [('attended by', 'attended')]

    An edge is ``inferred`` when its statement is: its source node is
    ``mmru:inferred``, or flags the edge's predicate ``mmru:inferredProperty``.
    The coup is stated, its place is not:

    >>> sorted((d["label"], d["inferred"]) for _c, _t, d in G.out_edges(str(ID.coup), data=True))
    [('carried out by', False), ('took place at', True)]
    """
    if table is not None and table.saved is None:
        return cast("nx.MultiDiGraph",
                    _made_once("full", graph, table, lambda: _full_graph(graph, table)))
    table = table if table is not None else node_table(graph)
    if table.saved is not None:  # build computed it: read back, not recomputed
        return cast("nx.MultiDiGraph", table.saved.full_graph())
    return _full_graph(graph, table)


def _full_graph(graph: Graph, table: NodeTable) -> nx.MultiDiGraph:
    import networkx as nx

    result = nx.MultiDiGraph(sides=_sides(table))
    _fill_full(result, graph, table)
    return result


def full_links(graph: Graph, table: NodeTable) -> Links | nx.MultiDiGraph:
    """:func:`full_graph` for reading a few nodes' edges (``show``, ``timeline``): the
    build's saved projection when the table has one, else the same nodes, edges and
    order as a :class:`~mmru_graph.projection.links.Links`, without networkx.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" .
    ... id:talks a mmru:Talks ; schema:name "Talks" ; schema:attendee id:ana, id:luis .
    ... ''')
    >>> table = node_table(g)
    >>> plain, G = full_links(g, table), full_graph(g, table)
    >>> talks = str(ID.talks)
    >>> list(plain.out_edges(talks, data=True)) == list(G.out_edges(talks, data=True))
    True
    >>> [data["label"] for _talks, _who, data in plain.out_edges(talks, data=True)]
    ['attended by', 'attended by']
    """
    if table.saved is not None:  # build computed it: read back, not recomputed
        return full_graph(graph, table)
    result = Links(sides=_sides(table))
    _fill_full(result, graph, table)
    return result


def _fill_full(result: Any, graph: Graph, table: NodeTable) -> None:
    """Add the full projection's nodes and edges to ``result`` (a networkx
    ``MultiDiGraph`` or a :class:`~mmru_graph.projection.links.Links`)."""
    attrs = table.attrs
    result.add_nodes_from(attrs.items())
    inferred_nodes = table.index.flags(MMRU.inferred)
    flagged = table.index.all(MMRU.inferredProperty)
    attributed, names = table.index.all(PROV.wasAttributedTo), table.index.strings(SCHEMA.name)

    def said_by(node: Node) -> list[str]:
        return sorted({min(names.get(a, [str(a)])) for a in attributed.get(node, [])})

    relations = table.model.relations
    # Statements in the order of their IRIs, not of the triples' arrival (see
    # node_table): the adjacency networkx breaks ties by is the same on every store.
    for predicate, rule in sorted(table.model.edges.items(), key=lambda item: str(item[0])):
        for subject, objects in sorted(table.index.all(predicate).items(),
                                       key=lambda item: str(item[0])):
            source = str(subject)
            if source not in attrs:
                continue
            inferred = subject in inferred_nodes or predicate in flagged.get(subject, ())
            for target in sorted(map(str, objects)):
                if target not in attrs or source == target:
                    continue
                result.add_edge(source, target, key=str(predicate), predicate=str(predicate),
                                label=rule.label, inverse_label=rule.inverse_label,
                                evidence=table.evidence.get(subject, []), inferred=inferred,
                                attributed_to=said_by(subject))
    for relation, source, target, label, relation_class in reified_edges(table.index, relations):
        if source in attrs and target in attrs and source != target:
            # The relation node is inferred, or one of the two statements
            # naming the edge's ends is (the office's organization).
            inferred = relation in inferred_nodes or any(
                end in flagged.get(relation, ())
                for end in (relations[relation_class].source, relations[relation_class].target))
            result.add_edge(source, target, key=str(relation), predicate=str(relation_class),
                            label=label, inverse_label="",
                            evidence=table.evidence.get(relation, []),
                            inferred=inferred, statement=str(relation),
                            attributed_to=said_by(relation))


def undirected_links(full: nx.MultiDiGraph) -> nx.Graph:
    """The full graph as an undirected simple graph: its nodes in their order, without
    attributes, one link per pair of nodes a statement joins (either way round), each
    ``{"weight": 1.0}``, added in the order of their ends' IRIs.

    What ``path --via full`` walks and ``central --graph-kind full`` ranks. Not
    ``nx.Graph(full.to_undirected(as_view=True))``: that view lists a node's
    neighbours from a set, in an order that follows the strings' hashes
    (``PYTHONHASHSEED``), and which of two equally short paths is found follows
    that order.

    Examples
    --------
    >>> import networkx as nx
    >>> full = nx.MultiDiGraph([("b", "a"), ("a", "c"), ("c", "a"), ("b", "c")])
    >>> links = undirected_links(full)
    >>> list(links), {n: list(links.adj[n]) for n in links}
    (['b', 'a', 'c'], {'b': ['a', 'c'], 'a': ['b', 'c'], 'c': ['a', 'b']})
    >>> links.edges["a", "c"]
    {'weight': 1.0}
    """
    import networkx as nx

    links = nx.Graph()
    links.add_nodes_from(full)
    links.add_edges_from(sorted({(u, v) if u < v else (v, u) for u, v in full.edges()}),
                         weight=1.0)
    return links


def _sides(table: NodeTable) -> list[dict[str, str]]:
    return [{"key": side.key, "iri": side.iri, "label": side.label} for side in table.model.sides]


def reified_edges(index: TripleIndex, relations: Mapping[Node, model.RelationRule]
                  ) -> Iterable[tuple[Node, str, str, str, Node]]:
    """``(relation node, source, target, label, class)`` of every relation node.

    Follows the ontology's relationship classes (``mmru:edgeSource``,
    ``mmru:edgeTarget``, ``mmru:edgeLabel``): an office gives member →
    organization labelled with its ``schema:roleName``; an accompaniment
    gives companion → principal ("accompanied"); a control gives controller
    → controlled.
    """
    types = index.all(RDF.type)
    roles = index.first(SCHEMA.roleName)
    for cls, rule in sorted(relations.items(), key=lambda item: str(item[0])):
        source_predicate, target_predicate, fixed_label = rule.source, rule.target, rule.label
        sources, targets = index.all(source_predicate), index.all(target_predicate)
        for relation in sorted((n for n, classes in types.items() if cls in classes), key=str):
            if not isinstance(relation, URIRef):
                continue
            label = fixed_label or str(roles.get(relation, "member"))
            for source in sorted(map(str, sources.get(relation, []))):
                for target in sorted(map(str, targets.get(relation, []))):
                    yield relation, source, target, label, cls


def participants(graph: Graph, table: NodeTable) -> dict[str, list[str]]:
    """The actors taking part in each event, by ``model.PARTICIPATION``.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" .
    ... id:talks a mmru:Talks ; schema:name "Talks" ; schema:attendee id:ana, id:luis .
    ... id:parade a mmru:Parade ; schema:name "Parade" ; schema:attendee id:luis, id:eva .
    ... id:sale a mmru:ArmsSale ; schema:name "Sale" ; mmru:seller id:ana ; mmru:buyer id:eva .
    ... ''')
    >>> taking_part = participants(g, node_table(g))
    >>> [p.rsplit("/", 1)[1] for p in taking_part[str(ID.talks)]]
    ['ana', 'luis']

    Selling and buying is taking part in a sale, not attending it:

    >>> str(ID.sale) in taking_part
    False
    """
    found: dict[str, set[str]] = defaultdict(set)
    for predicate in model.PARTICIPATION:
        for event, actors in table.index.all(predicate).items():
            event_iri = str(event)
            if table.kind(event_iri) != model.EVENT:
                continue
            for actor in actors:
                if table.kind(str(actor)) in model.ACTOR_KINDS:
                    found[event_iri].add(str(actor))
    return {event: sorted(found[event]) for event in sorted(found)}


def event_record(table: NodeTable, event: str) -> dict[str, Any]:
    """How an actor-graph edge lists one shared event."""
    attrs = table.attrs[event]
    return {
        "event_iri": event,
        "event": attrs["name"],
        "date": attrs["date_label"],
        "start": attrs["start"],
        "end": attrs["end"],
        "place": place_label(table, event),
        "contact": table.contact(event),
        "attributed_to": attrs["attributed_to"],
        "evidence": attrs["evidence"],
    }


def _not_counterparts(graph: Graph, rules: model.Model) -> set[frozenset[str]]:
    """Pairs of actors that take part in events as one party (``mmru:oneParty``)."""
    pairs = set()
    for cls, (one, other) in rules.one_party.items():
        for relation in graph.subjects(RDF.type, cls):
            for first in graph.objects(relation, one):
                for second in graph.objects(relation, other):
                    pairs.add(frozenset((str(first), str(second))))
    return pairs


def actor_graph(graph: Graph, table: NodeTable | None = None, *,
                events: bool = True, node_attributes: bool = True) -> nx.Graph:
    """Persons and organizations, linked when they took part in the same event.

    Only events of a contact class link actors (``mmru:DirectContact``,
    ``mmru:CoAttendance`` in the ontology): talks
    and meetings are ``direct`` contact, a parade or a forum only
    ``co-attendance``. Every actor is a node, linked or not. A person and
    an organization they hold an office in (Kasatonov and the delegation he
    leads) are one party, never each other's counterparts
    (``mmru:oneParty`` on the office's class in the ontology).

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph (:func:`mmru_graph.load_graph`).
    table : NodeTable, optional
        A :func:`node_table` already computed for ``graph``.
    events : bool
        False when the caller reads no edge's ``events`` (a ranking): read
        back from a build's saved projections, the edges then carry only
        ``contact`` and ``weight``.
    node_attributes : bool
        False when the caller reads no node's attributes (a ranking, a
        search): read back without events, the nodes then carry none.

    Returns
    -------
    networkx.Graph
        Edge attributes: ``events`` (``{"event_iri", "event", "date",
        "start", "end", "place", "contact", "attributed_to", "evidence"}``,
        by date),
        ``contact`` (``direct`` if any shared event is direct contact) and
        ``weight`` (the sum of the ontology's ``mmru:contactWeight`` over
        the events). ``G.graph["sides"]`` as in :func:`full_graph`.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" .
    ... id:talks a mmru:Talks ; schema:name "Talks" ; schema:attendee id:ana, id:luis .
    ... id:parade a mmru:Parade ; schema:name "Parade" ; schema:attendee id:luis, id:eva .
    ... id:sale a mmru:ArmsSale ; schema:name "Sale" ; mmru:seller id:ana ; mmru:buyer id:eva .
    ... ''')
    >>> A = actor_graph(g)
    >>> ana, luis, eva = str(ID.ana), str(ID.luis), str(ID.eva)
    >>> A.edges[ana, luis]["contact"], A.edges[ana, luis]["weight"]
    ('direct', 1.0)
    >>> A.edges[luis, eva]["contact"], A.edges[luis, eva]["weight"]
    ('co-attendance', 0.25)

    An arms sale is not contact, so its seller and buyer are not linked:

    >>> A.has_edge(ana, eva)
    False
    """
    if table is not None and table.saved is None:
        return cast("nx.Graph",
                    _made_once("actors", graph, table, lambda: _actor_graph(graph, table)))
    table = table if table is not None else node_table(graph)
    if table.saved is not None:  # build computed it: read back, not recomputed
        return cast("nx.Graph", table.saved.actor_graph() if events
                    else table.saved.actor_links(table if node_attributes else None))
    return _actor_graph(graph, table)


def _actor_graph(graph: Graph, table: NodeTable) -> nx.Graph:
    import networkx as nx

    result = nx.Graph(sides=_sides(table), contact_weights=dict(table.model.contact_weights))
    result.add_nodes_from((iri, attrs) for iri, attrs in table.attrs.items()
                          if attrs["kind"] in model.ACTOR_KINDS)
    for (first, second), data in actor_links(graph, table).items():
        result.add_edge(first, second, **data)
    return result


def actor_links(graph: Graph, table: NodeTable, actor: str | None = None
                ) -> dict[tuple[str, str], dict[str, Any]]:
    """The edges of :func:`actor_graph` (of ``actor`` only, when given) and their
    attributes, in the order it adds them, without networkx.

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" .
    ... id:talks a mmru:Talks ; schema:name "Talks" ; schema:attendee id:ana, id:luis .
    ... id:parade a mmru:Parade ; schema:name "Parade" ; schema:attendee id:luis, id:eva .
    ... ''')
    >>> links = actor_links(g, node_table(g), actor=str(ID.ana))
    >>> [(pair[1].rsplit("/", 1)[1], data["contact"]) for pair, data in links.items()]
    [('luis', 'direct')]
    """
    own_party = _not_counterparts(graph, table.model)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event, actors in participants(graph, table).items():
        if table.contact(event) is None or (actor is not None and actor not in actors):
            continue
        for i, first in enumerate(actors):
            for second in actors[i + 1:]:
                if actor is not None and actor not in (first, second):
                    continue
                if frozenset((first, second)) not in own_party:
                    shared[first, second].append(event)
    links = {}
    for (first, second), shared_events in shared.items():
        records = sorted((event_record(table, e) for e in shared_events),
                         key=lambda r: (sort_key(r["start"], r["end"]), r["event"]))
        contacts = {r["contact"] for r in records}
        links[first, second] = {
            "events": records,
            "contact": model.DIRECT if model.DIRECT in contacts else model.CO_ATTENDANCE,
            "weight": sum(table.model.contact_weights[r["contact"]] for r in records)}
    return links


def counterparts(graph: Graph, table: NodeTable, actor: str) -> list[tuple[str, dict[str, Any]]]:
    """Each counterpart of ``actor`` and the attributes of their edge in
    :func:`actor_graph`, in the order of ``actor_graph(graph, table).adj[actor]``.

    Read back from the build's saved projection when the table has one; otherwise
    made from the actor's events alone, without networkx (a question about one
    actor then does not import it).

    Examples
    --------
    >>> from mmru_graph.namespaces import ID, TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:ana a schema:Person ; schema:name "Ana Rojas" .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" .
    ... id:talks a mmru:Talks ; schema:name "Talks" ; schema:attendee id:ana, id:luis .
    ... id:parade a mmru:Parade ; schema:name "Parade" ; schema:attendee id:luis, id:eva .
    ... ''')
    >>> table = node_table(g)
    >>> links = counterparts(g, table, str(ID.luis))
    >>> [(other.rsplit("/", 1)[1], edge["weight"]) for other, edge in links]
    [('eva', 0.25), ('ana', 1.0)]
    >>> links == list(actor_graph(g, table).adj[str(ID.luis)].items())
    True
    """
    if table.saved is not None:
        return list(actor_graph(graph, table).adj[actor].items())
    return [(second if first == actor else first, data)
            for (first, second), data in actor_links(graph, table, actor).items()]
