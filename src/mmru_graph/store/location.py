"""Where the graph data lives.

The graph directory is resolved, in order, from an explicit argument (the
CLI's ``--graph DIR``), the ``MMRU_GRAPH_DIR`` environment variable, a
``graph/`` folder in the current directory, and the copy bundled inside the
installed package. So a checkout works from its root and an installed
``mmru-graph`` works from anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import GraphNotFoundError

ENV_VAR = "MMRU_GRAPH_DIR"
_BUNDLED = Path(__file__).parents[1] / "_graph"
_CHECKOUT = Path(__file__).resolve().parents[3] / "graph"


def _looks_like_graph_dir(path: Path) -> bool:
    return (path / "ontology.ttl").is_file() and (path / "data").is_dir()


def resolve_graph_dir(graph_dir: str | os.PathLike[str] | None = None) -> Path:
    """Return the graph directory to read from.

    Parameters
    ----------
    graph_dir : path, optional
        An explicit directory; when given it must exist and hold
        ``ontology.ttl`` and ``data/``.

    Raises
    ------
    GraphNotFoundError
        If the explicit or environment directory is not a graph directory,
        or no directory is found at all.
    """
    if graph_dir is None and os.environ.get(ENV_VAR):
        graph_dir = os.environ[ENV_VAR]
    if graph_dir is not None:
        path = Path(graph_dir)
        if not path.is_dir():
            raise GraphNotFoundError(f"{path}: graph directory does not exist")
        if not _looks_like_graph_dir(path):
            raise GraphNotFoundError(
                f"{path}: not a graph directory (needs ontology.ttl and data/)")
        return path
    for candidate in (Path.cwd() / "graph", _CHECKOUT, _BUNDLED):
        if _looks_like_graph_dir(candidate):
            return candidate
    raise GraphNotFoundError(
        f"no graph directory found: pass --graph DIR or set {ENV_VAR}")


def default_build_dir(graph_dir: Path) -> Path:
    """The default output directory of ``mmru-graph build``: ``GRAPH/build``.

    The bundled copy inside an installed package is read-only in spirit, so
    building from it writes to ``./graph-build`` in the current directory.
    """
    if graph_dir.resolve() == _BUNDLED.resolve():
        return Path.cwd() / "graph-build"
    return graph_dir / "build"


def default_store_dir(graph_dir: Path) -> Path:
    """Where ``build`` writes the Oxigraph store by default: ``GRAPH/build/store``.

    Inside the build folder, so it is replaced together with the other outputs.
    """
    return default_build_dir(graph_dir) / "store"
