"""Write only a graph directory's ``graph.nq`` and Oxigraph store, without validation.

    python bench/make_store.py /tmp/corpus-2m

For timing the query commands and ``view`` at sizes whose full ``mmru-graph
build`` (validation, Turtle, TriG, JSON-LD, GraphML, the page) does not fit in
a session: the store, its labels, links and saved projections are written exactly as ``build``
writes them (``GRAPH/build/store``, with the manifest that makes it the
commands' default), from the same N-Quads. Bench only: ``build`` is the real
way, and a graph that was not validated proves nothing about its facts.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph_dir", type=Path)
    args = parser.parse_args()

    from mmru_graph.build import node_labels
    from mmru_graph.projection.saved import FOLDER, write_projections
    from mmru_graph.sources.conflicts import compare_sources
    from mmru_graph.sources.quads import write_quads
    from mmru_graph.sources.registry import list_sources
    from mmru_graph.sources.saved import SAVED, write_saved_conflicts
    from mmru_graph.store.loading import default_store_dir, graph_files, load_graph
    from mmru_graph.store.oxigraph import sources_manifest, write_store

    base = args.graph_dir.resolve()
    store_dir = default_store_dir(base)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    quads = store_dir.parent / "graph.nq"
    started = clock = time.perf_counter()

    def lap(what: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
        print(f"{what:<28} {now - clock:8.1f} s   peak {peak:.1f} GB", flush=True)
        clock = now

    graph = load_graph(base)
    lap(f"parsed {len(graph):,} triples")
    write_quads(graph, nquads_path=quads)
    lap("wrote graph.nq")
    labels = node_labels(graph)
    lap(f"labelled {len(labels):,} nodes")
    write_store(quads, store_dir, sources_manifest(base, graph_files(base)), graph,
                labels=labels,
                extras={FOLDER: lambda folder: write_projections(graph, folder),
                        SAVED: lambda target: write_saved_conflicts(
                            compare_sources(graph), target, list_sources(graph))})
    lap("wrote the store")
    print(f"total {time.perf_counter() - started:.1f} s: {store_dir}")


if __name__ == "__main__":
    main()
