"""Subgame perfect equilibria of games of imperfect information, subgame by subgame.

Each proper subgame is solved bottom up: the deepest ones first, with a complete method
on their reduced normal form (every extreme equilibrium for 2 players, every isolated one
for more players, as :func:`multivector.solver.solve` chooses); each subgame is then
replaced by the payoffs of one of its equilibria and the subgame above is solved, once
for every combination of the equilibria chosen below (Selten 1965, 1975).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError
from multivector.games.extensive.reduced import (
    mixed_to_behaviour,
    reduced_normal_form,
    reduced_strategies,
)
from multivector.games.extensive.subgames import extract_subgame, subgame_roots
from multivector.games.extensive.tree import ExtensiveFormGame
from multivector.solver.extensive.result import (
    ExtensiveSolution,
    make_behaviour_equilibrium,
)

__all__ = [
    "DEFAULT_MAX_COMBINATIONS",
    "DEFAULT_MAX_SUPPORTS",
    "run_subgame_perfect",
    "subgame_perfect",
]

#: Largest number of combinations of subgame equilibria followed by default.
DEFAULT_MAX_COMBINATIONS = 1000

METHOD = "subgame-perfect"

#: With 3 or more players, the most support profiles solved completely per subgame.
DEFAULT_MAX_SUPPORTS = 400


def _normal_form_method(nf: Any, max_supports: int) -> str:
    if nf.num_players == 2:
        return "vertex"
    from multivector.solver.nplayer import support_profile_count

    return "support-homotopy" if support_profile_count(nf.shape) <= max_supports else "logit-trace"


Partial = tuple[dict[int, NDArray[np.float64]], NDArray[np.float64]]


def subgame_perfect(
    game: ExtensiveFormGame,
    *,
    max_combinations: int = DEFAULT_MAX_COMBINATIONS,
    max_profiles: int = 250_000,
    max_supports: int = DEFAULT_MAX_SUPPORTS,
) -> ExtensiveSolution:
    """Subgame perfect equilibria by solving every proper subgame with complete methods.

    Parameters
    ----------
    game : ExtensiveFormGame
        Any number of players, perfect recall.
    max_combinations : int
        Stop after this many combinations of subgame equilibria at any subgame; the
        result then says ``complete=False`` and why.
    max_profiles : int
        Largest reduced normal form of a subgame.
    max_supports : int
        With 3 or more players, a subgame whose reduced normal form has at most this
        many support profiles is solved completely (``"support-homotopy"``); a larger
        one by one equilibrium (``"logit-trace"``), and the result is then not complete.

    Returns
    -------
    ExtensiveSolution
        ``complete`` is True when every subgame's method was complete and no limit was
        hit: then every subgame perfect equilibrium whose restriction to each subgame
        is an extreme equilibrium there is listed.

    Examples
    --------
    A battle of the sexes after an outside option (Kohlberg and Mertens 1986): the
    subgame has three equilibria, and the outside option (2, 2) beats the mixed one.

    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["A", "B"], Decision("A", {
    ...     "out": Terminal([2, 2]),
    ...     "in": Decision("A", {
    ...         "x": Decision("B", {"l": Terminal([3, 1]), "r": Terminal([0, 0])}, infoset="b"),
    ...         "y": Decision("B", {"l": Terminal([0, 0]), "r": Terminal([1, 3])}, infoset="b"),
    ...     })}))
    >>> sol = subgame_perfect(g)
    >>> sol.complete, sorted(tuple(a for a, _ in e.path()) for e in sol)
    (True, [(('in', 'x', 'l'),), (('out',),), (('out',),)])
    """
    game.require_perfect_recall("subgame-perfect")
    if game.num_players < 2:
        raise SolverError("subgame-perfect needs 2 or more players; use backward-induction")
    roots = subgame_roots(game)
    root_set = set(roots)
    par = game.parent
    # the nearest subgame root strictly above each root
    above: dict[int, int] = {}
    for r in roots[1:]:
        a = int(par[r])
        while a not in root_set:
            a = int(par[a])
        above[r] = a
    below: dict[int, list[int]] = {r: [] for r in roots}
    for r, a in above.items():
        below[a].append(r)
    notes: list[str] = []
    complete = True
    from multivector.solver import solve

    memo: dict[int, list[Partial]] = {}
    for r in sorted(roots, key=lambda v: -int(game.depth[v])):
        kids = below[r]
        lists = [memo[c] for c in kids]
        found: list[Partial] = []
        for n_combo, combo in enumerate(itertools.product(*lists)):
            if n_combo >= max_combinations:
                complete = False
                notes.append(
                    f"stopped at max_combinations={max_combinations} combinations of "
                    f"subgame equilibria below the node {game.node_path(r) or '(root)'}"
                )
                break
            collapse = {c: part[1] for c, part in zip(kids, combo, strict=True)}
            view = extract_subgame(game, r, collapse=collapse)
            sub = view.game
            strats = [reduced_strategies(sub, p) for p in range(sub.num_players)]
            nf = reduced_normal_form(sub, strategies=strats, max_profiles=max_profiles)
            sol = solve(nf, _normal_form_method(nf, max_supports))
            if not sol.complete:
                complete = False
                notes.append(f"the method {sol.method!r} on a subgame was not complete")
            for eq in sol.equilibria:
                b = mixed_to_behaviour(sub, strats, eq.profile)
                assign: dict[int, NDArray[np.float64]] = {}
                for part in combo:
                    assign.update(part[0])
                starts = sub.infoset_action_start
                for k, h in enumerate(view.infosets):
                    if sub.infoset_player[k] >= 0:
                        assign[int(h)] = b[starts[k] : starts[k + 1]].copy()
                found.append((assign, sub.expected_payoffs(b)))
            if len(found) > max_combinations:
                complete = False
                notes.append(f"kept the first {max_combinations} equilibria of a subgame")
                found = found[:max_combinations]
                break
        memo[r] = found
    starts = game.infoset_action_start
    out = []
    seen: list[NDArray[np.float64]] = []
    for assign, _ in memo[0]:
        b = np.nan_to_num(game.action_probs, nan=0.0).copy()
        for h, probs in assign.items():
            b[starts[h] : starts[h + 1]] = probs
        if any(np.allclose(b, s, atol=1e-9) for s in seen):
            continue
        seen.append(b)
        out.append(make_behaviour_equilibrium(game, b, METHOD))
    return ExtensiveSolution(
        game=game,
        equilibria=tuple(out),
        method=METHOD,
        complete=complete,
        notes=tuple(dict.fromkeys(notes)),
    )


def run_subgame_perfect(game: ExtensiveFormGame, **options: Any) -> ExtensiveSolution:
    """Registry runner for ``subgame-perfect``."""
    return subgame_perfect(game, **options)
