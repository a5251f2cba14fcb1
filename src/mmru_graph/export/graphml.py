"""GraphML for Gephi, yEd, Cytoscape and networkx: :func:`write_graphml`.

Every node has ``label`` (Gephi's label column), ``kind``, ``side`` and its
dates as ISO with a ``precision``; every edge its ``label``, ``weight``,
``contact`` kind and dates; both their ``evidence`` (JSON text: quotes,
offsets, sources) and ``sources`` (titles). GraphML has no time intervals,
so the spells are text (``first/last; …``); GEXF carries them as spells.
"""

from __future__ import annotations

import json
import os
from typing import Any, TextIO

__all__ = ["graphml_ready", "write_graphml"]

_COLLECTIONS = (list, tuple, set, frozenset)


def _json_sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _scalar(value: Any, as_json: bool, memo: dict[Any, tuple[Any, str]] | None = None) -> Any:
    """A GraphML-storable form of one attribute value.

    ``memo`` keeps the JSON text of lists already seen, by the identity of their
    items: the edges of one event share its evidence dicts, so at 2M triples the
    same evidence would be dumped hundreds of thousands of times. Each entry
    keeps its list, so no item's identity can be reused while the memo lives.
    """
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, set | frozenset):
        value = sorted(value, key=_json_sort_key)
    if isinstance(value, _COLLECTIONS) and not as_json:
        return "; ".join(value)
    if isinstance(value, list | tuple) and memo is not None:
        key = tuple(map(id, value))
        found = memo.get(key)
        if found is None:
            found = memo[key] = (value, json.dumps(list(value), ensure_ascii=False,
                                                   sort_keys=True, default=str))
        return found[1]
    if isinstance(value, (*_COLLECTIONS, dict)):
        return json.dumps(value if isinstance(value, dict) else list(value),
                          ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _flatten(records: list[dict[str, Any]],
             memo: dict[Any, tuple[Any, str]] | None = None) -> None:
    """Flatten attribute dicts in place.

    A key whose collections hold only strings becomes ``"a; b"`` text; one
    holding anything else (the evidence dicts) JSON text, empty ones
    included; a key with values of several types becomes str everywhere.
    """
    for record in records:
        if "spells" in record:
            record["spells"] = [f"{first}/{last}" for first, last in record["spells"]]
    # Plain str, int, float and bool values (most of them) are tested by their
    # exact type first: at 2M triples there are millions.
    scalars = (str, int, float, bool)
    as_json: set[str] = set()
    for record in records:
        for key, value in record.items():
            if type(value) in scalars or key in as_json:
                continue
            if isinstance(value, dict) or (isinstance(value, _COLLECTIONS)
                                           and not all(isinstance(v, str) for v in value)):
                as_json.add(key)
    first: dict[str, type] = {}  # each key's first type, and the keys of several types
    mixed: set[str] = set()
    for record in records:
        for key, value in record.items():
            kind = type(value)
            if kind not in scalars:
                value = record[key] = _scalar(value, key in as_json, memo)
                kind = type(value)
            seen = first.setdefault(key, kind)
            if seen is not kind:
                mixed.add(key)
    for record in records:
        for key in mixed & record.keys():
            record[key] = str(record[key])


def graphml_ready(nx_graph: Any) -> Any:
    """A copy of a networkx graph whose attributes GraphML can hold.

    Lists of strings become ``"a; b"``, other lists and dicts (the evidence)
    JSON text, None an empty string, spells ``first/last`` text; an
    attribute with values of several types becomes a string everywhere, so
    each GraphML key has one type.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", aliases=["x", "y"], evidence=[{"quote": "q", "start": 1}], n=None)
    >>> g.add_node("b", aliases=[], evidence=[], n=2, spells=[("2021-06-01", "2021-06-30")])
    >>> g.add_edge("a", "b", inferred=False)
    0
    >>> h = graphml_ready(g)
    >>> h.nodes["a"]
    {'aliases': 'x; y', 'evidence': '[{"quote": "q", "start": 1}]', 'n': ''}
    >>> h.nodes["b"]["n"], h.nodes["b"]["spells"]
    ('2', '2021-06-01/2021-06-30')
    >>> g.nodes["a"]["aliases"]
    ['x', 'y']
    """
    copy = nx_graph.copy()
    _flatten([copy.graph])
    _flatten([data for _, data in copy.nodes(data=True)])
    _flatten([data for *_, data in copy.edges(data=True)])
    return copy


def write_graphml(network: Any, path: str | os.PathLike[str]) -> None:
    """Write an :func:`~mmru_graph.export.network.export_network` network as GraphML.

    Examples
    --------
    >>> from mmru_graph.namespaces import TURTLE_PREFIXES
    >>> from mmru_graph.store.loading import new_graph
    >>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
    ... id:chile a schema:Country ; schema:name "Chile" ; mmru:sideOrder 1 .
    ... id:peru a schema:Country ; schema:name "Peru" ; mmru:sideOrder 2 .
    ... id:ana a schema:Person ; schema:name "Ana Rojas" ; mmru:side id:chile .
    ... id:luis a schema:Person ; schema:name "Luis Quispe" ; mmru:side id:peru .
    ... id:eva a schema:Person ; schema:name "Eva Mamani" ; mmru:side id:peru .
    ... id:talks a mmru:Talks ; schema:name "Rojas–Quispe talks" ;
    ...     schema:startDate "2022-05-04"^^xsd:date ; schema:attendee id:ana , id:luis .
    ... id:parade a mmru:Parade ; schema:name "Navy day parade" ;
    ...     schema:startDate "2022-06-08"^^xsd:date ; schema:attendee id:luis , id:eva .
    ... ''')
    >>> import networkx as nx, tempfile, pathlib
    >>> from mmru_graph.export.network import export_network
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "actors.graphml"
    >>> write_graphml(export_network(g, "actors"), out)
    >>> read = nx.read_graphml(out)
    >>> read.nodes["https://w3id.org/mmru-graph/id/ana"]["label"], read.number_of_edges()
    ('Ana Rojas', 2)
    """
    # The records flattened are shallow copies of the attribute dicts: no copy of
    # the graph itself. A directed graph's edges come out of it in the order a copy
    # would give; an undirected one's may not, so that one is copied first.
    source = network if network.is_directed() else network.copy()
    graph_data = dict(source.graph)
    nodes = [(node, dict(data)) for node, data in source.nodes(data=True)]
    edges = ([(u, v, k, dict(data)) for u, v, k, data in source.edges(keys=True, data=True)]
             if source.is_multigraph() else
             [(u, v, None, dict(data)) for u, v, data in source.edges(data=True)])
    memo: dict[Any, tuple[Any, str]] = {}
    _flatten([graph_data], memo)
    _flatten([data for _, data in nodes], memo)
    _flatten([data for *_, data in edges], memo)
    with open(path, "w", encoding="utf-8") as out:
        _stream_graphml(graph_data, nodes, edges, source.is_directed(),
                        source.is_multigraph(), out)


#: The GraphML type of each attribute value's Python type (as networkx writes them).
_XML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
         '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
         'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


def _stream_graphml(graph_data: dict[str, Any], nodes: list[tuple[Any, dict[str, Any]]],
                    edges: list[tuple[Any, Any, Any, dict[str, Any]]], directed: bool,
                    multi: bool, out: TextIO) -> None:
    """GraphML of flattened records (:func:`_flatten`), element by element, as
    ``networkx.write_graphml`` writes it (the same keys, types and values) but
    without building the whole XML tree first (35 s of a 200k-triple build).
    """
    from xml.sax.saxutils import escape, quoteattr

    graph_data = {k: v for k, v in graph_data.items() if k not in ("node_default",
                                                                   "edge_default")}
    keys: dict[tuple[str, str, str], str] = {}
    # Each scope's opening tag per (name, value type), made once: a 2M-triple
    # graph has millions of data elements.
    tags: dict[str, dict[tuple[Any, type], str]] = {}
    records = [("graph", [graph_data]), ("node", [d for _, d in nodes]),
               ("edge", [d for *_, d in edges])]
    for scope, items in records:
        scope_tags = tags.setdefault(scope, {})
        for data in items:
            for name, value in data.items():
                if (name, type(value)) in scope_tags:
                    continue
                kind = _XML_TYPES.get(type(value))
                if kind is None:
                    raise TypeError(f"GraphML cannot hold {type(value).__name__} ({name})")
                key = keys.setdefault((str(name), scope, kind), f"d{len(keys)}")
                scope_tags[(name, type(value))] = f'<data key="{key}">'
    escaped: dict[str, str] = {}  # long texts (the evidence JSON) recur on many edges

    def text(value: Any) -> str:
        value = str(value)
        if len(value) < 64:
            return escape(value) if "&" in value or "<" in value or ">" in value else value
        found = escaped.get(value)
        if found is None:
            found = escaped[value] = escape(value)
        return found

    # After _flatten each name has one type in its scope: its tag is found by name.
    by_name = {scope: {name: tag for (name, _kind), tag in scope_tags.items()}
               for scope, scope_tags in tags.items()}
    one_type = all(len(by_name[scope]) == len(tags[scope]) for scope in tags)

    def data_lines(scope: str, data: dict[str, Any], indent: str) -> str:
        if not one_type:
            scope_tags = tags[scope]
            return "".join(f"{indent}{scope_tags[(k, type(v))]}{text(v)}</data>\n"
                           for k, v in data.items())
        named = by_name[scope]
        lines = []
        for k, v in data.items():
            if type(v) is not str:
                v = str(v)
            if len(v) >= 64:
                v = text(v)
            elif "&" in v or "<" in v or ">" in v:
                v = escape(v)
            lines.append(f"{indent}{named[k]}{v}</data>\n")
        return "".join(lines)

    quoted: dict[Any, str] = {}  # each node's id attribute: nodes recur on many edges

    def attribute(node: Any) -> str:
        found = quoted.get(node)
        if found is None:
            found = quoted[node] = quoteattr(str(node))
        return found

    out.write(_HEAD)
    for (name, scope, kind), key in keys.items():
        out.write(f'  <key id="{key}" for="{scope}" attr.name={quoteattr(name)} '
                  f'attr.type="{kind}" />\n')
    direction = "directed" if directed else "undirected"
    out.write(f'  <graph edgedefault="{direction}">\n')
    out.write(data_lines("graph", graph_data, "    "))
    for node, data in nodes:
        out.write(f"    <node id={attribute(node)}>\n{data_lines('node', data, '      ')}"
                  "    </node>\n")
    for source, target, key, data in edges:
        ident = f" id={quoteattr(str(key))}" if multi else ""
        out.write(f"    <edge source={attribute(source)} target={attribute(target)}"
                  f"{ident}>\n{data_lines('edge', data, '      ')}    </edge>\n")
    out.write("  </graph>\n</graphml>\n")
