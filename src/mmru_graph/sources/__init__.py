"""Many sources, one graph: the source registry, named graphs per source,
conflicts between sources, and help linking a new text's mentions."""
