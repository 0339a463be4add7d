"""Correlated and coarse correlated equilibria of n-player games, by linear programming.

A correlated equilibrium (Aumann 1974) is a probability distribution ``p`` over pure
profiles such that no player, told only its own recommended strategy, gains by playing
another one. A coarse correlated equilibrium (Moulin and Vial 1978; Hannan's set) asks
less: no player gains by committing to one fixed strategy before hearing the
recommendation. Both sets are polytopes in the simplex of profile distributions, so an
optimal one for a linear objective is a linear program; scipy's HiGHS solves it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import MixedProfile, NormalFormGame

__all__ = [
    "OBJECTIVES",
    "CorrelatedEquilibrium",
    "coarse_correlated_equilibrium",
    "correlated_equilibrium",
    "correlated_violation",
    "induced_distribution",
]

#: The objectives of :func:`correlated_equilibrium`.
OBJECTIVES = ("welfare", "max-payoff", "min-payoff", "entropy")

#: Largest number of pure profiles the LP is built for (the constraint matrix is dense).
MAX_PROFILES = 200_000

#: HiGHS's primal and dual feasibility tolerances, on constraint rows divided by the
#: payoff range. HiGHS's default, 1e-7, lets an incentive constraint be broken by 1e-7 of
#: the range, and the optimum over a polytope widened that much can be far from the true
#: one: in a game with a payoff difference of 2e-7 the correlated LP reached welfare 2
#: through a distribution breaking a constraint by 2e-7, where the exact optimum is 2/3
#: and the coarse one (a superset) 1. 1e-10 is the smallest HiGHS accepts (the same
#: rule as :mod:`multivector.solver.security`).
_LP_TOL = 1e-10

# The feasibility tolerances tried in turn when HiGHS fails at the one before (HiGHS's
# default is 1e-7).
_LP_RETRY_TOLS = (_LP_TOL, 1e-9, 1e-8, 1e-7)


@dataclass(frozen=True, eq=False)
class CorrelatedEquilibrium:
    """A (coarse) correlated equilibrium: a distribution over pure profiles.

    Attributes
    ----------
    distribution : ndarray, shape (s_1, ..., s_n)
        Probability of each pure profile (read-only).
    payoffs : ndarray
        Each player's expected payoff under the distribution.
    violation : float
        Largest expected gain of any player from any deviation the concept allows (at most
        the solver tolerance; 0 for an exact equilibrium).
    coarse : bool
        True for a coarse correlated equilibrium.
    objective : str
        The objective optimised (``"welfare"``, ``"max-payoff"``, ``"min-payoff"``,
        ``"entropy"``), with the player for the payoff objectives in :attr:`player`.
    player : str or None
    players, strategies : tuple
        The game's labels.
    notes : tuple of str
    """

    distribution: NDArray[np.float64]
    payoffs: NDArray[np.float64]
    violation: float
    coarse: bool
    objective: str
    player: str | None
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def welfare(self) -> float:
        """Sum of the players' expected payoffs."""
        return float(self.payoffs.sum())

    def support(self, tol: float = 1e-12) -> list[tuple[tuple[str, ...], float]]:
        """The profiles with positive probability, as ``(labels, probability)`` pairs."""
        out = []
        for idx in np.argwhere(self.distribution > tol):
            labels = tuple(self.strategies[i][k] for i, k in enumerate(idx))
            out.append((labels, float(self.distribution[tuple(idx)])))
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: ``{"concept", "objective", "player", "distribution":
        [{"profile": {player: label}, "probability"}], "payoffs", "welfare", "violation",
        "notes"}``."""
        return {
            "concept": "coarse correlated equilibrium"
            if self.coarse
            else "correlated equilibrium",
            "objective": self.objective,
            "player": self.player,
            "distribution": [
                {"profile": dict(zip(self.players, labels, strict=True)), "probability": p}
                for labels, p in self.support()
            ],
            "payoffs": {p: float(v) for p, v in zip(self.players, self.payoffs, strict=True)},
            "welfare": self.welfare,
            "violation": float(self.violation),
            "notes": list(self.notes),
        }

    def __repr__(self) -> str:
        kind = "CoarseCorrelated" if self.coarse else "Correlated"
        body = ", ".join(f"{'/'.join(lab)}: {p:.4g}" for lab, p in self.support(1e-9))
        return f"{kind}Equilibrium({body}; welfare={self.welfare:.6g})"


def induced_distribution(profile: MixedProfile | tuple[ArrayLike, ...]) -> NDArray[np.float64]:
    """The distribution over pure profiles induced by independent mixed strategies.

    Examples
    --------
    >>> induced_distribution(([0.5, 0.5], [1.0, 0.0])).tolist()
    [[0.5, 0.0], [0.5, 0.0]]
    """
    dist = np.ones(())
    for x in profile:
        dist = np.multiply.outer(dist, np.asarray(x, dtype=np.float64))
    return np.asarray(dist, dtype=np.float64)


def _gain_rows(payoffs: NDArray[np.float64], coarse: bool) -> NDArray[np.float64]:
    """Rows ``g`` with ``g @ p.ravel()`` = expected gain of one deviation (CE: ``<= 0``).

    Correlated: one row per player ``i`` and ordered pair ``(a, b)`` of its strategies,
    ``a != b``: the gain of playing ``b`` whenever ``a`` is recommended. Coarse: one row per
    player and strategy ``b``: the gain of always playing ``b``.
    """
    n = payoffs.shape[0]
    shape = payoffs.shape[1:]
    rows = []
    for i in range(n):
        u = np.moveaxis(payoffs[i], i, 0)  # (s_i, rest...)
        s = shape[i]
        if coarse:
            for b in range(s):
                g = u[b][None, ...] - u  # gain of b at every profile
                rows.append(np.moveaxis(g, 0, i).ravel())
        else:
            for a, b in itertools.permutations(range(s), 2):
                g = np.zeros_like(u)
                g[a] = u[b] - u[a]
                rows.append(np.moveaxis(g, 0, i).ravel())
    if not rows:
        return np.zeros((0, int(np.prod(shape))))
    return np.array(rows)


def correlated_violation(
    game: NormalFormGame, distribution: ArrayLike, *, coarse: bool = False
) -> float:
    """Largest expected gain any player gets from a deviation allowed by the concept.

    Zero (or negative) for a correlated equilibrium (``coarse=False``: deviations that
    depend on the recommendation) or a coarse correlated one (``coarse=True``: fixed
    deviations), up to round-off.

    Examples
    --------
    >>> chicken = NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    >>> correlated_violation(chicken, [[1/3, 1/3], [1/3, 0]])
    0.0
    >>> round(correlated_violation(chicken, [[1, 0], [0, 0]]), 6)
    1.0
    """
    dist = np.asarray(distribution, dtype=np.float64)
    if dist.shape != game.shape:
        raise SolverError(
            f"distribution has shape {dist.shape}; it needs the game's shape {game.shape}"
        )
    rows = _gain_rows(game.payoffs, coarse)
    if not len(rows):
        return 0.0
    return max(0.0, float((rows @ dist.ravel()).max()))


def _check_objective(
    game: NormalFormGame, objective: str, player: int | str | None
) -> tuple[str, int | None]:
    if objective not in OBJECTIVES:
        raise SolverError(f"unknown objective {objective!r}; choose one of {list(OBJECTIVES)}")
    if objective in ("max-payoff", "min-payoff"):
        if player is None:
            raise SolverError(
                f"objective {objective!r} needs a player; pass player=NAME (--player NAME)"
            )
        return objective, game.player_index(player)
    if player is not None:
        raise SolverError(
            f"objective {objective!r} takes no player; use 'max-payoff' or 'min-payoff' "
            "to optimise one player's payoff"
        )
    return objective, None


def _lp_kernel(
    cost: NDArray[np.float64], rows: NDArray[np.float64], scale: float
) -> tuple[NDArray[np.float64], float] | None:
    """Minimise ``cost @ p`` over distributions with ``rows @ p <= 0``, and the feasibility
    tolerance HiGHS solved it at; None if HiGHS fails at every one of
    :data:`_LP_RETRY_TOLS`.

    HiGHS can fail at its tightest tolerance on a nearly degenerate LP that it solves at
    a looser one (a payoff of -6e-8 beside payoffs of 1 and 2, found by hypothesis); the
    caller checks the incentive constraints of the answer itself either way.
    """
    from scipy.optimize import linprog

    size = cost.size
    for lp_tol in _LP_RETRY_TOLS:
        res = linprog(
            cost,
            A_ub=rows / scale if len(rows) else None,
            b_ub=np.zeros(len(rows)) if len(rows) else None,
            A_eq=np.ones((1, size)),
            b_eq=np.ones(1),
            bounds=(0, None),
            method="highs",
            options={
                "primal_feasibility_tolerance": lp_tol,
                "dual_feasibility_tolerance": lp_tol,
            },
        )
        if res.status == 0:
            return np.asarray(res.x, dtype=np.float64), lp_tol
    return None


def _entropy_kernel(
    rows: NDArray[np.float64], start: NDArray[np.float64], scale: float
) -> NDArray[np.float64] | None:
    """Maximise entropy over the polytope ``{p in simplex, rows @ p <= 0}`` (SLSQP)."""
    from scipy.optimize import minimize

    size = start.size
    floor = 1e-15

    def neg_entropy(p: NDArray[np.float64]) -> float:
        q = np.maximum(p, floor)
        return float(np.sum(q * np.log(q)))

    def grad(p: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(np.log(np.maximum(p, floor)) + 1.0)

    scaled = rows / scale
    constraints: list[dict[str, Any]] = [
        {
            "type": "eq",
            "fun": lambda p: np.array([p.sum() - 1.0]),
            "jac": lambda p: np.ones((1, size)),
        }
    ]
    if len(rows):
        constraints.append(
            {"type": "ineq", "fun": lambda p: -(scaled @ p), "jac": lambda p: -scaled}
        )
    # start strictly inside the simplex (mix with the uniform-ish LP point) so log is finite
    x0 = 0.9 * start + 0.1 / size
    res = minimize(
        neg_entropy,
        x0,
        jac=grad,
        method="SLSQP",
        bounds=[(0.0, 1.0)] * size,
        constraints=constraints,
        options={"maxiter": 500, "ftol": 1e-12},
    )
    if not res.success:
        return None
    return np.asarray(res.x, dtype=np.float64)


def correlated_equilibrium(
    game: NormalFormGame,
    objective: str = "welfare",
    *,
    player: int | str | None = None,
    coarse: bool = False,
    tol: float | None = None,
) -> CorrelatedEquilibrium:
    """An optimal correlated (or coarse correlated) equilibrium of an n-player game.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    objective : {"welfare", "max-payoff", "min-payoff", "entropy"}
        Maximise the sum of expected payoffs; maximise or minimise ``player``'s expected
        payoff; or maximise the entropy of the distribution (the "least informative"
        correlation device, unique since entropy is strictly concave).
    player : int or str, optional
        The player of the payoff objectives.
    coarse : bool
        Solve for a coarse correlated equilibrium instead (a superset of the correlated
        equilibria).
    tol : float, optional
        Largest deviation gain accepted, default ``1e-7`` times the game's payoff range.

    Returns
    -------
    CorrelatedEquilibrium

    Raises
    ------
    SolverError
        For an unknown objective, a missing or superfluous player, a game too large for a
        dense LP, or a solver failure.

    Notes
    -----
    The correlated-equilibrium constraints are Aumann's (1974, "Subjectivity and
    correlation in randomized strategies", J. Math. Econ. 1): for every player ``i`` and
    strategies ``a != b``, ``sum_{a_-i} p(a, a_-i) (u_i(b, a_-i) - u_i(a, a_-i)) <= 0``,
    one linear inequality per ordered pair; with ``p >= 0`` and ``sum p = 1`` they
    describe a polytope (Papadimitriou and Roughgarden 2008, "Computing correlated
    equilibria in multi-player games", J. ACM 55). The coarse constraints are one per
    player and strategy ``b``: ``sum_a p(a) (u_i(b, a_-i) - u_i(a)) <= 0`` (Moulin and
    Vial 1978). Linear objectives are solved by HiGHS (``scipy.optimize.linprog``); the
    entropy objective by SLSQP from the welfare optimum, which is accurate to about
    ``1e-8`` and meant for small games. Every mixed Nash equilibrium induces a correlated
    equilibrium, so the welfare optimum is at least the best Nash welfare.

    Examples
    --------
    Chicken (Aumann 1974, Section 2): Nash equilibria have welfare 9, 9 and 28/3; a
    fair device that draws one of (dare, chicken), (chicken, dare), (chicken, chicken)
    gives 10, and the welfare optimum puts 1/2 on (chicken, chicken), giving 10.5.

    >>> chicken = NormalFormGame.from_bimatrix(
    ...     [[6, 2], [7, 0]], [[6, 7], [2, 0]],
    ...     strategies=[["chicken", "dare"], ["chicken", "dare"]])
    >>> ce = correlated_equilibrium(chicken)
    >>> round(ce.welfare, 9)
    10.5
    >>> [(labels, round(p, 6)) for labels, p in ce.support(1e-9)]
    [(('chicken', 'chicken'), 0.5), (('chicken', 'dare'), 0.25), (('dare', 'chicken'), 0.25)]
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(
            f"correlated_equilibrium() takes a NormalFormGame, not {type(game).__name__}"
        )
    objective, who = _check_objective(game, objective, player)
    size = int(np.prod(game.shape))
    if size > MAX_PROFILES:
        raise SolverError(
            f"the game has {size} pure profiles, more than the {MAX_PROFILES} the dense LP "
            "is built for; reduce it first (e.g. iterated_elimination) or use a smaller model"
        )
    scale = game.payoff_scale()
    tol = 1e-7 * scale if tol is None else tol
    rows = _gain_rows(game.payoffs, coarse)
    flat = game.payoffs.reshape(game.num_players, -1)
    notes: list[str] = []
    if objective in ("welfare", "entropy"):
        cost = -flat.sum(axis=0)
    elif objective == "max-payoff":
        assert who is not None
        cost = -flat[who]
    else:
        assert who is not None
        cost = flat[who].copy()
    solved = _lp_kernel(cost / scale, rows, scale)
    if solved is None:
        raise SolverError(
            "the LP solver (HiGHS) failed on this game; this should not happen since every "
            "game has a correlated equilibrium: please report it with the game"
        )
    p, lp_tol = solved
    if lp_tol != _LP_TOL:
        notes.append(
            f"HiGHS failed at feasibility tolerance {_LP_TOL:g} and solved the LP at "
            f"{lp_tol:g}: the optimum of the objective is that accurate (relative to the "
            "payoff range)"
        )
    if objective == "entropy":
        q = _entropy_kernel(rows, np.maximum(p, 0.0), scale)
        if q is None:
            notes.append(
                "the entropy maximisation did not converge; the welfare-maximising "
                "equilibrium is returned instead"
            )
        else:
            p = q
            notes.append("maximum entropy by SLSQP: accurate to about 1e-8")
    p = np.where(p > 0, p, 0.0)
    p /= p.sum()
    violation = float((rows @ p).max()) if len(rows) else 0.0
    violation = max(0.0, violation)
    if violation > tol:
        raise SolverError(
            f"the distribution found violates the incentive constraints by {violation:.3g} "
            f"> tolerance {tol:.3g}; pass a larger tol or report the game"
        )
    dist = p.reshape(game.shape)
    dist.flags.writeable = False
    payoffs = flat @ p
    payoffs.flags.writeable = False
    return CorrelatedEquilibrium(
        distribution=dist,
        payoffs=payoffs,
        violation=violation,
        coarse=coarse,
        objective=objective,
        player=None if who is None else game.players[who],
        players=game.players,
        strategies=game.strategies,
        notes=tuple(notes),
    )


def coarse_correlated_equilibrium(
    game: NormalFormGame,
    objective: str = "welfare",
    *,
    player: int | str | None = None,
    tol: float | None = None,
) -> CorrelatedEquilibrium:
    """An optimal coarse correlated equilibrium: :func:`correlated_equilibrium` with
    ``coarse=True``.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> cce = coarse_correlated_equilibrium(pd)
    >>> round(cce.welfare, 9)   # a strictly dominated strategy is never played
    2.0
    """
    return correlated_equilibrium(game, objective, player=player, coarse=True, tol=tol)
