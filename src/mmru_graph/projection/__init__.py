"""RDF to networkx: which resources become nodes (:mod:`.nodes`) and the full and
actor graphs built from them (:mod:`.graphs`)."""
