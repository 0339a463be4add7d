"""Extensive-form and Bayesian games: the tree, its conversions, its subgames.

This package holds what an extensive-form game *is* and what follows from the game
alone; the methods that search for equilibria live in :mod:`multivector.solver.extensive`.
"""

from multivector.games.extensive.bayesian import BayesianGame
from multivector.games.extensive.builder import Chance, Decision, Node, Terminal, from_tree
from multivector.games.extensive.reduced import (
    ReducedStrategies,
    behaviour_to_mixed,
    mixed_to_behaviour,
    reduced_normal_form,
    reduced_strategies,
    reduced_strategy_counts,
)
from multivector.games.extensive.subgames import (
    SubgameView,
    extract_subgame,
    subgame_roots,
    subgames,
)
from multivector.games.extensive.tree import CHANCE, ExtensiveFormGame, SequenceData

__all__ = [
    "CHANCE",
    "BayesianGame",
    "Chance",
    "Decision",
    "ExtensiveFormGame",
    "Node",
    "ReducedStrategies",
    "SequenceData",
    "SubgameView",
    "Terminal",
    "behaviour_to_mixed",
    "extract_subgame",
    "from_tree",
    "mixed_to_behaviour",
    "reduced_normal_form",
    "reduced_strategies",
    "reduced_strategy_counts",
    "subgame_roots",
    "subgames",
]
