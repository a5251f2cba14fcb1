"""Exports for the analyst's other tools: :func:`export_graph`.

One module per format: GraphML (:mod:`.graphml`) and GEXF 1.3 with time
spells (:mod:`.gexf`) for Gephi, CSV for Kumu and spreadsheets
(:mod:`.csv_files`), FollowTheMoney entities for Aleph (:mod:`.ftm`) and
N-Quads of every statement (:mod:`.nquads`). The network formats share one
network (:mod:`.network`); every export can be restricted to one source's
facts (:mod:`.selection`). Files are written through a temporary file and a
rename: a failed export leaves the previous file as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExportError

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["FORMATS", "NETWORK_FORMATS", "ExportResult", "export_graph"]

#: Every export format.
FORMATS = ("graphml", "gexf", "csv", "ftm", "nquads")
#: The formats that hold a network (and so take a graph kind).
NETWORK_FORMATS = ("graphml", "gexf", "csv")


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    format: str
    paths: list[str]
    nodes: int = 0
    edges: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _stage_and_commit(writes: Mapping[Path, Callable[[Path], object]]) -> None:
    """Write every file to a temporary one first, then move them all in place."""
    from ..atomic import commit_staged, discard_staged, staged_path

    staged: dict[Path, Path] = {}
    try:
        for target, write in writes.items():
            staged[target] = staged_path(target)
            write(staged[target])
        for target, tmp in staged.items():
            commit_staged(tmp, target)
    finally:
        for tmp in staged.values():
            discard_staged(tmp)


def export_graph(graph: Graph, fmt: str, out: str | os.PathLike[str], *,
                 graph_kind: str = "actors", since: str | None = None,
                 until: str | None = None, source: str | None = None) -> ExportResult:
    """Write the graph (or part of it) in one of :data:`FORMATS`.

    Parameters
    ----------
    graph : rdflib.Graph
        The project's graph.
    fmt : {"graphml", "gexf", "csv", "ftm", "nquads"}
        The format. ``csv`` writes ``nodes.csv`` and ``edges.csv`` into the
        directory ``out`` (made if missing); the others one file.
    out : path
        Where to write.
    graph_kind : {"actors", "full"}
        For the network formats: the actor graph or the full graph.
    since, until : str, optional
        Only events that may have taken place in the range (not for
        ``nquads``, which holds every statement).
    source : str, optional
        Only the facts of this source (its ``id:`` slug or IRI).

    Returns
    -------
    ExportResult

    Raises
    ------
    ExportError
        If the format is unknown, or a date range is asked of ``nquads``.

    Examples
    --------
    Two contacts, in May and in June; the export keeps May's:

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
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "actors.gexf"
    >>> result = export_graph(g, "gexf", out, since="2022-05", until="2022-05")
    >>> result.nodes, result.edges
    (2, 1)
    >>> '<spell start="2022-05-04" end="2022-05-04"' in out.read_text(encoding="utf-8")
    True
    """
    from ..dates import check_date

    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    since, until = check_date(since), check_date(until)
    if fmt == "nquads" and (since or until):
        raise ExportError("an N-Quads export holds every statement; a date range does not "
                         "apply to it")
    if source is not None:
        from .selection import facts_from_source
        graph = facts_from_source(graph, source)
    target = Path(out)
    if fmt == "nquads":
        from .nquads import write_nquads
        _stage_and_commit({target: lambda p: write_nquads(graph, p)})
        return ExportResult(fmt, [str(target)], counts={"statements": len(graph)})
    if fmt == "ftm":
        from .ftm import write_ftm
        counts: dict[str, int] = {}
        _stage_and_commit({target: lambda p: counts.update(write_ftm(graph, p, since, until))})
        return ExportResult(fmt, [str(target)], counts=counts)
    from .network import export_network
    network = export_network(graph, graph_kind, since, until)
    if fmt == "csv":
        from .csv_files import to_csv
        nodes_text, edges_text = to_csv(network)
        target.mkdir(parents=True, exist_ok=True)
        writes = {target / "nodes.csv": lambda p: Path(p).write_text(nodes_text, "utf-8"),
                  target / "edges.csv": lambda p: Path(p).write_text(edges_text, "utf-8")}
        _stage_and_commit(writes)
        paths = [str(p) for p in writes]
    else:
        from .gexf import write_gexf
        from .graphml import write_graphml
        writer = write_graphml if fmt == "graphml" else write_gexf
        _stage_and_commit({target: lambda p: writer(network, p)})
        paths = [str(target)]
    return ExportResult(fmt, paths, nodes=network.number_of_nodes(),
                        edges=network.number_of_edges())
