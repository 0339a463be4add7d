"""The exceptions multivector raises.

Every error the library raises on bad input is a :class:`MultivectorError`, so a script can
catch them all at once; the subclasses say which part refused. Each message names the
problem and the fix.
"""

from __future__ import annotations

__all__ = [
    "DataError",
    "FormatError",
    "GameError",
    "MissingDependencyError",
    "MultivectorError",
    "ScenarioError",
    "SolverError",
    "WorkLimitError",
]


class MultivectorError(Exception):
    """Base class of every error multivector raises on purpose."""


class GameError(MultivectorError, ValueError):
    """A game could not be built: wrong shape, non-finite payoffs, bad labels."""


class SolverError(MultivectorError):
    """A solver cannot handle this game or these options, or failed its own check."""


class WorkLimitError(SolverError):
    """A method's estimated work on a game is past its budget; refused before it starts.

    The message names the estimate, the budget, faster alternatives and the override
    (``force=True``, ``--force``); :attr:`estimate` holds the
    :class:`~multivector.solver.limits.WorkEstimate`.
    """

    def __init__(self, message: str, *, estimate: object = None) -> None:
        super().__init__(message)
        self.estimate = estimate


class FormatError(MultivectorError, ValueError):
    """A file could not be read or written, or does not hold what it should."""


class ScenarioError(MultivectorError, ValueError):
    """A scenario or one of its parameters is invalid."""


class DataError(MultivectorError, ValueError):
    """Shipped or user-supplied data is malformed."""


class MissingDependencyError(MultivectorError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""
