"""GEXF 1.3 for Gephi, with time spells so its timeline plays the network.

Every node and edge carries ``spells``: the intervals of days it is active
(an event its own date; an actor, a link the events they take part in). A
partial date is the whole interval it names (``2021-06`` → 2021-06-01 to
2021-06-30). Nodes and edges without a date have no spell and are always
shown. Attributes are declared once per class (``node``/``edge``) with a
GEXF type; ``label`` and ``weight`` are GEXF's own.
"""

from __future__ import annotations

import json
import os
from typing import Any
from xml.etree import ElementTree as ET

__all__ = ["NAMESPACE", "to_gexf", "write_gexf"]

#: The GEXF 1.3 namespace.
NAMESPACE = "http://gexf.net/1.3"

#: The attributes written per class: (key, GEXF title, GEXF type).
NODE_ATTRIBUTES = (
    ("kind", "kind", "string"), ("cls", "class", "string"), ("side", "side", "string"),
    ("iri", "iri", "anyURI"), ("aliases", "aliases", "liststring"),
    ("start", "start", "string"), ("end", "end", "string"),
    ("precision", "date precision", "string"), ("date_label", "date", "string"),
    ("approximate", "date approximate", "boolean"), ("place", "place", "string"),
    ("inferred", "inferred", "boolean"), ("attributed_to", "attributed to", "liststring"),
    ("sources", "sources", "liststring"), ("evidence", "evidence", "string"),
)
EDGE_ATTRIBUTES = (
    ("contact", "contact", "string"), ("events", "events", "liststring"),
    ("start", "start", "string"), ("end", "end", "string"),
    ("precision", "date precision", "string"), ("inferred", "inferred", "boolean"),
    ("attributed_to", "attributed to", "liststring"), ("sources", "sources", "liststring"),
    ("evidence", "evidence", "string"),
)


def _value(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "liststring":
        # GEXF list values: [a, b]. A comma or bracket inside an item would
        # split it, so those are replaced.
        items = [str(v).replace(",", " ").replace("[", "(").replace("]", ")") for v in value]
        return "[" + ", ".join(items) + "]"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _declare(graph_el: ET.Element, cls: str, attributes: tuple[tuple[str, str, str], ...]) -> None:
    declared = ET.SubElement(graph_el, "attributes", {"class": cls})
    for key, title, kind in attributes:
        ET.SubElement(declared, "attribute", {"id": key, "title": title, "type": kind})


def _fill(element: ET.Element, data: dict[str, Any],
          attributes: tuple[tuple[str, str, str], ...]) -> None:
    values = ET.SubElement(element, "attvalues")
    for key, _title, kind in attributes:
        if key in data:
            ET.SubElement(values, "attvalue", {"for": key, "value": _value(data[key], kind)})
    if data.get("spells"):
        spells = ET.SubElement(element, "spells")
        for first, last in data["spells"]:
            ET.SubElement(spells, "spell", {"start": first, "end": last})


def to_gexf(network: Any) -> str:
    """A network as a GEXF 1.3 document.

    Parameters
    ----------
    network : networkx.Graph or networkx.MultiDiGraph
        An :func:`~mmru_graph.export.network.export_network` network.

    Returns
    -------
    str
        The document (UTF-8 XML, with its declaration).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("a", label="Soe Win", kind="person", spells=[("2021-06-01", "2021-06-30")])
    >>> g.add_node("b", label="Fomin", kind="person", spells=[])
    >>> g.add_edge("a", "b", label="direct: talks", weight=1.0, contact="direct",
    ...            spells=[("2021-06-22", "2021-06-22")])
    >>> text = to_gexf(g)
    >>> '<spell start="2021-06-01" end="2021-06-30" />' in text
    True
    >>> read = nx.read_gexf(__import__("io").BytesIO(text.encode()), version="1.3")
    >>> read.nodes["a"]["label"], read.edges["a", "b"]["weight"]
    ('Soe Win', 1.0)
    """
    root = ET.Element("gexf", {"xmlns": NAMESPACE, "version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "mmru-graph"
    ET.SubElement(meta, "description").text = (
        "Myanmar–Russia ties since the February 2021 coup; every link carries its quotes.")
    directed = network.is_directed()
    graph_el = ET.SubElement(root, "graph", {
        "defaultedgetype": "directed" if directed else "undirected",
        "mode": "dynamic", "timeformat": "date", "timerepresentation": "interval"})
    _declare(graph_el, "node", NODE_ATTRIBUTES)
    _declare(graph_el, "edge", EDGE_ATTRIBUTES)
    nodes_el = ET.SubElement(graph_el, "nodes", {"count": str(network.number_of_nodes())})
    for node, data in sorted(network.nodes(data=True)):
        element = ET.SubElement(nodes_el, "node", {"id": node, "label": data.get("label", node)})
        _fill(element, data, NODE_ATTRIBUTES)
    edges = (network.edges(keys=True, data=True) if network.is_multigraph()
             else ((a, b, None, d) for a, b, d in network.edges(data=True)))
    rows = sorted(edges, key=lambda e: (e[0], e[1], str(e[2])))
    edges_el = ET.SubElement(graph_el, "edges", {"count": str(len(rows))})
    for number, (source, target, _key, data) in enumerate(rows):
        element = ET.SubElement(edges_el, "edge", {
            "id": str(number), "source": source, "target": target,
            "label": data.get("label", ""), "weight": repr(float(data.get("weight", 1.0)))})
        _fill(element, data, EDGE_ATTRIBUTES)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_gexf(network: Any, path: str | os.PathLike[str]) -> None:
    """Write a network as GEXF 1.3 (see :func:`to_gexf`)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(to_gexf(network))
