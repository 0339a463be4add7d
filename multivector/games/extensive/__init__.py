"""Extensive-form and Bayesian games: the tree, its conversions, its subgames.

This package holds what an extensive-form game *is* and what follows from the game
alone; the methods that search for equilibria live in :mod:`multivector.solver.extensive`.
"""

from multivector.games.extensive.builder import Chance, Decision, Node, Terminal, from_tree
from multivector.games.extensive.tree import CHANCE, ExtensiveFormGame, SequenceData

__all__ = [
    "CHANCE",
    "Chance",
    "Decision",
    "ExtensiveFormGame",
    "Node",
    "SequenceData",
    "Terminal",
    "from_tree",
]
