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

pytestmark = pytest.mark.slow


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


def test_installed_cli_finds_its_graph_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    # System site-packages supply the dependencies (no network needed); the
    # wheel itself is installed into the venv, which shadows any editable copy.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True, text=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "MMRU_GRAPH_DIR"}
    where = subprocess.run([str(py), "-c", "import mmru_graph; print(mmru_graph.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert str(venv) in where.stdout, "the installed wheel, not the checkout, must be imported"
    result = subprocess.run([str(venv / "bin" / "mmru-graph"), "validate"], cwd=elsewhere,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    built = subprocess.run([str(venv / "bin" / "mmru-graph"), "build", "--out",
                            str(elsewhere / "out")], cwd=elsewhere, env=env,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert (elsewhere / "out" / "graph.ttl").stat().st_size > 0
    assert (elsewhere / "out" / "network.html").stat().st_size > 0
