"""SPARQL: the guard that runs a query safely, the named queries of ``graph/queries/``,
and the formats a result is printed in."""
