"""The ``multivector`` command line (typer + rich).

The command line only parses, calls the library and formats; ``main`` is the console entry
point and ``python -m multivector`` runs it.
"""

from multivector.cli.app import app, main

__all__ = ["app", "main"]
