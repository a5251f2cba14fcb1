"""Where the graph lives and how it is read: the graph folder, loading from one of three
stores (rdflib in memory, the embedded Oxigraph store, a SPARQL endpoint), the parse
cache, and the data-access index the projections and analyses read through."""
