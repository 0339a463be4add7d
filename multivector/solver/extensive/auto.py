"""Which extensive-form method ``solve(tree)`` runs, and the dispatch to it."""

from __future__ import annotations

import math
from typing import Any

from multivector.errors import SolverError
from multivector.games.extensive.reduced import reduced_strategy_counts
from multivector.games.extensive.tree import ExtensiveFormGame
from multivector.solver.extensive.result import ExtensiveSolution

__all__ = ["AUTO_ALL_PROFILES", "auto_method", "solve_extensive"]

#: Largest reduced normal form (in profiles) on which ``auto`` lists every extreme
#: equilibrium of a 2-player game rather than one by Lemke's algorithm.
AUTO_ALL_PROFILES = 100


def auto_method(game: ExtensiveFormGame) -> tuple[str, dict[str, Any]]:
    """The method ``"auto"`` picks for a tree, and its options.

    Perfect information: ``backward-induction`` (every pure subgame perfect
    equilibrium). Two players: ``sequence-form``, listing every extreme equilibrium when
    the reduced normal form has at most :data:`AUTO_ALL_PROFILES` profiles, else one by
    Lemke's algorithm. More players: ``subgame-perfect``.
    """
    if game.is_perfect_information and game.perfect_recall:
        return "backward-induction", {}
    if not game.perfect_recall:
        raise SolverError(
            "this game has imperfect recall, which every method on the tree needs; solve "
            "its reduced normal form: solve(reduced_normal_form(game))"
        )
    if game.num_players == 2:
        small = math.prod(reduced_strategy_counts(game)) <= AUTO_ALL_PROFILES
        return "sequence-form", {"all": True} if small else {}
    return "subgame-perfect", {}


def solve_extensive(
    game: ExtensiveFormGame, method: str = "auto", *, exact: bool = False, **options: Any
) -> ExtensiveSolution:
    """Solve a tree with a named extensive-form method, or the one ``auto`` picks.

    Examples
    --------
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> from multivector import solve
    >>> g = from_tree(["Entrant", "Incumbent"], Decision("Entrant", {
    ...     "out": Terminal([0, 2]),
    ...     "in": Decision("Incumbent", {"fight": Terminal([-1, -1]),
    ...                                  "accommodate": Terminal([1, 1])})}))
    >>> sol = solve(g)
    >>> sol.method, sol.complete, [e.path() for e in sol]
    ('backward-induction', True, [[(('in', 'accommodate'), 1.0)]])
    """
    from multivector.solver import METHODS

    if method == "auto":
        name, defaults = auto_method(game)
        options = {**defaults, **options}
    else:
        name = method
    info = METHODS.get(name)
    if info is None:
        known = [k for k, v in METHODS.items() if v.kind == "extensive"]
        raise SolverError(
            f"unknown method {method!r}; for a tree choose one of {['auto', *known]}"
        )
    if info.kind != "extensive":
        raise SolverError(
            f"method {name!r} solves normal-form games; for a tree use one of the tree "
            "methods, or solve reduced_normal_form(game) with it"
        )
    if not info.accepts(game):
        raise SolverError(
            f"method {name!r} needs a {info.players}-player game; this game has "
            f"{game.num_players} players"
        )
    if exact:
        if name == "sequence-form":
            options["exact"] = True
        elif name != "backward-induction":
            raise SolverError(f"method {name!r} has no exact mode; drop exact=True")
    solution: ExtensiveSolution = info.load()(game, **options)  # type: ignore[assignment]
    return solution
