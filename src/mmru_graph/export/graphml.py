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
from dataclasses import dataclass, field
from typing import Any, TextIO

from .records import NetworkRecords, records_of

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


#: Plain values, tested by their exact type first: at 2M triples there are millions.
_SCALARS = (str, int, float, bool)


def _spells_as_text(record: dict[str, Any]) -> dict[str, Any]:
    if "spells" in record:
        record["spells"] = [f"{first}/{last}" for first, last in record["spells"]]
    return record


@dataclass
class _Kinds:
    """What flattening one scope's records needs to know of all of them first: the keys
    holding JSON (a collection with anything but strings, or a dict), each key's type
    once flat (in the order keys first appear) and the keys of several types."""

    as_json: set[str] = field(default_factory=set)
    first: dict[str, type] = field(default_factory=dict)
    mixed: set[str] = field(default_factory=set)

    def scan(self, record: dict[str, Any]) -> None:
        as_json, first = self.as_json, self.first
        for key, value in record.items():
            kind = type(value)
            if kind not in _SCALARS:
                if key not in as_json and (
                        isinstance(value, dict) or (isinstance(value, _COLLECTIONS)
                                                    and not all(isinstance(v, str)
                                                                for v in value))):
                    as_json.add(key)
                # What _scalar makes of it: the value itself, or text.
                kind = kind if isinstance(value, bool | int | float | str) else str
            seen = first.setdefault(key, kind)
            if seen is not kind:
                self.mixed.add(key)

    def flatten(self, record: dict[str, Any], memo: dict[Any, tuple[Any, str]] | None
                ) -> dict[str, Any]:
        """``record`` made flat, in place (after every record of its scope was scanned)."""
        as_json, mixed = self.as_json, self.mixed
        for key, value in record.items():
            if type(value) not in _SCALARS:
                record[key] = _scalar(value, key in as_json, memo)
        for key in mixed & record.keys():
            record[key] = str(record[key])
        return record

    def types(self) -> dict[str, type]:
        """Each key's one type once flat: text for a key of several."""
        return {key: str if key in self.mixed else kind for key, kind in self.first.items()}


def _flatten(records: list[dict[str, Any]],
             memo: dict[Any, tuple[Any, str]] | None = None) -> None:
    """Flatten attribute dicts in place.

    A key whose collections hold only strings becomes ``"a; b"`` text; one
    holding anything else (the evidence dicts) JSON text, empty ones
    included; a key with values of several types becomes str everywhere.
    """
    kinds = _Kinds()
    for record in records:
        kinds.scan(_spells_as_text(record))
    for record in records:
        kinds.flatten(record, memo)


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
    """Write an :func:`~mmru_graph.export.network.export_network` network (or its
    :func:`~mmru_graph.export.network.network_records`) as GraphML.

    The records are read twice, flattened one at a time: first for the keys'
    types, which GraphML declares before the first node, then to be written.
    Nothing but the file grows with the network.

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
    >>> from mmru_graph.export.network import export_network, network_records
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> write_graphml(export_network(g, "actors"), out / "actors.graphml")
    >>> read = nx.read_graphml(out / "actors.graphml")
    >>> read.nodes["https://w3id.org/mmru-graph/id/ana"]["label"], read.number_of_edges()
    ('Ana Rojas', 2)
    >>> write_graphml(export_network(g, "full"), out / "a.graphml")
    >>> write_graphml(network_records(g, "full"), out / "b.graphml")
    >>> (out / "a.graphml").read_bytes() == (out / "b.graphml").read_bytes()
    True
    """
    records = network if isinstance(network, NetworkRecords) else records_of(network)
    scopes = {"graph": _Kinds(), "node": _Kinds(), "edge": _Kinds()}
    scopes["graph"].scan(_spells_as_text(_graph_data(records)))
    for _node, data in records.nodes():
        scopes["node"].scan(_spells_as_text(data))
    for *_ends, data in records.edges():
        scopes["edge"].scan(_spells_as_text(data))
    with open(path, "w", encoding="utf-8") as out:
        _stream_graphml(records, scopes, out)


def _graph_data(records: NetworkRecords) -> dict[str, Any]:
    """The graph's attributes GraphML holds (networkx's defaults for new nodes and
    edges are not data), a new dict."""
    return {k: v for k, v in records.graph.items() if k not in ("node_default", "edge_default")}


#: The GraphML type of each attribute value's Python type (as networkx writes them).
_XML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
         '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
         'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


def _stream_graphml(records: NetworkRecords, scopes: dict[str, _Kinds], out: TextIO) -> None:
    """GraphML of the records, element by element, as ``networkx.write_graphml``
    writes their flat form (the same keys, types and values) but without building
    the whole XML tree first (35 s of a 200k-triple build), each record flattened
    as it is written.
    """
    from xml.sax.saxutils import escape, quoteattr

    # Each key's opening tag, made once: a 2M-triple graph has millions of data
    # elements. Flat, each name has one type in its scope.
    keys: list[str] = []
    tags: dict[str, dict[str, str]] = {}
    for scope, kinds in scopes.items():
        named = tags[scope] = {}
        for name, kind in kinds.types().items():
            xml_type = _XML_TYPES.get(kind)
            if xml_type is None:
                raise TypeError(f"GraphML cannot hold {kind.__name__} ({name})")
            named[name] = f'<data key="d{len(keys)}">'
            keys.append(f'  <key id="d{len(keys)}" for="{scope}" attr.name={quoteattr(str(name))} '
                        f'attr.type="{xml_type}" />\n')
    escaped: dict[str, str] = {}  # long texts (the evidence JSON) recur on many edges

    def data_lines(scope: str, data: dict[str, Any], indent: str) -> str:
        named = tags[scope]
        lines = []
        for k, v in data.items():
            if type(v) is not str:
                v = str(v)
            if len(v) >= 64:
                found = escaped.get(v)
                if found is None:
                    found = escaped[v] = escape(v)
                v = found
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

    memo: dict[Any, tuple[Any, str]] = {}
    out.write(_HEAD)
    out.writelines(keys)
    direction = "directed" if records.directed else "undirected"
    out.write(f'  <graph edgedefault="{direction}">\n')
    graph_data = scopes["graph"].flatten(_spells_as_text(_graph_data(records)), memo)
    out.write(data_lines("graph", graph_data, "    "))
    node_kinds = scopes["node"]
    for node, data in records.nodes():
        data = node_kinds.flatten(_spells_as_text(data), memo)
        out.write(f"    <node id={attribute(node)}>\n{data_lines('node', data, '      ')}"
                  "    </node>\n")
    edge_kinds, multi = scopes["edge"], records.multigraph
    for source, target, key, data in records.edges():
        data = edge_kinds.flatten(_spells_as_text(data), memo)
        ident = f" id={quoteattr(str(key))}" if multi else ""
        out.write(f"    <edge source={attribute(source)} target={attribute(target)}"
                  f"{ident}>\n{data_lines('edge', data, '      ')}    </edge>\n")
    out.write("  </graph>\n</graphml>\n")
