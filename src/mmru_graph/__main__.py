"""``python -m mmru_graph`` runs the CLI."""

from .cli.main import main

main()
