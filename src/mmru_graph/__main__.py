"""``python -m mmru_graph`` runs the CLI."""

from .cli import main

main()
