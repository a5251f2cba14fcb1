"""Where the graph lives and how it is read: the graph folder, loading, the parse cache,
and the data-access index the projections and analyses read through."""
