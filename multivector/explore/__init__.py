"""Exploring models: what the solvers say about scenarios across calibrations.

This part uses :mod:`multivector.games` and :mod:`multivector.solver`; neither of them
imports it.
"""

__all__: list[str] = []
