"""mmru-graph: a knowledge graph of Myanmar–Russia ties since the February 2021 coup.

The library comes first; the ``mmru-graph`` command is a thin layer over it.
Every answer names its events and quotes its evidence.

``mg.load_graph()`` loads the curated graph; the same calls answer on any
graph, here a tiny one built in place:

>>> import mmru_graph as mg
>>> from mmru_graph.namespaces import TURTLE_PREFIXES
>>> from mmru_graph.store.loading import new_graph
>>> g = new_graph().parse(format="turtle", data=TURTLE_PREFIXES + '''
... id:chile a schema:Country ; schema:name "Chile" ; mmru:sideOrder 1 .
... id:peru a schema:Country ; schema:name "Peru" ; mmru:sideOrder 2 .
... id:ana a schema:Person ; schema:name "Ana Rojas" ;
...     schema:alternateName "the minister" ; mmru:side id:chile .
... id:luis a schema:Person ; schema:name "Luis Quispe" ; mmru:side id:peru .
... id:eva a schema:Person ; schema:name "Eva Mamani" ; mmru:side id:peru .
... id:talks a mmru:Talks ; schema:name "Rojas–Quispe talks" ;
...     schema:startDate "2022-05-04"^^xsd:date ; schema:attendee id:ana , id:luis .
... id:parade a mmru:Parade ; schema:name "Navy day parade" ;
...     schema:startDate "2022-06-08"^^xsd:date ; schema:attendee id:luis , id:eva .
... ''')
>>> [c.counterpart for c in mg.who_met(g, "Quispe")]
['Ana Rojas', 'Eva Mamani']
>>> mg.resolve_name(g, "the minister")
'https://w3id.org/mmru-graph/id/ana'
>>> mg.rank(g, "degree", top=1)[0].name
'Luis Quispe'

The functions are imported on first use, so ``import mmru_graph`` (and every
start of the command line) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
    from .store.loading import load_graph
    from .validate import validate_graph
    from .view.page import render_network_html, render_network_page, write_network_html

__version__ = "0.1.0"

#: Public name -> the module that defines it (imported when first used).
_LAZY = {
    "load_graph": "store.loading",
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
