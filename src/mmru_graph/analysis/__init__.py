"""The analyst's questions over the projections: name resolution, who met whom, paths,
centrality, the timeline and entity cards."""
