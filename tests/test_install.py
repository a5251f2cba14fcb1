"""`pip install .` (not only editable) gives a CLI that finds its graph anywhere.

Builds the wheel, checks the curated graph is inside it (and the build
outputs are not), installs it into a fresh virtual environment and runs the
installed `mmru-graph` from an empty directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.slow, pytest.mark.article]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True)
    (built,) = out.glob("mmru_graph-*.whl")
    return built


def test_wheel_bundles_the_curated_graph_and_nothing_built(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mmru_graph/_graph/ontology.ttl" in names
    assert "mmru_graph/_graph/shapes.ttl" in names
    assert "mmru_graph/_graph/sources/myanmar-russia-post-coup-2021.txt" in names
    assert any(n.startswith("mmru_graph/_graph/data/") and n.endswith(".ttl") for n in names)
    assert any(n.startswith("mmru_graph/_graph/queries/") and n.endswith(".rq") for n in names)
    bundled = [n for n in names if n.startswith("mmru_graph/_graph/")]
    assert not [n for n in bundled if "/build/" in n or n.endswith((".pyc", ".html"))]


# How to run each command in the installed copy: its base arguments. A command
# missing here fails the coverage test below, so a new command is exercised too.
BASE_ARGS: dict[str, list[str]] = {
    "build": ["build", "--out", "{tmp}/out"],
    "validate": ["validate"],
    "locate": ["locate", "Thilawa Port"],
    "met": ["met", "Min Aung Hlaing"],
    "path": ["path", "Fomin", "Kasatonov"],
    "central": ["central", "--top", "3"],
    "timeline": ["timeline", "--since", "2021-06", "--until", "2021-06"],
    "show": ["show", "Putin"],
    "inferred": ["inferred"],
    "export": ["export", "--format", "gexf", "--out", "{tmp}/export.out"],
    "sparql": ["sparql", "who-met-whom"],
    "queries": ["queries"],
    "view": ["view", "--no-open", "--out", "{tmp}/view.html"],
    # add-source writes: into a copy of the graph (made below), never the installed one
    "add-source": ["add-source", "{tmp}/new.txt", "--title", "New", "--publisher", "New Wire",
                   "--published", "2022-09-08", "--graph", "{tmp}/g"],
    "sources": ["sources"],
    "conflicts": ["conflicts"],
    "mentions": ["mentions", "source-irrawaddy-2021"],
    "draft": ["draft", "source-irrawaddy-2021", "--out", "{tmp}/draft.ttl"],
}
# Choices that need other arguments than the base (a Turtle result needs a CONSTRUCT).
CHOICE_ARGS: dict[tuple[str, str], list[str]] = {
    ("sparql", "turtle"): ["sparql", "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3"],
}


def invocations() -> list[list[str]]:
    """Every command once, then once per value of each of its choice options."""
    import click

    from mmru_graph.cli import cli

    runs = []
    for name, command in sorted(cli.commands.items()):
        runs.append(BASE_ARGS[name])
        for param in command.params:
            if isinstance(param, click.Option) and isinstance(param.type, click.Choice):
                for choice in param.type.choices:
                    base = CHOICE_ARGS.get((name, str(choice)), BASE_ARGS[name])
                    runs.append([*base, param.opts[0], str(choice)])
    return runs


def test_every_command_has_base_arguments() -> None:
    from mmru_graph.cli import cli

    assert set(cli.commands) == set(BASE_ARGS)


@pytest.fixture(scope="module")
def isolated_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed with its declared dependencies into a venv that sees nothing else.

    No ``--system-site-packages``: every package must come from the wheel's
    own dependency list (pip fetches them from the package index), so an
    undeclared dependency fails here exactly as it would for a new user.
    """
    venv = tmp_path_factory.mktemp("isolated") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    assert "include-system-site-packages = false" in (venv / "pyvenv.cfg").read_text()
    py = venv / "bin" / "python"
    done = subprocess.run([str(py), "-m", "pip", "install", "--quiet",
                           "--disable-pip-version-check", str(wheel)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return venv


def test_installed_cli_finds_its_graph_from_any_directory(isolated_venv: Path,
                                                          tmp_path: Path) -> None:
    py = isolated_venv / "bin" / "python"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MMRU_GRAPH_DIR", "PYTHONPATH")}
    where = subprocess.run([str(py), "-c", "import mmru_graph; print(mmru_graph.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert str(isolated_venv) in where.stdout, "the installed wheel, not the checkout"
    # nothing outside the venv is importable: the machine's packages are not borrowed
    paths = subprocess.run([str(py), "-c", "import sys; print('\\n'.join(sys.path))"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert not [p for p in paths.stdout.split() if "site-packages" in p
                and not p.startswith(str(isolated_venv))]


@pytest.fixture(scope="module")
def installed_store(isolated_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Oxigraph store the installed copy builds from its bundled graph."""
    out = tmp_path_factory.mktemp("installed-build")
    env = {k: v for k, v in os.environ.items() if k not in ("MMRU_GRAPH_DIR", "PYTHONPATH")}
    subprocess.run([str(isolated_venv / "bin" / "mmru-graph"), "build", "--out", str(out)],
                   cwd=out, env=env, capture_output=True, check=True, timeout=300)
    return out / "store"


@pytest.mark.parametrize("args", invocations(), ids=" ".join)
def test_every_command_and_choice_runs_in_the_isolated_install(
        isolated_venv: Path, tmp_path: Path, args: list[str],
        request: pytest.FixtureRequest) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MMRU_GRAPH_DIR", "PYTHONPATH")}
    env["MMRU_GRAPH_CACHE"] = "0"
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if argv[0] == "add-source":
        import shutil

        shutil.copytree(ROOT / "graph", tmp_path / "g", ignore=shutil.ignore_patterns("build"))
        (tmp_path / "new.txt").write_text("Min Aung Hlaing met Putin.", encoding="utf-8")
    if argv[-2:] == ["--store", "oxigraph"]:  # the store a build of the bundled graph wrote
        argv += ["--store-dir", str(request.getfixturevalue("installed_store"))]
    done = subprocess.run([str(isolated_venv / "bin" / "mmru-graph"), *argv], cwd=elsewhere,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "", done.stderr
    assert done.stdout.strip()
    if argv[0] == "build":
        for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.graphml",
                     "network.html"):
            assert (tmp_path / "out" / name).stat().st_size > 0
    if argv[0] == "view":
        assert (tmp_path / "view.html").stat().st_size > 0
