"""Wall time of the analyst's commands against the floor of importing rdflib and networkx.

Each command runs as a fresh subprocess, as an analyst runs it, ``--runs``
times (after one untimed run that fills the caches); the floor is
``python -c "import rdflib, networkx"``, the least any command can cost. The
script prints the median wall time of each and its ratio to the floor; the
goal is under 1.5x for ``met``, ``path``, ``central`` and ``sparql``. A last
line gives ``met`` with the caches off (``MMRU_GRAPH_CACHE=0``: checked queries and
validation results), for comparison.

Usage::

    python bench/bench_cli.py [--runs 15] [--graph DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: name -> arguments of ``mmru-graph``; ``goal`` marks the commands with the 1.5x target.
COMMANDS: list[tuple[str, list[str], bool]] = [
    ("met", ["met", "Min Aung Hlaing"], True),
    ("met --with", ["met", "Putin", "--with", "Min Aung Hlaing"], False),
    ("path", ["path", "Fomin", "Kasatonov"], True),
    ("path --via full", ["path", "Soe Win", "Kasatonov", "--via", "full", "--k", "3"], False),
    ("central", ["central", "--measure", "betweenness"], True),
    ("sparql", ["sparql", "who-met-whom"], True),
    ("sparql ad-hoc", ["sparql", "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }"],
     True),
    ("sparql visits-to-russia", ["sparql", "visits-to-russia"], False),
    ("timeline", ["timeline"], False),
    ("show", ["show", "Min Aung Hlaing"], False),
]
GOAL = 1.5


def command_prefix() -> list[str]:
    """How to start ``mmru-graph``: the installed console script, else ``python -m``."""
    script = shutil.which("mmru-graph")
    return [script] if script else [sys.executable, "-m", "mmru_graph"]


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of one run of ``argv``; exits with its error if it fails."""
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                          check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command")
    parser.add_argument("--graph", default=str(ROOT / "graph"), help="graph directory")
    args = parser.parse_args()

    prefix = command_prefix()
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, MMRU_GRAPH_CACHE_DIR=cache)
        cold_env = dict(env, MMRU_GRAPH_CACHE="0")
        floor_argv = [sys.executable, "-c", "import rdflib, networkx"]
        runs: list[tuple[str, list[str], dict[str, str], bool]] = [
            (name, [*prefix, *arguments, "--graph", args.graph], env, goal)
            for name, arguments, goal in COMMANDS]
        runs.append(("met (no cache)", [*prefix, "met", "Min Aung Hlaing", "--graph",
                                        args.graph], cold_env, False))
        for _name, argv, run_env, _goal in runs:  # warm-up: fills the caches
            run_once(argv, run_env)
        # Rounds interleave the floor and every command, so a busy machine
        # slows them alike and the ratios stay meaningful.
        floor: list[float] = []
        times: dict[str, list[float]] = {name: [] for name, *_ in runs}
        for _round in range(args.runs):
            floor.append(run_once(floor_argv, env))
            for name, argv, run_env, _goal in runs:
                times[name].append(run_once(argv, run_env))

    floor_median = statistics.median(floor)
    print(f"{args.runs} interleaved runs each, median wall time; floor = "
          f"python -c \"import rdflib, networkx\" = {floor_median * 1000:.0f} ms")
    width = max(len(name) for name, *_ in runs) + 2
    print(f"{'command':<{width}}{'median':>8}{'ratio':>8}  goal (< {GOAL}x)")
    for name, _argv, _env, goal in runs:
        median = statistics.median(times[name])
        ratio = median / floor_median
        verdict = ("ok" if ratio < GOAL else "MISSED") if goal else ""
        print(f"{name:<{width}}{median * 1000:>6.0f}ms{ratio:>7.2f}x  {verdict}")


if __name__ == "__main__":
    main()
