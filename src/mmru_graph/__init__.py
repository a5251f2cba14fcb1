"""mmru-graph: a knowledge graph of Myanmar–Russia ties since the February 2021 coup.

The library comes first; the ``mmru-graph`` command is a thin layer over it.
Every answer names its events and quotes its evidence.

>>> import mmru_graph as mg
>>> g = mg.load_graph()
>>> [c.counterpart for c in mg.who_met(g, "Putin")]
['Htin Kyaw', 'Aung San Suu Kyi']
>>> mg.resolve_name(g, "coup leader")
'https://w3id.org/mmru-graph/id/min-aung-hlaing'
>>> mg.rank(g, "degree", top=1)[0].name
'Min Aung Hlaing'

The functions are imported on first use, so ``import mmru_graph`` (and every
start of the command line) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .loading import load_graph

# Imported now, not lazily: importing the submodule ``timeline`` would
# otherwise replace the package attribute with the module.
from .timeline import timeline

if TYPE_CHECKING:
    from .build import build_graph
    from .cards import entity_card
    from .centrality import rank
    from .contacts import negative_statements, who_met
    from .named_queries import list_named_queries, run_named_query
    from .paths_between import explain_paths
    from .projection import actor_graph, full_graph
    from .resolve import find_candidates, resolve_name
    from .sparql import run_query
    from .validate import validate_graph
    from .view import render_network_html, render_network_page, write_network_html

__version__ = "0.1.0"

#: Public name -> the module that defines it (imported when first used).
_LAZY = {
    "full_graph": "projection",
    "actor_graph": "projection",
    "resolve_name": "resolve",
    "find_candidates": "resolve",
    "who_met": "contacts",
    "negative_statements": "contacts",
    "explain_paths": "paths_between",
    "rank": "centrality",
    "entity_card": "cards",
    "run_query": "sparql",
    "run_named_query": "named_queries",
    "list_named_queries": "named_queries",
    "validate_graph": "validate",
    "build_graph": "build",
    "render_network_html": "view",
    "render_network_page": "view",
    "write_network_html": "view",
}

__all__ = ["__version__", "actor_graph", "build_graph", "entity_card", "explain_paths",
           "find_candidates", "full_graph", "list_named_queries", "load_graph",
           "negative_statements", "rank", "render_network_html", "render_network_page",
           "resolve_name", "run_named_query", "run_query", "timeline", "validate_graph",
           "who_met", "write_network_html"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mmru_graph' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
