"""Learning and evolutionary dynamics: fictitious play, the replicator dynamic, and ESS.

Equilibrium analysis asks where play can rest; dynamics ask whether players who adapt
would get there. Fictitious play (each player best responds to the others' empirical
frequencies) converges in zero-sum, 2x2 and potential games but can cycle elsewhere
(Shapley 1964). The replicator dynamic grows strategies that do better than average; its
stable rest points are Nash equilibria, and evolutionarily stable strategies are
asymptotically stable under it (Taylor and Jonker 1978).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import MixedProfile, NormalFormGame
from multivector.solver.equilibrium import Equilibrium, make_equilibrium

__all__ = [
    "DynamicsResult",
    "StableState",
    "evolutionarily_stable_states",
    "evolutionarily_stable_strategies",
    "fictitious_play",
    "is_evolutionarily_stable",
    "replicator_dynamics",
]


@dataclass(frozen=True, eq=False)
class DynamicsResult:
    """Where a dynamic ended.

    Attributes
    ----------
    profile : tuple of ndarray
        The final profile (fictitious play: the empirical frequencies).
    regret : float
        Its regret (largest gain of a unilateral deviation).
    converged : bool
        True when the stopping rule was met before the budget ran out.
    steps : int
        Iterations (fictitious play) or integration steps (replicator) taken.
    equilibrium : Equilibrium or None
        The final profile certified as an approximate Nash equilibrium (regret at most
        ``tol``) when it is one.
    method : str
    seed : int or None
    history : ndarray
        Regret of the profile along the run (sampled), to see convergence or cycling.
    players, strategies : tuple
    notes : tuple of str
    """

    profile: MixedProfile
    regret: float
    converged: bool
    steps: int
    equilibrium: Equilibrium | None
    method: str
    seed: int | None
    history: NDArray[np.float64]
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "method": self.method,
            "strategies": {
                p: {lab: float(v) for lab, v in zip(labels, x, strict=True)}
                for p, labels, x in zip(self.players, self.strategies, self.profile, strict=True)
            },
            "regret": float(self.regret),
            "converged": bool(self.converged),
            "steps": int(self.steps),
            "seed": self.seed,
            "is_approximate_equilibrium": self.equilibrium is not None,
            "notes": list(self.notes),
        }


def _deviation(
    payoffs: NDArray[np.float64], xs: list[NDArray[np.float64]]
) -> list[NDArray[np.float64]]:
    n = payoffs.shape[0]
    out = []
    for i in range(n):
        u = payoffs[i]
        for j in reversed(range(n)):
            if j != i:
                u = np.tensordot(u, xs[j], axes=([j], [0]))
        out.append(np.asarray(u))
    return out


def _regret(dev: list[NDArray[np.float64]], xs: list[NDArray[np.float64]]) -> float:
    return max(max(0.0, float(d.max() - d @ x)) for d, x in zip(dev, xs, strict=True))


def _finish(
    game: NormalFormGame,
    xs: list[NDArray[np.float64]],
    converged: bool,
    steps: int,
    method: str,
    seed: int | None,
    history: list[float],
    tol: float,
    notes: list[str],
) -> DynamicsResult:
    profile = tuple(np.asarray(x / x.sum(), dtype=np.float64) for x in xs)
    regret = game.regret(profile)
    eq = None
    if regret <= tol:
        eq = make_equilibrium(game, profile, method, tol=tol)
        notes.append(f"the final profile is a {tol:.2g}-approximate Nash equilibrium")
    for x in profile:
        x.flags.writeable = False
    hist = np.array(history, dtype=np.float64)
    hist.flags.writeable = False
    return DynamicsResult(
        profile=profile,
        regret=float(regret),
        converged=converged,
        steps=steps,
        equilibrium=eq,
        method=method,
        seed=seed,
        history=hist,
        players=game.players,
        strategies=game.strategies,
        notes=tuple(notes),
    )


def _initial(
    game: NormalFormGame, initial: Any, rng: np.random.Generator
) -> list[NDArray[np.float64]]:
    if initial is not None:
        return [np.array(x, dtype=np.float64) for x in game.check_profile(initial)]
    return [rng.dirichlet(np.ones(s)) for s in game.shape]


def fictitious_play(
    game: NormalFormGame,
    *,
    iterations: int = 100_000,
    tol: float = 1e-3,
    seed: int | None = 0,
    initial: ArrayLike | None = None,
) -> DynamicsResult:
    """Simultaneous discrete-time fictitious play on an n-player game.

    Parameters
    ----------
    game : NormalFormGame
    iterations : int
        Largest number of rounds.
    tol : float
        Stopping rule: stop as soon as the empirical frequencies have regret at most
        ``tol`` (checked every round); then they are returned as a certified
        ``tol``-approximate equilibrium.
    seed : int or None
        Seeds the random first round (when ``initial`` is not given) and the random
        choice among tied best responses.
    initial : sequence of array_like, optional
        The first round's beliefs (a mixed profile) instead of a random one.

    Returns
    -------
    DynamicsResult

    Notes
    -----
    Brown (1951, "Iterative solution of games by fictitious play"): in every round each
    player best responds to the empirical frequencies of the others' past play, the
    first round's beliefs counting as one observation. Frequencies converge to
    equilibrium in zero-sum games (Robinson 1951), 2x2 games (Miyasawa 1961) and
    potential games (Monderer and Shapley 1996), but may cycle forever (Shapley 1964);
    then ``converged`` is False and the history shows the cycling. Convergence is at rate
    about ``1/t``, so ``tol`` should not be much below ``1e-4``.

    Examples
    --------
    Matching pennies: the frequencies approach (1/2, 1/2).

    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> r = fictitious_play(mp, tol=1e-2, seed=1)
    >>> r.converged, r.regret <= 1e-2, [np.round(x, 1).tolist() for x in r.profile]
    (True, True, [[0.5, 0.5], [0.5, 0.5]])
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(f"fictitious_play() takes a NormalFormGame, not {type(game).__name__}")
    if iterations < 1 or not tol > 0:
        raise SolverError("iterations must be >= 1 and tol > 0")
    rng = np.random.default_rng(seed)
    counts = _initial(game, initial, rng)
    payoffs = game.payoffs
    scale_tol = 1e-12 * game.payoff_scale()
    history: list[float] = []
    every = max(1, iterations // 1000)
    converged = False
    t = 0
    for t in range(1, iterations + 1):
        total = float(t)
        xs = [c / total for c in counts]
        dev = _deviation(payoffs, xs)
        r = _regret(dev, xs)
        if t % every == 0 or t == 1:
            history.append(r)
        if r <= tol:
            converged = True
            break
        for i, d in enumerate(dev):
            best = np.flatnonzero(d >= d.max() - scale_tol)
            k = int(best[0] if len(best) == 1 else rng.choice(best))
            counts[i][k] += 1.0
    notes: list[str] = []
    if not converged:
        notes.append(
            f"no convergence within {iterations} rounds (fictitious play may cycle, Shapley 1964)"
        )
    return _finish(
        game,
        [c / c.sum() for c in counts],
        converged,
        t,
        "fictitious-play",
        seed,
        history,
        tol,
        notes,
    )


def replicator_dynamics(
    game: NormalFormGame,
    *,
    t_max: float = 1000.0,
    dt: float = 0.01,
    tol: float = 1e-8,
    seed: int | None = 0,
    initial: ArrayLike | None = None,
) -> DynamicsResult:
    """The multi-population replicator dynamic of an n-player game, integrated by RK4.

    Parameters
    ----------
    game : NormalFormGame
    t_max : float
        Integration horizon (in units of the payoff scale: payoffs are divided by the
        game's payoff range, so ``t_max`` means the same for any payoff unit).
    dt : float
        Step of the classical Runge-Kutta method.
    tol : float
        Stopping rule: stop when the speed ``max |dx/dt|`` falls below ``tol`` (a rest
        point). The end point is certified as an approximate equilibrium when its regret
        is at most ``sqrt(tol)`` times the payoff range.
    seed : int or None
        Seeds the random interior starting point (when ``initial`` is not given).
    initial : sequence of array_like, optional
        The starting profile.

    Returns
    -------
    DynamicsResult

    Notes
    -----
    ``dx_ik/dt = x_ik (u_ik(x) - u_i(x))`` for every player ``i`` and strategy ``k``
    (Taylor 1979; Hofbauer and Sigmund 1998, Evolutionary Games and Population
    Dynamics, Chapter 10). Every pure profile is a rest point, Nash or not; interior
    trajectories that converge end at Nash equilibria, but they may also cycle (zero-sum
    games with interior equilibria) or approach the boundary slowly; ``converged`` and
    the regret of the end point say which happened.

    Examples
    --------
    A coordination game from an interior start goes to the pure equilibrium whose basin
    it starts in:

    >>> g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]])
    >>> r = replicator_dynamics(g, initial=([0.6, 0.4], [0.6, 0.4]))
    >>> [np.round(x, 6).tolist() for x in r.profile], r.equilibrium is not None
    ([[1.0, 0.0], [1.0, 0.0]], True)
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(
            f"replicator_dynamics() takes a NormalFormGame, not {type(game).__name__}"
        )
    if not (t_max > 0 and dt > 0 and tol > 0):
        raise SolverError("t_max, dt and tol must be positive")
    rng = np.random.default_rng(seed)
    xs = _initial(game, initial, rng)
    payoffs = game.payoffs / game.payoff_scale()

    def field_(z: list[NDArray[np.float64]]) -> list[NDArray[np.float64]]:
        dev = _deviation(payoffs, z)
        return [x * (d - d @ x) for x, d in zip(z, dev, strict=True)]

    steps = int(np.ceil(t_max / dt))
    history: list[float] = []
    every = max(1, steps // 1000)
    converged = False
    k = 0
    for k in range(1, steps + 1):
        k1 = field_(xs)
        speed = max(float(np.abs(v).max()) for v in k1)
        if k % every == 0 or k == 1:
            history.append(_regret(_deviation(payoffs, xs), xs))
        if speed < tol:
            converged = True
            break
        k2 = field_([x + 0.5 * dt * v for x, v in zip(xs, k1, strict=True)])
        k3 = field_([x + 0.5 * dt * v for x, v in zip(xs, k2, strict=True)])
        k4 = field_([x + dt * v for x, v in zip(xs, k3, strict=True)])
        xs = [
            x + dt / 6.0 * (a + 2 * b + 2 * c + d)
            for x, a, b, c, d in zip(xs, k1, k2, k3, k4, strict=True)
        ]
        xs = [np.maximum(x, 0.0) / np.maximum(x, 0.0).sum() for x in xs]
    notes: list[str] = []
    if not converged:
        notes.append(f"no rest point reached by t={t_max:g} (speed still above {tol:g})")
    return _finish(
        game,
        xs,
        converged,
        k,
        "replicator",
        seed,
        history,
        float(np.sqrt(tol)) * game.payoff_scale(),
        notes,
    )


# ---------------------------------------------------------------------- ESS
def _symmetric_matrix(game: NormalFormGame) -> NDArray[np.float64]:
    if game.num_players != 2:
        raise SolverError(
            f"evolutionary stability is defined here for symmetric 2-player games; this game "
            f"has {game.num_players} players"
        )
    A, B = game.bimatrix()
    tol = game.default_tolerance()
    if A.shape[0] != A.shape[1] or not np.allclose(A, B.T, atol=tol, rtol=0):
        raise SolverError(
            "the game is not symmetric (it needs B = A transposed, the same strategies for "
            "both players); evolutionary stability is defined for symmetric games"
        )
    return np.asarray(A)


def _strictly_copositive(M: NDArray[np.float64], tol: float) -> bool:
    """``v @ M @ v > 0`` for every ``v >= 0, v != 0`` (``M`` symmetric).

    Kaplan (2000, "A test for copositive matrices", Linear Algebra Appl. 313): ``M`` is
    strictly copositive iff no principal submatrix has an eigenvector ``v > 0`` with
    eigenvalue ``<= 0``.
    """
    m = M.shape[0]
    for size in range(1, m + 1):
        for idx in itertools.combinations(range(m), size):
            sub = M[np.ix_(idx, idx)]
            vals, vecs = np.linalg.eigh(sub)
            for lam, v in zip(vals, vecs.T, strict=True):
                if lam > tol:
                    continue
                if np.all(v > tol) or np.all(v < -tol):
                    return False
    return True


def _ess_kernel(A: NDArray[np.float64], x: NDArray[np.float64], tol: float) -> bool:
    """Maynard Smith's conditions for ``x`` against all mutants (Haigh 1975's reduction)."""
    payoff = A @ x
    best = payoff.max()
    if float(x @ payoff) < best - tol:
        return False  # not a symmetric Nash equilibrium
    F = [k for k in range(len(x)) if x[k] > tol]
    T = [k for k in range(len(x)) if x[k] <= tol and payoff[k] >= best - tol]
    # mutants y = x + z with z in the cone {sum z = 0, z_T >= 0, z zero off F u T};
    # the second condition is (x - y) @ A @ y > 0, i.e. z @ A @ z < 0 on that cone
    S = (A + A.T) / 2.0
    m = len(x)
    basis = []
    f0 = F[0]
    for k in F[1:]:
        e = np.zeros(m)
        e[k], e[f0] = 1.0, -1.0
        basis.append(e)
    free = len(basis)
    for k in T:
        e = np.zeros(m)
        e[k], e[f0] = 1.0, -1.0
        basis.append(e)
    if not basis:
        return True  # a pure strict equilibrium: no alternative best reply
    Bm = np.array(basis).T  # (m, free + |T|)
    Q = -(Bm.T @ S @ Bm)  # must be strictly "positive" on (u free, v >= 0)
    Quu = Q[:free, :free]
    if free:
        if np.linalg.eigvalsh(Quu).min() <= tol:
            return False
        if len(T) == 0:
            return True
        Quv = Q[:free, free:]
        schur = Q[free:, free:] - Quv.T @ np.linalg.solve(Quu, Quv)
    else:
        schur = Q
    return _strictly_copositive((schur + schur.T) / 2.0, tol)


def is_evolutionarily_stable(
    game: NormalFormGame, strategy: ArrayLike, *, tol: float | None = None
) -> bool:
    """Is ``strategy`` an evolutionarily stable strategy of a symmetric 2-player game?

    Parameters
    ----------
    game : NormalFormGame
        Symmetric: both players have the same strategies and ``B = A.T``.
    strategy : array_like
        A mixed strategy.
    tol : float, optional
        Payoff tolerance; default :meth:`NormalFormGame.default_tolerance`.

    Returns
    -------
    bool

    Raises
    ------
    SolverError
        When the game is not a symmetric 2-player game.

    Notes
    -----
    Maynard Smith and Price (1973, "The logic of animal conflict", Nature 246) and
    Maynard Smith (1982, Evolution and the Theory of Games): ``x`` is an ESS when for
    every mutant ``y != x`` either ``u(x, x) > u(y, x)``, or ``u(x, x) = u(y, x)`` and
    ``u(x, y) > u(y, y)``. Only mutants among the best replies to ``x`` matter; writing
    ``y = x + z``, the second condition is ``z' A z < 0`` on the cone of directions into
    the face of best replies (Haigh 1975, "Game theory and evolution", Adv. Appl. Prob. 7).
    The directions within the support of ``x`` are eliminated by a Schur complement and
    the rest checked for strict copositivity by Kaplan's (2000) eigenvector criterion,
    exact up to the tolerance for the small games this is meant for.

    Examples
    --------
    Hawk-Dove with V = 2, C = 4 (Maynard Smith 1982, Chapter 2): the mixture with Hawk
    probability V / C = 1/2 is the ESS; pure Dove is not.

    >>> hd = NormalFormGame.from_bimatrix([[-1, 2], [0, 1]], [[-1, 0], [2, 1]],
    ...                                   strategies=[["Hawk", "Dove"]] * 2)
    >>> is_evolutionarily_stable(hd, [0.5, 0.5]), is_evolutionarily_stable(hd, [0, 1])
    (True, False)
    """
    A = _symmetric_matrix(game)
    tol = game.default_tolerance() if tol is None else tol
    x = game.check_profile([strategy, strategy])[0]
    return _ess_kernel(A, x, tol)


def evolutionarily_stable_strategies(
    game: NormalFormGame, *, tol: float | None = None
) -> list[NDArray[np.float64]]:
    """Every ESS of a symmetric 2-player game (small games: all supports are tried).

    Returns
    -------
    list of ndarray
        The ESSs, in order of support size then support.

    Raises
    ------
    SolverError
        When the game is not symmetric, or has more than 14 strategies.

    Notes
    -----
    An ESS ``x`` with support ``S`` makes ``A`` negative definite on the directions within
    ``S`` (Haigh 1975), so the indifference system on ``S`` has ``x`` as its only solution:
    solving it for every support finds every ESS, which each candidate then passes
    through :func:`is_evolutionarily_stable`. There are at most as many ESSs as supports
    with no inclusions between them (Bishop and Cannings 1976).

    Examples
    --------
    Rock-Paper-Scissors in which a win gains more (2) than a loss costs (1): on every
    direction ``z`` with zero sum ``z' A z = -|z|^2 / 2 < 0``, so the uniform mixture is
    an ESS by Haigh's criterion, and it is the only one:

    >>> rps = NormalFormGame.from_bimatrix(
    ...     [[0, -1, 2], [2, 0, -1], [-1, 2, 0]], [[0, 2, -1], [-1, 0, 2], [2, -1, 0]])
    >>> [np.round(x, 9).tolist() for x in evolutionarily_stable_strategies(rps)]
    [[0.333333333, 0.333333333, 0.333333333]]
    """
    A = _symmetric_matrix(game)
    tol = game.default_tolerance() if tol is None else tol
    m = A.shape[0]
    if m > 14:
        raise SolverError(
            f"{m} strategies: the support enumeration tries 2^{m} supports; "
            "test candidates one at a time with is_evolutionarily_stable"
        )
    out: list[NDArray[np.float64]] = []
    for size in range(1, m + 1):
        for S in itertools.combinations(range(m), size):
            idx = list(S)
            K = np.zeros((size + 1, size + 1))
            K[:size, :size] = A[np.ix_(idx, idx)]
            K[:size, size] = -1.0
            K[size, :size] = 1.0
            rhs = np.zeros(size + 1)
            rhs[size] = 1.0
            try:
                sol = np.linalg.solve(K, rhs)
            except np.linalg.LinAlgError:
                continue
            if np.any(sol[:size] <= tol):
                continue
            x = np.zeros(m)
            x[idx] = sol[:size]
            x /= x.sum()
            if _ess_kernel(A, x, tol):
                x.flags.writeable = False
                out.append(x)
    return out


@dataclass(frozen=True)
class StableState:
    """An evolutionarily stable state of a symmetric game read as a population game.

    Attributes
    ----------
    shares : dict
        ``strategy label -> population share`` (the ESS's probabilities).
    kind : str
        ``"pure"`` (the whole population plays one strategy) or ``"divided"``.
    """

    shares: dict[str, float]
    kind: str


def evolutionarily_stable_states(
    game: NormalFormGame, *, tol: float | None = None
) -> list[StableState]:
    """The ESSs of a symmetric 2-player game as labelled population states.

    Parameters
    ----------
    game : NormalFormGame
        Symmetric: both players have the same strategies and ``B = A.T``.
    tol : float, optional
        Payoff tolerance; default :meth:`NormalFormGame.default_tolerance`.

    Returns
    -------
    list of StableState
        One per ESS found by :func:`evolutionarily_stable_strategies`, in its order.

    Raises
    ------
    SolverError
        When the game is not symmetric.

    Notes
    -----
    Maynard Smith and Price (1973). In a 2x2 game the conditions reduce to those of
    Weibull (1995, *Evolutionary Game Theory*, Section 2.1): a pure strategy ``i`` is an
    ESS when ``u(i, i) > u(j, i)``, or ``u(i, i) = u(j, i)`` and ``u(i, j) > u(j, j)``;
    a divided population is stable when each strategy is the strict best reply to the
    other (anti-coordination), at the share that equalises the two payoffs.

    Examples
    --------
    Hawk-Dove with V = 2, C = 4 (Maynard Smith 1982): half the population plays Hawk.

    >>> hd = NormalFormGame.from_bimatrix([[-1, 2], [0, 1]], [[-1, 0], [2, 1]],
    ...                                  strategies=[["hawk", "dove"]] * 2)
    >>> [(s.kind, s.shares) for s in evolutionarily_stable_states(hd)]
    [('divided', {'hawk': 0.5, 'dove': 0.5})]
    """
    labels = game.strategies[0]
    out = []
    for x in evolutionarily_stable_strategies(game, tol=tol):
        kind = "pure" if np.count_nonzero(x) == 1 else "divided"
        out.append(StableState({k: float(p) for k, p in zip(labels, x, strict=True)}, kind))
    return out
