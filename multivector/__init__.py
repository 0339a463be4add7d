"""multivector: multi-vector foreign policy as games, and the solvers to read them.

The public API is re-exported here::

    >>> from multivector import NormalFormGame, solve
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [e.supports for e in solve(pd)]
    [((1,), (1,))]
"""

from multivector.errors import (
    DataError,
    FormatError,
    GameError,
    MissingDependencyError,
    MultivectorError,
    ScenarioError,
    SolverError,
)
from multivector.games.normal_form import NormalFormGame
from multivector.jsonable import to_jsonable
from multivector.solver import METHODS, Equilibrium, MethodInfo, Solution, solve

__version__ = "0.1.0"

__all__ = [
    "METHODS",
    "DataError",
    "Equilibrium",
    "FormatError",
    "GameError",
    "MethodInfo",
    "MissingDependencyError",
    "MultivectorError",
    "NormalFormGame",
    "ScenarioError",
    "Solution",
    "SolverError",
    "__version__",
    "solve",
    "to_jsonable",
]
