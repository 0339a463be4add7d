"""Every extreme equilibrium of a small 2-player extensive game, in behaviour strategies.

The reduced normal form is solved by complete vertex enumeration (``"vertex"``, or
``"exact"`` in rational arithmetic) and each extreme equilibrium is mapped to behaviour
strategies by Kuhn's theorem. The map from mixed strategies to realization plans is
linear, so every extreme point of the sequence form's equilibrium set is the image of an
extreme equilibrium of the reduced normal form: the list holds every extreme equilibrium
of the sequence form (and may hold some other equilibria, images of extreme points that
are not extreme in behaviour strategies). The reduced normal form grows exponentially
with the tree, so this is for small games (``max_profiles``).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from multivector.errors import SolverError
from multivector.games.extensive.reduced import (
    mixed_to_behaviour,
    reduced_normal_form,
    reduced_strategies,
    reduced_strategy_counts,
)
from multivector.games.extensive.tree import ExtensiveFormGame
from multivector.solver.extensive.result import (
    ExtensiveSolution,
    make_behaviour_equilibrium,
)

__all__ = ["DEFAULT_MAX_PROFILES", "all_equilibria", "run_all"]

#: Largest reduced normal form (in strategy profiles) enumerated by default.
DEFAULT_MAX_PROFILES = 250_000

METHOD = "sequence-form"


def all_equilibria(
    game: ExtensiveFormGame, *, exact: bool = False, max_profiles: int = DEFAULT_MAX_PROFILES
) -> ExtensiveSolution:
    """Every extreme equilibrium of a small 2-player game, in behaviour strategies.

    Parameters
    ----------
    game : ExtensiveFormGame
        Two players, perfect recall.
    exact : bool
        Enumerate in rational arithmetic (the game's payoffs are then rationalised).
    max_profiles : int
        Refuse games whose reduced normal form has more strategy profiles.

    Examples
    --------
    Selten's chain store, one market: the entrant enters and the incumbent accommodates,
    or the entrant stays out, deterred by a threat to fight with probability at least
    1/2 (a segment of equilibria, whose two ends are listed).

    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["Entrant", "Incumbent"], Decision("Entrant", {
    ...     "out": Terminal([1, 5]),
    ...     "in": Decision("Incumbent", {"fight": Terminal([0, 0]),
    ...                                  "accommodate": Terminal([2, 2])})}))
    >>> sol = all_equilibria(g)
    >>> sol.complete, len(sol)
    (True, 3)
    >>> sorted((e.path()[0][0], e.strategies["Incumbent"]["#1"]["fight"]) for e in sol)
    [(('in', 'accommodate'), 0.0), (('out',), 0.5), (('out',), 1.0)]
    """
    if game.num_players != 2:
        raise SolverError("all_equilibria needs a 2-player game; use 'subgame-perfect'")
    game.require_perfect_recall("the sequence form")
    counts = reduced_strategy_counts(game)
    total = int(np.prod(counts))
    if total > max_profiles:
        raise SolverError(
            f"the reduced normal form has {total:,} profiles, more than max_profiles="
            f"{max_profiles:,}; use the one-equilibrium Lemke path (all=False)"
        )
    from multivector.solver import solve

    strats = [reduced_strategies(game, p) for p in range(2)]
    nf = reduced_normal_form(game, strategies=strats, max_profiles=max_profiles)
    sol = solve(nf, "exact" if exact else "vertex")
    seen: list[np.ndarray] = []
    out = []
    for eq in sol.equilibria:
        exact_b = None
        if eq.exact is not None and game.is_exact:
            exact_b = _exact_kuhn(game, strats, eq.exact)
            b = np.array([float(v) for v in exact_b])
        else:
            b = mixed_to_behaviour(game, strats, eq.profile)
        if any(np.allclose(b, other, atol=1e-9) for other in seen):
            continue
        seen.append(b)
        out.append(make_behaviour_equilibrium(game, b, METHOD, exact=exact_b))
    return ExtensiveSolution(
        game=game,
        equilibria=tuple(out),
        method=METHOD,
        complete=bool(sol.complete),
        exact=bool(sol.exact),
        notes=(
            f"every extreme equilibrium of the reduced normal form ({nf.shape[0]} x "
            f"{nf.shape[1]} strategies) by {sol.method!r}, mapped to behaviour strategies",
            *sol.notes,
        ),
    )


def _exact_kuhn(game: ExtensiveFormGame, strats: list[Any], profile: Any) -> tuple[Fraction, ...]:
    """Kuhn's map in rational arithmetic: plans, then behaviour at each set."""
    from multivector.solver.extensive.sequence_form import exact_behaviour_from_plans

    sq = game.sequences
    starts = game.infoset_action_start
    plans = []
    for strat, x in zip(strats, profile, strict=True):
        r = [Fraction(0)] * sq.num_sequences[strat.player]
        r[0] = Fraction(1)
        for k, h in enumerate(strat.infosets):
            for s_idx, choice in enumerate(strat.choices[:, k]):
                if choice >= 0:
                    r[int(sq.action_sequence[starts[h] + choice])] += x[s_idx]
        plans.append(r)
    return exact_behaviour_from_plans(game, plans)


def run_all(game: ExtensiveFormGame, **options: Any) -> ExtensiveSolution:
    """Registry helper: :func:`all_equilibria`."""
    return all_equilibria(game, **options)
