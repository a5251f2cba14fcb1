"""Wall time and peak RSS of every command at scale, per store, against raw pyoxigraph.

    python bench/bench_scale.py --sizes 20000 200000 [--work /tmp/mmru-scale]

For each size: write a synthetic corpus (bench/make_corpus.py), run ``build``
(validation included), then each query command as a fresh process on each
backend (``memory``: the Turtle files, parse cache warm; ``oxigraph``: the
built store; ``sparql``: the Oxigraph server holding graph.nq), and the same
questions asked by a minimal raw pyoxigraph script on the built store, in the
same run, for the ratio. Peak RSS is the child's ``ru_maxrss`` and CPU the
child's user + system time (os.wait4): on a shared machine CPU time is the
steadier figure, wall time the one an analyst feels.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import write_corpus  # noqa: E402

RAW = HERE / "raw_oxigraph.py"


def run(argv: list[str], env: dict[str, str] | None = None
        ) -> tuple[float, float, int, float]:
    """Seconds, peak RSS in MB, exit code and CPU seconds of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0 and process.stderr is not None:
        print(f"    ! {' '.join(argv[2:6])}: exit {code}: "
              f"{process.stderr.read().decode(errors='replace').strip()[:200]}")
    return seconds, usage.ru_maxrss / 1024, code, usage.ru_utime + usage.ru_stime


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(nq: Path, work: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    location = work / "server-db"
    shutil.rmtree(location, ignore_errors=True)
    subprocess.run([binary, "load", "--location", str(location), "--file", str(nq)],
                   check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([binary, "serve-read-only", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).close()
            break
        except OSError:
            time.sleep(0.1)
    return process, url


def commands(first: str, second: str, page: Path, typical: str) -> dict[str, list[str]]:
    return {
        "met": ["met", first],
        "met (typical actor)": ["met", typical],
        "show (typical actor)": ["show", typical],
        "path": ["path", first, second],
        "central degree": ["central", "--measure", "degree"],
        "central betweenness": ["central", "--measure", "betweenness", "--sample", "200"],
        "timeline": ["timeline", "--actor", second],
        "timeline (typical actor)": ["timeline", "--actor", typical],
        "show": ["show", first],
        "sparql named": ["sparql", "who-met-whom", "--format", "csv"],
        "sparql named (typical actor)": ["sparql", "meetings-of-actor", "--param",
                                         f"actor={typical}", "--format", "csv"],
        "view": ["view", "--no-open", "--out", str(page)],
        # A city of make_corpus.py's (about an eighth of the events), and what is inferred.
        "timeline --place": ["timeline", "--place", "Kazan"],
        "show (a place)": ["show", "Kazan"],
        "inferred": ["inferred"],
        # One source alone, and every source but that one (--source, --exclude-source;
        # an endpoint refuses both: exit 2).
        "met --source": ["met", typical, "--source", "source-1"],
        "met --exclude-source": ["met", typical, "--exclude-source", "source-1"],
    }


#: Which raw pyoxigraph question stands for each command (same answer content).
RAW_OF = {"met": "met", "show": "show", "timeline": "timeline", "sparql named": "named",
          "sparql named (typical actor)": "named-actor typical",
          "timeline (typical actor)": "timeline typical",
          "path": "path", "central degree": "degree", "met (typical actor)": "met typical",
          "show (typical actor)": "show typical"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 200000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/mmru-scale"))
    parser.add_argument("--backends", nargs="+", default=["memory", "oxigraph", "sparql"])
    parser.add_argument("--only", nargs="+", default=None, metavar="COMMAND",
                        help="run only these commands (names as printed: met, show, ...)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep a corpus already built under --work (no new build)")
    args = parser.parse_args()
    python = sys.executable
    env = {**os.environ, "MMRU_GRAPH_CACHE_DIR": str(args.work / "cache")}
    rows: list[tuple[int, str, str, float, float, float, str]] = []
    for size in args.sizes:
        corpus = args.work / f"corpus-{size}"
        built = ((corpus / "build" / "store" / "manifest.json").is_file()
                 and (corpus / "corpus.json").is_file())
        if args.reuse and built and "typical" in json.loads((corpus / "corpus.json").read_text()):
            counts = json.loads((corpus / "corpus.json").read_text())
        elif args.reuse and built:  # an older corpus.json: the same corpus, counted again
            counts = write_corpus(size, args.work / "recount")
            shutil.rmtree(args.work / "recount")
            (corpus / "corpus.json").write_text(json.dumps(counts))
        else:
            counts = write_corpus(size, corpus)
            (corpus / "corpus.json").write_text(json.dumps(counts))
        first, second, typical = counts["first"], counts["second"], counts["typical"]
        print(f"\n== {size:,} triples asked ({counts['sources']} sources, "
              f"{counts['events']} events, {counts['actors']} actors); met/show {first!r}")
        if not (args.reuse and built):
            seconds, rss, code, cpu = run([python, "-m", "mmru_graph", "build", "--graph",
                                           str(corpus)], env)
            rows.append((size, "build", "-", seconds, rss, cpu, ""))
            print(f"  build: {seconds:.1f} s, {rss:.0f} MB, {cpu:.1f} cpu-s (exit {code})")
            # Again, nothing changed: build.json says the outputs are current.
            seconds, rss, code, cpu = run([python, "-m", "mmru_graph", "build", "--graph",
                                           str(corpus)], env)
            rows.append((size, "build (nothing changed)", "-", seconds, rss, cpu, ""))
            print(f"  build (nothing changed): {seconds:.1f} s, {rss:.0f} MB, {cpu:.1f} cpu-s "
                  f"(exit {code})")
        # Validation at scale: every check, and a re-run whose SHACL results, quote checks
        # and structural rules come from the caches (build filled them); the parse runs
        # each time.
        for label, switch in (("validate (no cache)", "0"), ("validate (cache warm)", "1")):
            if args.only and label not in args.only:
                continue
            seconds, rss, code, cpu = run([python, "-m", "mmru_graph", "validate", "--graph",
                                           str(corpus)], {**env, "MMRU_GRAPH_CACHE": switch})
            rows.append((size, label, "-", seconds, rss, cpu, ""))
            print(f"  {label}: {seconds:.1f} s, {rss:.0f} MB, {cpu:.1f} cpu-s (exit {code})")
        store = corpus / "build" / "store"
        raw_times: dict[str, tuple[float, float]] = {}
        # Only the questions of the commands run (raw `named` alone takes minutes at 10M).
        asked_of = [name for name in RAW_OF if not args.only or name in args.only]
        for question in sorted({RAW_OF[name] for name in asked_of}):
            asked, *typical_case = question.split()
            ends = [typical, typical] if typical_case else [first, second]
            raw_s, raw_rss, _, raw_cpu = run([python, str(RAW), str(store / "data"), asked,
                                              *ends], env)
            raw_times[question] = (raw_s, raw_cpu)
            rows.append((size, f"raw {question}", "pyoxigraph", raw_s, raw_rss, raw_cpu, ""))
            print(f"  raw pyoxigraph {question}: {raw_s:.2f} s, {raw_rss:.0f} MB, "
                  f"{raw_cpu:.2f} cpu-s")
        server = None
        try:
            for backend in args.backends:
                if backend == "memory":
                    extra = ["--store", "memory"]
                    # Warm the parse cache, as an analyst's second command finds it.
                    run([python, "-m", "mmru_graph", "show", first, "--graph", str(corpus),
                         *extra], env)  # (figures not kept)
                elif backend == "oxigraph":
                    extra = ["--store", "oxigraph"]
                else:
                    server, url = start_server(corpus / "build" / "graph.nq", args.work)
                    extra = ["--endpoint", url]
                for name, argv in commands(first, second, args.work / "page.html",
                                           typical).items():
                    if args.only and name not in args.only:
                        continue
                    seconds, rss, code, cpu = run([python, "-m", "mmru_graph", *argv, "--graph",
                                                   str(corpus), *extra], env)
                    raw = raw_times.get(RAW_OF.get(name, ""))
                    # Wall and CPU ratios: on a shared machine CPU is the steadier one.
                    ratio = (f"{seconds / raw[0]:.2f}x wall, {cpu / raw[1]:.2f}x cpu"
                             if raw else "")
                    rows.append((size, name, backend, seconds, rss, cpu, ratio))
                    print(f"  {backend:8} {name:20} {seconds:7.2f} s {rss:7.0f} MB "
                          f"{cpu:6.2f} cpu-s {ratio}" + ("" if code == 0 else f" (exit {code})"))
        finally:
            if server is not None:
                server.terminate()
                server.wait()
    print("\n| triples | command | store | wall | CPU | peak RSS | vs raw pyoxigraph |")
    print("|---|---|---|---|---|---|---|")
    for size, name, backend, seconds, rss, cpu, ratio in rows:
        print(f"| {size:,} | {name} | {backend} | {seconds:.2f} s | {cpu:.2f} s | {rss:.0f} MB "
              f"| {ratio} |")


if __name__ == "__main__":
    main()
