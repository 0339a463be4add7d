"""Solvers: what we compute from a game.

Each algorithm is a plain function in its own module; :func:`solve` sits on top and picks
one by name from :data:`METHODS`, the registry that says for each method which games it
takes, whether it finds every equilibrium, and whether it computes exactly.

Modules are imported when a method first runs, so that ``import multivector`` and the
command line stay fast (compiled kernels load only for the methods that need them).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver.equilibrium import Component, Equilibrium, Solution, make_equilibrium

__all__ = [
    "METHODS",
    "Component",
    "Equilibrium",
    "MethodInfo",
    "Solution",
    "make_equilibrium",
    "solve",
]


@dataclass(frozen=True)
class MethodInfo:
    """What a solver method guarantees.

    Attributes
    ----------
    name : str
        The name given to :func:`solve` and to ``multivector solve --method``.
    players : str
        ``"2"`` for 2-player games only, ``"n"`` for any number of players.
    finds : str
        ``"all"`` (every extreme equilibrium, hence every equilibrium), ``"pure"`` (every
        pure equilibrium), ``"one"`` (one equilibrium) or ``"accessible"`` (those reachable
        by a path-following graph walk).
    exact : bool
        True when the method computes in rational arithmetic and certifies zero regret.
    runner : str
        ``"module:function"`` of the function taking ``(game, **options)`` and returning a
        :class:`Solution`.
    summary : str
        One line for ``multivector methods``.
    reference : str
        Where the algorithm comes from.
    """

    name: str
    players: str
    finds: str
    exact: bool
    runner: str
    summary: str
    reference: str

    def accepts(self, game: NormalFormGame) -> bool:
        """True when the method can run on ``game``."""
        return self.players == "n" or game.num_players == int(self.players)

    def load(self) -> Callable[..., Solution]:
        """Import and return the runner."""
        module, func = self.runner.split(":")
        runner: Callable[..., Solution] = getattr(importlib.import_module(module), func)
        return runner


METHODS: dict[str, MethodInfo] = {
    info.name: info
    for info in [
        MethodInfo(
            name="pure",
            players="n",
            finds="pure",
            exact=False,
            runner="multivector.solver.pure:run_pure",
            summary="every pure-strategy equilibrium, vectorised (also over stacks of games)",
            reference="definition of Nash equilibrium; exhaustive check",
        ),
        MethodInfo(
            name="vertex",
            players="2",
            finds="all",
            exact=False,
            runner="multivector.solver.vertex:run_vertex",
            summary=(
                "every extreme equilibrium and the convex components, degenerate games "
                "included; floating point, switching to exact arithmetic on degenerate games"
            ),
            reference="vertex enumeration of the best-response polytopes (von Stengel 2007, "
            "Algorithmic Game Theory, Section 3.5; Avis et al. 2010)",
        ),
        MethodInfo(
            name="exact",
            players="2",
            finds="all",
            exact=True,
            runner="multivector.solver.vertex:run_exact",
            summary="as 'vertex', in rational arithmetic, regret certified exactly zero",
            reference="vertex enumeration by exact integer pivoting (Avis 2000, lrs)",
        ),
        MethodInfo(
            name="lemke-howson",
            players="2",
            finds="one",
            exact=False,
            runner="multivector.solver.lemke_howson:run_lemke_howson",
            summary="one equilibrium by complementary pivoting from a chosen label (label=0)",
            reference="Lemke and Howson 1964; von Stengel 2007, Algorithm 3.5 (lexicographic)",
        ),
        MethodInfo(
            name="lh-graph",
            players="2",
            finds="accessible",
            exact=False,
            runner="multivector.solver.lemke_howson:run_lh_graph",
            summary="every equilibrium reachable by Lemke-Howson paths from any equilibrium "
            "(Gambit's lcp walk)",
            reference="Shapley 1974; von Stengel 2007, Section 3.6 (the LH graph)",
        ),
    ]
}


def _auto(game: NormalFormGame, exact: bool) -> str:
    if game.num_players == 2:
        return "exact" if exact else "vertex"
    if exact:
        raise SolverError(
            f"exact arithmetic is available for 2-player games only; this game has "
            f"{game.num_players} players. Drop exact=True / --exact"
        )
    return "pure"


def solve(
    game: NormalFormGame, method: str = "auto", *, exact: bool = False, **options: Any
) -> Solution:
    """Solve a game with a named method, or with the best complete one (``"auto"``).

    Parameters
    ----------
    game : NormalFormGame
    method : str
        A key of :data:`METHODS`, or ``"auto"``: every extreme equilibrium for 2 players
        (``"vertex"``, or ``"exact"`` with ``exact=True``), every pure equilibrium for
        more players.
    exact : bool
        Ask for rational arithmetic (2-player enumeration only).
    **options
        Passed to the method (for example ``label=2`` for ``"lemke-howson"``).

    Returns
    -------
    Solution
        The equilibria, the method that ran and whether the list is complete.

    Raises
    ------
    SolverError
        For an unknown method, or one that does not take this game.

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> sol = solve(bos)
    >>> sol.method, sol.complete, len(sol.equilibria)
    ('vertex', True, 3)
    >>> [e.profile[0].tolist() for e in sol.equilibria]
    [[1.0, 0.0], [0.6666666666666666, 0.3333333333333333], [0.0, 1.0]]
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(
            f"solve() takes a NormalFormGame, not {type(game).__name__}; build one with "
            "NormalFormGame(payoffs) or NormalFormGame.from_bimatrix(A, B)"
        )
    name = _auto(game, exact) if method == "auto" else method
    if name not in METHODS:
        raise SolverError(
            f"unknown method {method!r}; choose one of {['auto', *METHODS]} "
            "(see `multivector methods`)"
        )
    info = METHODS[name]
    if exact and not info.exact:
        if name == "vertex":
            info = METHODS["exact"]
        else:
            raise SolverError(
                f"method {name!r} is not exact; use method='exact' (2-player) or drop exact"
            )
    if not info.accepts(game):
        raise SolverError(
            f"method {info.name!r} needs a {info.players}-player game; this game has "
            f"{game.num_players} players. Use method='pure' or 'auto'"
        )
    return info.load()(game, **options)
