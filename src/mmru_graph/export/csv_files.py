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
    >>> from mmru_graph import load_graph
    >>> from mmru_graph.export.network import export_network
    >>> nodes, edges = to_csv(export_network(load_graph(), "actors", until="2021-03"))
    >>> nodes.splitlines()[0]  # doctest: +ELLIPSIS
    'Label,Type,Class,Side,Aliases,Start,End,Precision,Date,Place,Inferred,Attributed to,...'
    >>> import csv, io
    >>> rows = list(csv.DictReader(io.StringIO(edges)))
    >>> pair = {"Min Aung Hlaing", "Alexander Vasilyevich Fomin"}
    >>> any({r["From"], r["To"]} == pair for r in rows)
    True
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
