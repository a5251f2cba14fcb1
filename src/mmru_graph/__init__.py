"""mmru-graph: a knowledge graph of Myanmar–Russia ties since the February 2021 coup.

The library comes first; the ``mmru-graph`` command is a thin layer over it.
"""

from __future__ import annotations

from .loading import load_graph

__version__ = "0.1.0"

__all__ = ["__version__", "load_graph"]
