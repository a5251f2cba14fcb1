"""Where a build's time goes: wall seconds of each step and the peak RSS, one process.

    python bench/bench_build.py --graph /tmp/s200k [--out DIR] [--rdflib] [--writers-only]

Runs :func:`mmru_graph.build.build_graph` on a graph directory (for instance
one written by ``bench/make_corpus.py --triples N --out DIR``) and prints each
step's wall and CPU time (``BuildResult.steps``: validation, the sorted quads the RDF
writers share, the node table GraphML, the page and the store share, each output file,
the Oxigraph store), the process's CPU time
and peak RSS. With ``--rdflib`` it then also times rdflib's own serialisers
(what the build used before) on the same graph, for the ratio: slow beyond
~100k triples (Turtle took 158 s at 200k). With ``--writers-only`` it loads the
graph (:func:`mmru_graph.load_graph`, no validation) and times only what the
build does after validation (:func:`mmru_graph.build.write_outputs`).
"""

from __future__ import annotations

import argparse
import io
import resource
import tempfile
import time
import warnings
from pathlib import Path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, required=True, help="graph directory")
    parser.add_argument("--out", type=Path, help="output folder (default: a temporary one)")
    parser.add_argument("--writers-only", action="store_true",
                        help="load without validating; time only the writers and the store")
    parser.add_argument("--rdflib", action="store_true",
                        help="also time rdflib's serialisers on the same graph")
    args = parser.parse_args()

    from mmru_graph.build import build_graph, write_outputs

    out = args.out or Path(tempfile.mkdtemp(prefix="bench-build-")) / "out"
    started = time.perf_counter()
    if args.writers_only:
        from mmru_graph import load_graph
        from mmru_graph.store.location import resolve_graph_dir

        graph = load_graph(args.graph)
        loaded_at = time.perf_counter()
        print(f"loaded {len(graph)} triples in {loaded_at - started:.1f} s, "
              f"peak RSS {peak_mb():.0f} MB")
        out.mkdir(parents=True, exist_ok=True)
        cpu_before = cpu_seconds()
        steps = write_outputs(graph, resolve_graph_dir(args.graph), out)
        wall = time.perf_counter() - loaded_at
        print(f"writers and store: {wall:.1f} s wall, {cpu_seconds() - cpu_before:.1f} s CPU, "
              f"peak RSS {peak_mb():.0f} MB")
    else:
        result = build_graph(args.graph, out)
        graph, steps = result.validation.graph, result.steps
        wall = time.perf_counter() - started
        print(f"build of {result.triples} triples: {wall:.1f} s wall, {cpu_seconds():.1f} s CPU, "
              f"peak RSS {peak_mb():.0f} MB")
    print(f"  {'step':<14} {'wall':>8}   {'CPU':>8}")
    for step, (seconds, cpu) in steps.items():
        print(f"  {step:<14} {seconds:8.2f} s {cpu:8.2f} s")
    # "store: projections" is a part of "store": not counted twice.
    after = [sum(times[i] for step, times in steps.items()
                 if step != "validate" and ":" not in step) for i in (0, 1)]
    print(f"  {'after validate':<14} {after[0]:8.2f} s {after[1]:8.2f} s")
    if not args.rdflib:
        return
    from rdflib import Graph

    union = Graph()
    for triple in graph.triples((None, None, None)):
        union.add(triple)
    print("rdflib's own serialisers on the same graph (the build's writers before):")
    for name, target, rdf_format in (("graph.nq", graph, "nquads"), ("graph.trig", graph, "trig"),
                                     ("graph.ttl", union, "turtle"),
                                     ("graph.jsonld", union, "json-ld")):
        began = time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            target.serialize(io.BytesIO(), format=rdf_format)
        cpu = time.process_time() - began
        ours = steps[name][1] + steps["sorted quads"][1]
        print(f"  {name:<14} {cpu:8.2f} s CPU (now {ours:.2f} s with the shared sorted quads; "
              f"{cpu / max(ours, 1e-9):.1f}x)")
    print(f"peak RSS after rdflib's serialisers: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
