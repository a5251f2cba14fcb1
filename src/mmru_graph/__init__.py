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

from .store.loading import load_graph

if TYPE_CHECKING:
    from .analysis.cards import entity_card
    from .analysis.centrality import rank
    from .analysis.contacts import negative_statements, who_met
    from .analysis.paths import explain_paths
    from .analysis.resolve import find_candidates, resolve_name
    from .analysis.timeline import timeline
    from .build import build_graph
    from .projection.graphs import actor_graph, full_graph
    from .sparql.guard import run_query
    from .sparql.named import list_named_queries, run_named_query
    from .validate import validate_graph
    from .view.page import render_network_html, render_network_page, write_network_html

__version__ = "0.1.0"

#: Public name -> the module that defines it (imported when first used).
_LAZY = {
    "timeline": "analysis.timeline",
    "full_graph": "projection.graphs",
    "actor_graph": "projection.graphs",
    "resolve_name": "analysis.resolve",
    "find_candidates": "analysis.resolve",
    "who_met": "analysis.contacts",
    "negative_statements": "analysis.contacts",
    "explain_paths": "analysis.paths",
    "rank": "analysis.centrality",
    "entity_card": "analysis.cards",
    "run_query": "sparql.guard",
    "run_named_query": "sparql.named",
    "list_named_queries": "sparql.named",
    "validate_graph": "validate",
    "build_graph": "build",
    "render_network_html": "view.page",
    "render_network_page": "view.page",
    "write_network_html": "view.page",
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
