"""``python -m termkit`` runs the CLI."""

from termkit.cli import main

main()
