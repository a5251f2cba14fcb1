"""Rewrite only the saved projections of a built store, from the store itself.

    python bench/save_projections.py /tmp/corpus-2m

After a change to the projection code the saved projections of a big bench
store no longer match its digest (the commands then compute instead, and a
timing measures the wrong thing); ``--labels`` rewrites the store's labels
file too (after a change of its layout, which the commands otherwise skip).
``bench/make_store.py`` rewrites the whole store (parse, N-Quads, store: many
minutes at 2M); this rewrites only
``store/projections/``, computed from the store as the commands read it (the
same projections: ``tests/test_saved_projections.py``). Bench only: ``build``
is the real way.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph_dir", type=Path)
    parser.add_argument("--labels", action="store_true",
                        help="also rewrite the store's labels file (its layout changed)")
    args = parser.parse_args()

    from mmru_graph.build import node_labels
    from mmru_graph.projection.nodes import compute_node_table
    from mmru_graph.projection.saved import FOLDER, write_projections
    from mmru_graph.store.labels import LABELS, write_labels
    from mmru_graph.store.loading import load_graph
    from mmru_graph.store.location import default_store_dir

    base = args.graph_dir.resolve()
    store_dir = default_store_dir(base).resolve()
    started = time.perf_counter()
    graph = load_graph(base, store="oxigraph", location=store_dir)
    staging = store_dir / (FOLDER + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    table = compute_node_table(graph)
    write_projections(graph, staging, table)
    if args.labels:
        fresh = store_dir / (LABELS + ".new")
        write_labels(node_labels(graph, table), fresh)
        fresh.replace(store_dir / LABELS)
    shutil.rmtree(store_dir / FOLDER, ignore_errors=True)
    staging.rename(store_dir / FOLDER)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    print(f"projections rewritten in {time.perf_counter() - started:.1f} s, "
          f"peak {peak:.1f} GB: {store_dir / FOLDER}")


if __name__ == "__main__":
    main()
