"""Stackelberg equilibria: one player commits first, the others best respond.

A leader that can commit publicly to a strategy (a pure one, or a mixed one: "I will
pressure with probability 0.4") often gets more than in any Nash equilibrium. The
followers observe the commitment and respond optimally; when several responses are
optimal, *strong* tie-breaking lets them pick the one the leader likes best (the
standard, always-attained notion) and *weak* tie-breaking the one it likes least (a
pessimistic value, a supremum that may not be attained).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError, WorkLimitError
from multivector.games.normal_form import MixedProfile, NormalFormGame

__all__ = ["COMMITMENTS", "TIE_BREAKING", "StackelbergEquilibrium", "stackelberg"]

#: What the leader can commit to.
COMMITMENTS = ("mixed", "pure")
#: How followers break ties between best responses.
TIE_BREAKING = ("strong", "weak")


@dataclass(frozen=True, eq=False)
class StackelbergEquilibrium:
    """The leader's optimal commitment and the followers' response.

    Attributes
    ----------
    leader : str
    profile : tuple of ndarray
        The full profile: the leader's commitment and each follower's strategy.
    payoffs : ndarray
        Each player's expected payoff under :attr:`profile`.
    commitment : str
        ``"mixed"`` or ``"pure"``.
    tie_breaking : str
        ``"strong"`` or ``"weak"``.
    follower_rule : str
        How the followers' response was chosen (best response, or which Nash
        equilibria of the game they play after the commitment).
    follower_regret : float
        Largest gain of a follower from deviating, given the commitment (0 up to the
        tolerance: the followers best respond).
    method : str
    players, strategies : tuple
    notes : tuple of str
    """

    leader: str
    profile: MixedProfile
    payoffs: NDArray[np.float64]
    commitment: str
    tie_breaking: str
    follower_rule: str
    follower_regret: float
    method: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def leader_payoff(self) -> float:
        """The leader's expected payoff."""
        return float(self.payoffs[self.players.index(self.leader)])

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data with labels."""
        return {
            "concept": "Stackelberg equilibrium",
            "leader": self.leader,
            "commitment": self.commitment,
            "tie_breaking": self.tie_breaking,
            "strategies": {
                p: {k: float(v) for k, v in zip(lab, x, strict=True)}
                for p, lab, x in zip(self.players, self.strategies, self.profile, strict=True)
            },
            "payoffs": {p: float(v) for p, v in zip(self.players, self.payoffs, strict=True)},
            "leader_payoff": self.leader_payoff,
            "follower_rule": self.follower_rule,
            "follower_regret": float(self.follower_regret),
            "method": self.method,
            "notes": list(self.notes),
        }


def _commit_lp(
    L: NDArray[np.float64], F: NDArray[np.float64], j: int, margin: float
) -> tuple[NDArray[np.float64], float] | None:
    """Conitzer-Sandholm LP for follower response ``j``.

    ``max x @ L[:, j]`` over leader mixtures ``x`` with ``x @ F[:, j] >= x @ F[:, k] +
    margin`` for every other column ``k``. None when infeasible.
    """
    from scipy.optimize import linprog

    m, n = L.shape
    others = [k for k in range(n) if k != j]
    A_ub = (F[:, others] - F[:, [j]]).T if others else None
    b_ub = -margin * np.ones(len(others)) if others else None
    res = linprog(
        -L[:, j],
        A_ub=A_ub,
        b_ub=b_ub,
        A_eq=np.ones((1, m)),
        b_eq=np.ones(1),
        bounds=(0, None),
        method="highs",
    )
    if res.status != 0:
        return None
    x = np.where(res.x > 0, res.x, 0.0)
    x /= x.sum()
    return x, float(x @ L[:, j])


def _respond(
    x: NDArray[np.float64],
    L: NDArray[np.float64],
    F: NDArray[np.float64],
    strong: bool,
    tol: float,
) -> tuple[int, float, float]:
    """The follower's tie-broken best response to ``x``: (column, leader payoff, regret)."""
    fv = x @ F
    best = np.flatnonzero(fv >= fv.max() - tol)
    lv = x @ L[:, best]
    k = int(best[np.argmax(lv)] if strong else best[np.argmin(lv)])
    return k, float(x @ L[:, k]), float(fv.max() - fv[k])


#: Budget of the multiple-LP method, in LP coefficients: at most one LP of ``m x n`` per
#: distinct follower strategy, ``m * n * n`` in all. Every LP solved (before the bound
#: stopped them early), random games on a 2-core machine: 100x100 (10^6) 1.2 s, 10x500
#: (2.5 * 10^6) 2.1 s, 200x200 (8 * 10^6) 14 s; with the bound, 100x100 takes 0.3 s.
COMMITMENT_BUDGET = 1_500_000


def _distinct_columns(L: NDArray[np.float64], F: NDArray[np.float64]) -> NDArray[np.int64]:
    """The first of each group of follower strategies with the same payoffs for both
    players (interchangeable responses: one LP serves them all), in index order."""
    _, first = np.unique(np.vstack([L, F]).T, axis=0, return_index=True)
    return np.sort(first)


def _two_player_mixed(
    L: NDArray[np.float64],
    F: NDArray[np.float64],
    strong: bool,
    tol: float,
    scale: float,
    force: bool = False,
) -> tuple[NDArray[np.float64], int, list[str]]:
    notes: list[str] = []
    m, _n = L.shape
    columns = _distinct_columns(L, F)
    work = m * len(columns) ** 2
    if work > COMMITMENT_BUDGET and not force:
        raise WorkLimitError(
            f"mixed commitment solves one linear program per follower strategy: "
            f"{len(columns):,} programs of {m:,} x {len(columns):,}, {work:,} coefficients "
            f"in all, past the budget of {COMMITMENT_BUDGET:,}: it could run for minutes. "
            "Use commitment='pure' (--commitment pure); or run it anyway with force=True "
            "(command line: --force)"
        )
    L, F = L[:, columns], F[:, columns]
    margin = 0.0 if strong else 1e-7 * scale
    best: tuple[float, NDArray[np.float64], int] | None = None
    supremum = -np.inf
    # the LP of column j cannot give the leader more than the column's largest payoff:
    # columns are tried from the largest bound down, and skipped once it cannot win
    bound = L.max(axis=0)
    for j in np.argsort(-bound, kind="stable").tolist():
        if best is not None and bound[j] <= best[0] + tol and (strong or bound[j] <= supremum):
            break
        if best is None or bound[j] > best[0] + tol:
            found = _commit_lp(L, F, j, margin)
            if found is not None:
                x, _ = found
                k, value, _ = _respond(x, L, F, strong, tol)
                if best is None or value > best[0] + tol:
                    best = (value, x, k)
        if not strong and bound[j] > supremum:
            closed = _commit_lp(L, F, j, 0.0)
            if closed is not None:
                supremum = max(supremum, closed[1])
    if best is None:
        raise SolverError(
            "no follower strategy can be made its unique best response, so the pessimistic "
            "(weak) Stackelberg value is not approached by this method; use "
            "tie_breaking='strong' or commitment='pure'"
        )
    if not strong:
        notes.append(
            "weak tie-breaking: the commitment keeps the follower's response unique by a "
            f"margin of {margin:.1g}; the pessimistic value is a supremum, "
            f"{supremum:.10g}, approached but not necessarily attained"
        )
    return best[1], int(columns[best[2]]), notes


def _pure_commitment(
    L: NDArray[np.float64], F: NDArray[np.float64], strong: bool, tol: float
) -> tuple[NDArray[np.float64], int]:
    m = L.shape[0]
    best: tuple[float, int, int] | None = None
    for a in range(m):
        x = np.zeros(m)
        x[a] = 1.0
        k, value, _ = _respond(x, L, F, strong, tol)
        if best is None or value > best[0] + tol:
            best = (value, a, k)
    assert best is not None
    x = np.zeros(m)
    x[best[1]] = 1.0
    return x, best[2]


def _followers_equilibria(
    induced: NormalFormGame,
) -> tuple[list[MixedProfile], list[float], str, bool]:
    """Equilibria of the followers' game: profiles, their regrets, the rule, completeness."""
    from multivector.solver import METHODS, solve

    if induced.num_players == 2:
        sol = solve(induced, "vertex")
        rule = (
            "the followers play a Nash equilibrium of the game left after the commitment; "
            "all its extreme equilibria are searched ('vertex' method), which attains the "
            "best and the worst for the leader over all its equilibria"
        )
        return [e.profile for e in sol], [e.regret for e in sol], rule, sol.complete
    complete_methods = [m.name for m in METHODS.values() if m.players == "n" and m.finds == "all"]
    if complete_methods:
        sol = solve(induced, complete_methods[0])
        rule = (
            "the followers play a Nash equilibrium of the game left after the commitment, "
            f"among those found by the {complete_methods[0]!r} method"
        )
        return [e.profile for e in sol], [e.regret for e in sol], rule, sol.complete
    sol = solve(induced, "pure")
    rule = (
        "the followers play a pure Nash equilibrium of the game left after the commitment "
        "(found by the 'pure' method); commitments after which they have none are skipped"
    )
    return [e.profile for e in sol], [e.regret for e in sol], rule, False


def _n_player_pure(
    game: NormalFormGame, leader: int, strong: bool, tol: float
) -> tuple[MixedProfile, float, str, list[str]]:
    followers = [j for j in range(game.num_players) if j != leader]
    best: tuple[float, MixedProfile, float] | None = None
    rule = ""
    notes: list[str] = []
    skipped = []
    for a in range(game.shape[leader]):
        sub = np.take(game.payoffs, a, axis=leader + 1)[followers]
        induced = NormalFormGame(
            sub,
            [game.players[j] for j in followers],
            [game.strategies[j] for j in followers],
        )
        profiles, regrets, rule, complete = _followers_equilibria(induced)
        if not profiles:
            skipped.append(game.strategies[leader][a])
            continue
        x = np.zeros(game.shape[leader])
        x[a] = 1.0
        values = []
        for prof in profiles:
            full = list(prof)
            full.insert(leader, x)
            values.append(float(game.expected_payoffs(tuple(full))[leader]))
        k = int(np.argmax(values) if strong else np.argmin(values))
        full = list(profiles[k])
        full.insert(leader, x)
        if best is None or values[k] > best[0] + tol:
            best = (values[k], tuple(full), regrets[k])
        if not complete:
            notes.append(
                f"after commitment {game.strategies[leader][a]!r} the followers' equilibria "
                "searched are not known to be all of them"
            )
    if skipped:
        notes.append(f"commitments skipped (no follower equilibrium found): {skipped}")
    if best is None:
        raise SolverError(
            "the followers have no equilibrium found by the available methods after any "
            "commitment; try a 2-follower game or install an n-player method"
        )
    return best[1], best[2], rule, notes


def stackelberg(
    game: NormalFormGame,
    leader: int | str = 0,
    *,
    commitment: str = "mixed",
    tie_breaking: str = "strong",
    tol: float | None = None,
    force: bool = False,
) -> StackelbergEquilibrium:
    """The leader's optimal commitment, with the followers best responding.

    Parameters
    ----------
    game : NormalFormGame
    leader : int or str
        The player who commits first.
    commitment : {"mixed", "pure"}
        Commit to a mixed strategy (2-player games) or to a pure one (any number of
        players).
    tie_breaking : {"strong", "weak"}
        Followers indifferent between responses pick the leader's favourite (strong) or
        its least favourite (weak).
    tol : float, optional
        Payoff differences within ``tol`` count as ties; default
        :meth:`NormalFormGame.default_tolerance`.
    force : bool
        Run mixed commitment even past :data:`COMMITMENT_BUDGET`.

    Returns
    -------
    StackelbergEquilibrium

    Raises
    ------
    SolverError
        On an unknown option, mixed commitment with more than one follower, or when no
        follower response is found.
    WorkLimitError
        Mixed commitment past :data:`COMMITMENT_BUDGET` (``m * n * n`` LP coefficients for
        ``n`` distinct follower strategies), unless ``force``.

    Notes
    -----
    Mixed commitment, 2 players: the multiple-LP method of Conitzer and Sandholm (2006,
    "Computing the optimal strategy to commit to", ACM EC): for each follower strategy
    ``j``, maximise the leader's payoff over mixtures that make ``j`` a best response; the
    best of these LPs is the strong Stackelberg equilibrium. Follower strategies with the
    same payoffs for both players share one LP, and the LPs run from the largest bound on
    their value (the column's best leader payoff) down, stopping once no bound can beat
    the best found. Its leader payoff is at least
    the leader's payoff in every Nash equilibrium (von Stengel and Zamir 2010, "Leadership
    games with convex strategy sets", GEB 69). Weak tie-breaking asks ``j`` to be better
    by a small margin, so the response is unique and the value approaches the
    pessimistic supremum (stated in the notes).

    Pure commitment: every leader strategy is tried. With one follower it best responds;
    with several the followers play a Nash equilibrium of the game that remains after the
    commitment, the best (strong) or worst (weak) for the leader among those found; which
    equilibria are searched is stated in :attr:`StackelbergEquilibrium.follower_rule`.
    Mixed commitment with several followers is a non-convex bilevel problem and is not
    implemented.

    Examples
    --------
    The game of Conitzer and Sandholm (2006, Section 1): the only Nash equilibrium gives
    the leader 1, committing to Down gives 2, and committing to Up with probability 1/2
    gives 2.5.

    >>> g = NormalFormGame.from_bimatrix([[1, 3], [0, 2]], [[1, 0], [0, 1]],
    ...     players=["Leader", "Follower"], strategies=[["Up", "Down"], ["Left", "Right"]])
    >>> se = stackelberg(g, "Leader")
    >>> se.profile[0].tolist(), se.profile[1].tolist(), se.leader_payoff
    ([0.5, 0.5], [0.0, 1.0], 2.5)
    >>> stackelberg(g, "Leader", commitment="pure").leader_payoff
    2.0
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(f"stackelberg() takes a NormalFormGame, not {type(game).__name__}")
    if commitment not in COMMITMENTS:
        raise SolverError(f"unknown commitment {commitment!r}; choose one of {list(COMMITMENTS)}")
    if tie_breaking not in TIE_BREAKING:
        raise SolverError(
            f"unknown tie_breaking {tie_breaking!r}; choose one of {list(TIE_BREAKING)}"
        )
    li = game.player_index(leader)
    tol = game.default_tolerance() if tol is None else tol
    strong = tie_breaking == "strong"
    scale = game.payoff_scale()
    notes: list[str] = []
    if game.num_players == 2:
        fi = 1 - li
        L = game.payoffs[li] if li == 0 else game.payoffs[li].T
        F = game.payoffs[fi] if li == 0 else game.payoffs[fi].T
        if commitment == "mixed":
            x, k, extra = _two_player_mixed(L, F, strong, tol, scale, force)
            notes += extra
            method = "Conitzer-Sandholm multiple LPs"
        else:
            x, k = _pure_commitment(L, F, strong, tol)
            method = "enumeration of pure commitments"
        y = np.zeros(F.shape[1])
        y[k] = 1.0
        profile: MixedProfile = (x, y) if li == 0 else (y, x)
        fv = x @ F
        follower_regret = float(fv.max() - fv[k])
        rule = f"the follower best responds ({tie_breaking} tie-breaking)"
    else:
        if commitment == "mixed":
            raise SolverError(
                f"mixed commitment is implemented for 2-player games; this game has "
                f"{game.num_players} players. Use commitment='pure' (--commitment pure)"
            )
        profile, follower_regret, rule, extra = _n_player_pure(game, li, strong, tol)
        notes += extra
        method = "enumeration of pure commitments"
    if follower_regret > max(tol, 1e-9 * scale):
        raise SolverError(
            f"the followers' response has regret {follower_regret:.3g}; this is a bug, "
            "please report it with the game"
        )
    for arr in profile:
        arr.flags.writeable = False
    payoffs = game.expected_payoffs(profile)
    payoffs.flags.writeable = False
    return StackelbergEquilibrium(
        leader=game.players[li],
        profile=profile,
        payoffs=payoffs,
        commitment=commitment,
        tie_breaking=tie_breaking,
        follower_rule=rule,
        follower_regret=max(0.0, follower_regret),
        method=method,
        players=game.players,
        strategies=game.strategies,
        notes=tuple(notes),
    )
