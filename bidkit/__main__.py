"""``python -m bidkit`` runs the command line."""

from bidkit.cli import run

run()
