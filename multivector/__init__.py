"""multivector: multi-vector foreign policy as games, and the solvers to read them.

The public API is re-exported here::

    >>> from multivector import NormalFormGame, solve
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [e.supports for e in solve(pd)]
    [((1,), (1,))]
"""

import importlib
import typing

from multivector.errors import (
    DataError,
    FormatError,
    GameError,
    MissingDependencyError,
    MultivectorError,
    ScenarioError,
    SolverError,
    WorkLimitError,
)

if typing.TYPE_CHECKING:
    from multivector.games.normal_form import NormalFormGame
    from multivector.jsonable import to_jsonable
    from multivector.solver import METHODS, Equilibrium, MethodInfo, Solution, solve

__version__ = "0.1.0"

# The names that need numpy are imported on first use, so that ``import multivector`` (and
# the command line's ``--help``) does not pay for numpy: name -> the module defining it.
_LAZY = {
    "NormalFormGame": "multivector.games.normal_form",
    "to_jsonable": "multivector.jsonable",
    "METHODS": "multivector.solver",
    "Equilibrium": "multivector.solver",
    "MethodInfo": "multivector.solver",
    "Solution": "multivector.solver",
    "solve": "multivector.solver",
}


def __getattr__(name: str) -> typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'multivector' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
    "WorkLimitError",
    "__version__",
    "solve",
    "to_jsonable",
]
