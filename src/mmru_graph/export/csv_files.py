"""CSV for Kumu and spreadsheets: ``nodes.csv`` and ``edges.csv``.

``nodes.csv``: one row per node (``Label``, ``Type``, the side, dates with
their precision, sources). ``edges.csv``: one row per link with the names
at both ends (``From``/``To`` as Kumu reads them, the IRIs beside), the
contact kind, weight, events, dates, the quotes and their sources. Lists are
joined with `` | `` (Kumu's default separator), so a quote stays one cell.
"""

from __future__ import annotations

import csv
import io
import os
from typing import Any

__all__ = ["EDGE_COLUMNS", "NODE_COLUMNS", "to_csv", "write_csv"]

NODE_COLUMNS = ("Label", "Type", "Class", "Side", "Aliases", "Start", "End", "Precision",
                "Date", "Place", "Inferred", "Attributed to", "Sources", "Quotes", "IRI")
EDGE_COLUMNS = ("From", "To", "Type", "Contact", "Weight", "Events", "Dates", "Places",
                "Start", "End", "Precision", "Inferred", "Attributed to", "Quotes", "Sources",
                "From IRI", "To IRI")

#: Kumu's default separator of several values in one cell.
SEPARATOR = " | "


def _join(values: Any) -> str:
    return SEPARATOR.join(str(v) for v in values if v not in ("", None))


def _quotes(evidence: list[dict[str, Any]]) -> str:
    return _join(f"“{item['quote']}”" + (f" [{item['start']}–{item['end']}]"
                                         if item.get("start") is not None else "")
                 for item in evidence)


def _node_row(data: dict[str, Any]) -> list[str]:
    return [data["label"], data["kind"], data["cls"], data["side"], _join(data["aliases"]),
            data["start"], data["end"], data["precision"], data["date_label"], data["place"],
            "yes" if data["inferred"] else "no", _join(data["attributed_to"]),
            _join(data["sources"]), _quotes(data["evidence"]), data["iri"]]


def _edge_row(network: Any, source: str, target: str, data: dict[str, Any]) -> list[str]:
    name = network.nodes
    return [name[source]["label"], name[target]["label"], data["label"] if "predicate" in data
            else "shared events", data["contact"], f"{data['weight']:g}", _join(data["events"]),
            _join(data.get("dates", [])), _join(data.get("places", [])),
            data["start"], data["end"], data["precision"], "yes" if data["inferred"] else "no",
            _join(data["attributed_to"]), _quotes(data["evidence"]), _join(data["sources"]),
            source, target]


def to_csv(network: Any) -> tuple[str, str]:
    """``(nodes.csv, edges.csv)`` texts of an export network.

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
    >>> from mmru_graph.export.network import export_network
    >>> nodes, edges = to_csv(export_network(g, "actors", until="2022-05"))
    >>> nodes.splitlines()[0]  # doctest: +ELLIPSIS
    'Label,Type,Class,Side,Aliases,Start,End,Precision,Date,Place,Inferred,Attributed to,...'
    >>> import csv, io
    >>> [(r["From"], r["To"], r["Events"], r["Dates"]) for r in csv.DictReader(io.StringIO(edges))]
    [('Ana Rojas', 'Luis Quispe', 'Rojas–Quispe talks', '2022-05-04')]
    """
    nodes, edges = io.StringIO(), io.StringIO()
    node_writer = csv.writer(nodes, lineterminator="\n")
    node_writer.writerow(NODE_COLUMNS)
    for _node, data in sorted(network.nodes(data=True), key=lambda n: (n[1]["label"], n[0])):
        node_writer.writerow(_node_row(data))
    edge_writer = csv.writer(edges, lineterminator="\n")
    edge_writer.writerow(EDGE_COLUMNS)
    rows = [_edge_row(network, a, b, data) for a, b, data in network.edges(data=True)]
    for row in sorted(rows):
        edge_writer.writerow(row)
    return nodes.getvalue(), edges.getvalue()


def write_csv(network: Any, directory: str | os.PathLike[str]) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` into ``directory`` (see :func:`to_csv`)."""
    from pathlib import Path

    nodes, edges = to_csv(network)
    folder = Path(directory)
    (folder / "nodes.csv").write_text(nodes, encoding="utf-8")
    (folder / "edges.csv").write_text(edges, encoding="utf-8")
