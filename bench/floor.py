"""What a whole process must pay before it answers, against raw pyoxigraph asking the same.

Issue 11's last goal asks ``met``, ``show``, ``timeline`` and named ``sparql`` on a
2M-triple store to run within 1.5x of ``bench/raw_oxigraph.py`` asking the same
question. This prints, best of ``--runs`` fresh processes each (best, not median:
the floor is what the machine can do), the wall time of:

- the interpreter alone, and importing pyoxigraph, click, rdflib and networkx;
- the raw script, for each question;
- a one-command click CLI that does exactly what the raw script does
  (``floor_cli``, below): the least any click command can cost;
- the four ``mmru-graph`` commands, asked the same questions;

each with its ratio to the raw script asking ``met``. A ratio above 1.5 for the
click CLI or for an import means no command built on it can meet the goal.

Usage::

    python bench/floor.py GRAPH_DIR ACTOR [--runs 7]

``GRAPH_DIR`` is a built corpus (``bench/make_corpus.py`` then ``mmru-graph build``),
``ACTOR`` a name in it (``"Oleg Volkov 1772"`` in the 2M corpus).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: A click CLI around the raw script: ``python -c FLOOR_CLI STORE QUESTION FIRST SECOND``.
FLOOR_CLI = f"""
import sys
import click
sys.path.insert(0, {str(HERE)!r})
import raw_oxigraph

@click.command()
@click.argument("store")
@click.argument("question")
@click.argument("first")
@click.argument("second")
def floor_cli(store, question, first, second):
    sys.argv = ["raw", store, question, first, second]
    raw_oxigraph.main()

floor_cli()
"""


def best(argv: list[str], runs: int) -> float:
    """The least wall time of ``runs`` fresh runs of ``argv`` (one more, untimed, first)."""
    times = []
    for run in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              check=False)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed ({done.returncode}): "
                     f"{done.stderr.decode(errors='replace').strip()}")
        if run:
            times.append(elapsed)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph", type=Path, help="a built corpus folder")
    parser.add_argument("actor", help="an actor's name in it")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    store = str(args.graph / "build" / "store" / "data")
    python, actor = sys.executable, args.actor
    raw = [python, str(HERE / "raw_oxigraph.py"), store]
    cli = [python, "-m", "mmru_graph"]
    graph = ["--graph", str(args.graph)]
    rows = [
        ("python -c pass", [python, "-c", "pass"]),
        ("import pyoxigraph", [python, "-c", "import pyoxigraph"]),
        ("import click", [python, "-c", "import click"]),
        ("import click, pyoxigraph", [python, "-c", "import click, pyoxigraph"]),
        ("import rdflib", [python, "-c", "import rdflib"]),
        ("import networkx", [python, "-c", "import networkx"]),
        ("raw met", [*raw, "met", actor, actor]),
        ("raw show", [*raw, "show", actor, actor]),
        ("raw timeline", [*raw, "timeline", actor, actor]),
        ("raw named-actor", [*raw, "named-actor", actor, actor]),
        ("click CLI: raw met", [python, "-c", FLOOR_CLI, store, "met", actor, actor]),
        ("mmru-graph --version", [*cli, "--version"]),
        ("mmru-graph met", [*cli, "met", actor, *graph]),
        ("mmru-graph show", [*cli, "show", actor, *graph]),
        ("mmru-graph timeline --actor", [*cli, "timeline", "--actor", actor, *graph]),
        ("mmru-graph sparql meetings-of-actor",
         [*cli, "sparql", "meetings-of-actor", "--param", f"actor={actor}", "--format", "csv",
          *graph]),
    ]
    found = {label: best(argv, args.runs) for label, argv in rows}
    floor = found["raw met"]
    print(f"best of {args.runs} runs each; ratio to raw met ({floor * 1000:.0f} ms); goal 1.5")
    for label, seconds in found.items():
        print(f"{label:38} {seconds * 1000:7.0f} ms  {seconds / floor:5.2f}x")


if __name__ == "__main__":
    main()
