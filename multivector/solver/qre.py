"""Logit quantal response equilibrium: the principal branch, its limit, and fitting lambda.

In a logit QRE every player chooses each strategy with probability proportional to
``exp(lambda * expected payoff)``: at ``lambda = 0`` play is uniformly random, and as
``lambda`` grows players respond ever more precisely to payoffs. The QREs form a smooth
curve starting at the uniform profile (the principal branch) which, for almost every
game, leads to one Nash equilibrium as ``lambda`` grows (McKelvey and Palfrey 1995). The
rationality parameter ``lambda`` is what empirical studies estimate from observed choices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import MixedProfile, NormalFormGame
from multivector.solver.equilibrium import Equilibrium, make_equilibrium
from multivector.solver.homotopy import PathTracer, newton_at_parameter

__all__ = [
    "LogitCurve",
    "LogitSystem",
    "QREBranch",
    "QREFit",
    "fit_lambda",
    "logit_branch",
    "logit_qre",
    "logit_tracer",
]


@dataclass(frozen=True, eq=False)
class QREBranch:
    """Points along the principal branch of the logit QRE correspondence.

    Attributes
    ----------
    lambdas : ndarray, shape (K,)
        The rationality parameter at each point (from 0; it may turn back where the
        branch folds).
    profiles : tuple of ndarray
        One array per player, shape ``(K, s_i)``: its mixed strategy at each point.
    limit : Equilibrium or None
        The Nash equilibrium the branch leads to, refined from the last point and
        certified by its regret; None when the refinement failed (see :attr:`notes`).
    end_regret : float
        Regret of the last traced point.
    players, strategies : tuple
    notes : tuple of str
    """

    lambdas: NDArray[np.float64]
    profiles: tuple[NDArray[np.float64], ...]
    limit: Equilibrium | None
    end_regret: float
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    log_profiles: NDArray[np.float64] = field(repr=False)
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.lambdas)

    def point(self, k: int) -> MixedProfile:
        """The profile at the ``k``-th traced point."""
        return tuple(p[k] for p in self.profiles)

    def to_dict(self, *, max_points: int | None = None) -> dict[str, Any]:
        """Plain JSON-ready data: the points (at most ``max_points``, evenly spaced, the
        last one always kept), the limit and the notes."""
        K = len(self.lambdas)
        idx = list(range(K))
        if max_points is not None and max_points < K:
            idx = sorted(set(np.linspace(0, K - 1, max_points).round().astype(int).tolist()))
        return {
            "concept": "logit quantal response equilibrium (principal branch)",
            "points": [
                {
                    "lambda": float(self.lambdas[k]),
                    "strategies": {
                        p: {lab: float(v) for lab, v in zip(labels, prof[k], strict=True)}
                        for p, labels, prof in zip(
                            self.players, self.strategies, self.profiles, strict=True
                        )
                    },
                }
                for k in idx
            ],
            "limit": None if self.limit is None else self.limit.to_dict(),
            "end_regret": float(self.end_regret),
            "notes": list(self.notes),
        }


@dataclass(frozen=True, eq=False)
class QREFit:
    """Maximum-likelihood fit of lambda to observed choices.

    Attributes
    ----------
    lam : float
        The estimate.
    profile : tuple of ndarray
        The QRE at the estimate.
    log_likelihood : float
        Log-likelihood of the observed choices at the estimate.
    players, strategies : tuple
    notes : tuple of str
    """

    lam: float
    profile: MixedProfile
    log_likelihood: float
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "lambda": float(self.lam),
            "log_likelihood": float(self.log_likelihood),
            "strategies": {
                p: {lab: float(v) for lab, v in zip(labels, x, strict=True)}
                for p, labels, x in zip(self.players, self.strategies, self.profile, strict=True)
            },
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------------- kernels
class LogitSystem:
    """The logit QRE equations in log-probabilities ``w`` and their Jacobian.

    For each player ``i``: ``w_ik - w_i0 - lambda (u_ik - u_i0) = 0`` for ``k >= 1`` and
    ``sum_k exp(w_ik) = 1``; ``u_ik`` is the expected payoff of ``i``'s strategy ``k``
    against the others' mixed strategies. The unknowns are ``y = (w, lambda)``, in the
    form that :class:`~multivector.solver.homotopy.PathTracer` follows (see
    :func:`logit_tracer`).

    Parameters
    ----------
    payoffs : ndarray, shape (n, s_1, ..., s_n)
        The payoff tensor; ``lambda`` is in units of its inverse.

    Examples
    --------
    At ``lambda = 0`` the uniform profile solves the equations:

    >>> system = LogitSystem(np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]]))
    >>> float(np.abs(system.residual(system.start())).max())
    0.0
    """

    def __init__(self, payoffs: NDArray[np.float64]) -> None:
        self.payoffs = payoffs
        self.n = payoffs.shape[0]
        self.shape = payoffs.shape[1:]
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.size = int(self.offsets[-1])
        flat = payoffs.reshape(self.n, -1)
        self.scale = float(max(1.0, float(np.max(flat.max(axis=1) - flat.min(axis=1)))))

    def start(self) -> NDArray[np.float64]:
        """The branch's start: every strategy equally likely, ``lambda = 0``."""
        w0 = np.concatenate([np.full(s, -np.log(s)) for s in self.shape])
        return np.concatenate([w0, [0.0]])

    def profile(self, y: NDArray[np.float64]) -> list[NDArray[np.float64]]:
        """The mixed profile at the point ``y = (w, lambda)``, each strategy normalised."""
        xs = [np.exp(v) for v in self.split(y[: self.size])]
        return [x / x.sum() for x in xs]

    def split(self, v: NDArray[np.float64]) -> list[NDArray[np.float64]]:
        """Per-player pieces of a vector of log-probabilities."""
        return [v[self.offsets[i] : self.offsets[i + 1]] for i in range(self.n)]

    def deviation(self, xs: list[NDArray[np.float64]]) -> list[NDArray[np.float64]]:
        """Each player's expected payoff of each own strategy against ``xs``."""
        if self.n == 2:  # two matrix-vector products (the tracer calls this at every step)
            return [self.payoffs[0] @ xs[1], xs[0] @ self.payoffs[1]]
        out = []
        for i in range(self.n):
            u = self.payoffs[i]
            for j in reversed(range(self.n)):
                if j != i:
                    u = np.tensordot(u, xs[j], axes=([j], [0]))
            out.append(np.asarray(u))
        return out

    def cross(self, xs: list[NDArray[np.float64]], i: int, j: int) -> NDArray[np.float64]:
        """``C[k, l]``: i's payoff from k when j plays l and the rest play ``xs``."""
        if self.n == 2:
            return np.asarray(self.payoffs[0] if i == 0 else self.payoffs[1].T)
        u = self.payoffs[i]
        for m in reversed(range(self.n)):
            if m not in (i, j):
                u = np.tensordot(u, xs[m], axes=([m], [0]))
        # remaining axes are i and j in their original order
        return np.asarray(u if i < j else u.T)

    def residual(self, y: NDArray[np.float64]) -> NDArray[np.float64]:
        """The equations' values at ``y = (w, lambda)`` (logit rows weighted, see
        :meth:`damping`)."""
        w, lam = y[:-1], y[-1]
        ws = self.split(w)
        # a corrector's trial point off the curve can overflow exp; the corrector rejects
        # a non-finite residual and shortens the step, so numpy's warning is noise here
        with np.errstate(over="ignore", invalid="ignore"):
            xs = [np.exp(v) for v in ws]
            dev = self.deviation(xs)
            out = []
            damp = self.damping(lam)
            for i in range(self.n):
                out.append(damp * (ws[i][1:] - ws[i][0] - lam * (dev[i][1:] - dev[i][0])))
                out.append(np.array([xs[i].sum() - 1.0]))
            return np.concatenate(out)

    def jacobian(self, y: NDArray[np.float64]) -> NDArray[np.float64]:
        """The ``(N, N + 1)`` Jacobian of :meth:`residual` at ``y``."""
        w, lam = y[:-1], y[-1]
        ws = self.split(w)
        with np.errstate(over="ignore", invalid="ignore"):  # as in residual
            return self._jacobian(ws, lam)

    def _jacobian(self, ws: list[NDArray[np.float64]], lam: float) -> NDArray[np.float64]:
        xs = [np.exp(v) for v in ws]
        dev = self.deviation(xs)
        J = np.zeros((self.size, self.size + 1))
        damp = self.damping(lam)
        for i in range(self.n):
            o = self.offsets[i]
            s = self.shape[i]
            # rows o .. o+s-2: the logit ratios; row o+s-1: the sum
            for k in range(1, s):
                r = o + k - 1
                J[r, o + k] += 1.0
                J[r, o] -= 1.0
                J[r, -1] = -(dev[i][k] - dev[i][0])
            J[o + s - 1, o : o + s] = xs[i]
            for j in range(self.n):
                if j == i:
                    continue
                C = self.cross(xs, i, j)  # (s_i, s_j)
                oj = self.offsets[j]
                block = -lam * (C[1:] - C[0]) * xs[j][None, :]
                J[o : o + s - 1, oj : oj + self.shape[j]] += block
            J[o : o + s - 1] *= damp
        return J

    def damping(self, lam: float) -> float:
        """Weight of the logit rows, ``1 / (1 + |lambda| * scale)``.

        Those rows carry ``lambda`` times payoffs, so their round-off grows with lambda;
        weighting them keeps one absolute tolerance meaningful along the whole path. On
        the curve the weighted system has the same solutions and the same tangent (the
        weight's own derivative multiplies a zero residual), so it is left out.
        """
        return 1.0 / (1.0 + abs(float(lam)) * self.scale)


class LogitCurve(Protocol):
    """What :func:`logit_tracer` follows: equations in ``y = (unknowns, lambda)`` that the
    uniform point ``start()`` solves at ``lambda = 0`` (:class:`LogitSystem`, and the
    agent logit equations of a tree,
    :class:`~multivector.solver.extensive.sequential.AgentLogitSystem`)."""

    def start(self) -> NDArray[np.float64]: ...

    def residual(self, y: NDArray[np.float64]) -> NDArray[np.float64]: ...

    def jacobian(self, y: NDArray[np.float64]) -> NDArray[np.float64]: ...


def logit_tracer(system: LogitCurve, *, max_steps: int = 5000) -> PathTracer:
    """The principal branch of the logit QRE as a path to follow, from ``lambda = 0``.

    Iterate the result for the branch's points ``y = (w, lambda)`` (log-probabilities,
    then ``lambda``), and stop when ``lambda`` is large enough; the tracer's ``status``
    says why it stopped on its own. This is the one branch follower of the package: QRE
    (:func:`logit_branch`), the likelihood fit (:func:`fit_lambda`) and the logit tracing
    procedure to a Nash equilibrium (:func:`~multivector.solver.tracing.logit_trace`) all
    use it.

    Parameters
    ----------
    system : LogitSystem or another LogitCurve
        The equations; a tree's agent logit equations follow the same path follower.
    max_steps : int
        Predictor-corrector steps attempted before giving up.

    Returns
    -------
    PathTracer

    Notes
    -----
    Arclength continuation (:class:`~multivector.solver.homotopy.PathTracer`), so that the
    branch may fold back in ``lambda``. Steps start at 0.05 and grow by 1.6 after each
    accepted one, up to ``max(0.5, lambda / 4)``: never faster than ``lambda`` itself, so
    a long step cannot leap between branches while ``lambda`` is small. A point with
    ``lambda <= 0`` is refused: the branch leaves the centroid at ``lambda = 0`` and never
    returns (the centroid is the only solution there), so such a point means that the
    corrector jumped to another branch.

    Examples
    --------
    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> system = LogitSystem(mp.payoffs)
    >>> for point in logit_tracer(system):
    ...     if point.y[-1] > 5:
    ...         break
    >>> [x.round(9).tolist() for x in system.profile(point.y)]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    return PathTracer(
        system.residual,
        system.jacobian,
        system.start(),
        step=0.05,
        growth=1.6,
        max_step=lambda y: max(0.5, 0.25 * abs(float(y[-1]))),
        tol=1e-10,
        max_corrector=8,
        max_steps=max_steps,
        accept=lambda y: bool(y[-1] > 0),
    )


def _trace(
    system: LogitSystem, lambda_max: float, max_steps: int, unit: float = 1.0
) -> tuple[list[NDArray[np.float64]], list[str]]:
    """The branch's points up to the first past ``lambda_max``, and notes on an early end.

    ``system`` holds the payoffs divided by ``unit``; its lambdas (and ``lambda_max``) are
    in units of the inverse of those, and the notes quote lambda in the game's own units.
    """
    notes: list[str] = []
    points = []
    tracer = logit_tracer(system, max_steps=max_steps)
    for point in tracer:
        points.append(point.y)
        if point.y[-1] >= lambda_max:
            break
    lam = points[-1][-1] / unit
    if tracer.status == "step-underflow":
        notes.append(f"the path tracer could not continue past lambda={lam:.6g}")
    elif tracer.status == "max-steps":
        notes.append(f"stopped after {max_steps} steps at lambda={lam:.6g} (max_steps reached)")
    return points, notes


def _polish(game: NormalFormGame, profile: MixedProfile, tol: float) -> Equilibrium | None:
    """The Nash equilibrium near ``profile``: Newton on the indifference equations of its
    support, for a few support thresholds; certified by make_equilibrium."""
    from scipy.optimize import root

    system = LogitSystem(game.payoffs)
    tried: set[tuple[tuple[int, ...], ...]] = set()
    for threshold in (1e-3, 1e-5, 1e-8, 1e-2):
        supports = tuple(tuple(int(k) for k in np.flatnonzero(x > threshold)) for x in profile)
        if supports in tried or any(not s for s in supports):
            continue
        tried.add(supports)
        sizes = [len(s) for s in supports]
        starts = np.concatenate([profile[i][list(s)] for i, s in enumerate(supports)])

        def full(z: NDArray[np.float64], supports: Any = supports) -> list[NDArray[np.float64]]:
            xs = []
            pos = 0
            for i, s in enumerate(supports):
                x = np.zeros(game.shape[i])
                x[list(s)] = z[pos : pos + len(s)]
                pos += len(s)
                xs.append(x)
            return xs

        def equations(
            z: NDArray[np.float64], supports: Any = supports, full: Any = full
        ) -> NDArray[np.float64]:
            xs = full(z)
            dev = system.deviation(xs)
            out = []
            for i, s in enumerate(supports):
                d = dev[i][list(s)]
                out.append(d[1:] - d[0])
                out.append(np.array([xs[i].sum() - 1.0]))
            return np.concatenate(out)

        if sum(sizes) == game.num_players:
            xs = full(np.ones(game.num_players))
        else:
            sol = root(equations, starts, method="hybr", options={"xtol": 1e-14})
            xs = full(sol.x)
        if any(np.any(x < -1e-12) for x in xs):
            continue
        try:
            return make_equilibrium(game, xs, "logit-qre", tol=tol)
        except (SolverError, Exception):
            continue
    return None


# ---------------------------------------------------------------------- public
def logit_branch(
    game: NormalFormGame,
    *,
    lambda_max: float = 1e6,
    max_steps: int = 5000,
    tol: float | None = None,
) -> QREBranch:
    """Trace the principal branch of the logit QRE from ``lambda = 0`` to ``lambda_max``.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    lambda_max : float
        Where to stop; the branch's last point is then refined to the Nash equilibrium
        it leads to.
    max_steps : int
        Largest number of accepted predictor-corrector steps.
    tol : float, optional
        Regret tolerance of the limit equilibrium; default
        :meth:`NormalFormGame.default_tolerance`.

    Returns
    -------
    QREBranch

    Raises
    ------
    SolverError
        On a non-positive ``lambda_max``.

    Notes
    -----
    The logit QRE (McKelvey and Palfrey 1995, "Quantal response equilibria for normal
    form games", GEB 10) solves ``x_ik = exp(lambda u_ik(x)) / sum_l exp(lambda
    u_il(x))``. Written in log-probabilities ``w`` the equations ``w_ik - w_i0 = lambda
    (u_ik - u_i0)``, ``sum_k exp(w_ik) = 1`` define a smooth curve in ``(w, lambda)`` for
    almost every game; it is followed by a predictor-corrector method parametrised by
    arclength (Turocy 2005, "A dynamic homotopy interpretation of the logistic quantal
    response equilibrium correspondence", GEB 51; Allgower and Georg 1990, Numerical
    Continuation Methods, Chapter 2): an Euler step along the tangent (the null vector of
    the Jacobian), then Newton corrections with the pseudo-inverse, the step length adapted
    to the corrector's success. Log-probabilities keep the path well scaled as
    probabilities of unused strategies fall like ``exp(-lambda * loss)``, so the trace
    reaches large ``lambda``. The limit is refined by Newton's method on the indifference
    equations of the last point's support and certified by its regret. For degenerate
    games the branch may not be smooth and the refinement may fail; the result then says
    so (``limit`` is None).

    Examples
    --------
    Asymmetric matching pennies (Ochs 1995; McKelvey and Palfrey 1995, Section 4): the
    branch starts at (1/2, 1/2) and leads to the Nash equilibrium in which the column
    player plays Left with probability 1/10.

    >>> g = NormalFormGame.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]],
    ...     strategies=[["Up", "Down"], ["Left", "Right"]])
    >>> b = logit_branch(g)
    >>> float(b.lambdas[0]), [p[0].tolist() for p in b.profiles]
    (0.0, [[0.5, 0.5], [0.5, 0.5]])
    >>> [np.round(x, 9).tolist() for x in b.limit.profile]
    [[0.5, 0.5], [0.1, 0.9]]
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(f"logit_branch() takes a NormalFormGame, not {type(game).__name__}")
    if not lambda_max > 0:
        raise SolverError(f"lambda_max must be positive, got {lambda_max}")
    tol = game.default_tolerance() if tol is None else tol
    # the branch is traced on payoffs in units of their largest range (at least 1), so
    # that the tracer's steps fit the game whatever its payoffs' magnitude; lambda times
    # payoff is invariant, so the lambdas are converted back at the end
    unit = game.payoff_scale()
    system = LogitSystem(game.payoffs / unit)
    points, notes = _trace(system, lambda_max * unit, max_steps, unit)
    Y = np.array(points)
    W = Y[:, :-1]
    lambdas = Y[:, -1] / unit
    profiles = tuple(
        np.exp(W[:, system.offsets[i] : system.offsets[i + 1]]) for i in range(system.n)
    )
    profiles = tuple(p / p.sum(axis=1, keepdims=True) for p in profiles)
    last = tuple(p[-1] / p[-1].sum() for p in profiles)
    end_regret = game.regret(last)
    limit = _polish(game, last, tol)
    if limit is None:
        notes.append(
            f"the branch's end (lambda={lambdas[-1]:.6g}, regret {end_regret:.3g}) could "
            "not be refined to a Nash equilibrium within the tolerance (degenerate game?)"
        )
    for arr in (lambdas, W, *profiles):
        arr.flags.writeable = False
    return QREBranch(
        lambdas=lambdas,
        profiles=profiles,
        limit=limit,
        end_regret=float(end_regret),
        players=game.players,
        strategies=game.strategies,
        log_profiles=W,
        notes=tuple(notes),
    )


def _at_lambda(
    system: LogitSystem, w: NDArray[np.float64], lam: float
) -> NDArray[np.float64] | None:
    """The QRE at ``lam`` near the log-probabilities ``w``: Newton at fixed lambda."""
    y = newton_at_parameter(system.residual, system.jacobian, np.concatenate([w, [lam]]))
    return None if y is None else y[:-1]


def _locate(branch: QREBranch, lam: float) -> int:
    """Index of the first traced point past ``lam`` (the branch's first crossing)."""
    above = np.flatnonzero(branch.lambdas >= lam)
    if not len(above):
        raise SolverError(
            f"lambda={lam} is beyond the traced branch (up to {branch.lambdas[-1]:.6g}); "
            "trace further with a larger lambda_max"
        )
    return int(above[0])


def logit_qre(
    game: NormalFormGame, lam: float, *, branch: QREBranch | None = None
) -> MixedProfile:
    """The logit QRE at ``lam`` on the principal branch (its first crossing of ``lam``).

    Parameters
    ----------
    game : NormalFormGame
    lam : float
        The rationality parameter, ``>= 0``.
    branch : QREBranch, optional
        A branch of ``game`` already traced far enough.

    Returns
    -------
    tuple of ndarray

    Examples
    --------
    Matching pennies: the QRE is (1/2, 1/2) for every lambda.

    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> [x.round(12).tolist() for x in logit_qre(mp, 3.0)]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    if not lam >= 0:
        raise SolverError(f"lambda must be >= 0, got {lam}")
    if branch is None:
        branch = logit_branch(game, lambda_max=max(lam * 1.01, 1e-3) + 1.0)
    system = LogitSystem(game.payoffs)
    k = _locate(branch, lam)
    if k == 0:
        w0 = branch.log_profiles[0]
    else:
        l0, l1 = branch.lambdas[k - 1], branch.lambdas[k]
        a = 0.0 if l1 == l0 else (lam - l0) / (l1 - l0)
        w0 = (1 - a) * branch.log_profiles[k - 1] + a * branch.log_profiles[k]
    w = _at_lambda(system, np.array(w0), lam)
    if w is None:
        raise SolverError(f"Newton's method did not converge at lambda={lam}; please report")
    return tuple(np.exp(v) / np.exp(v).sum() for v in system.split(w))


def _counts(game: NormalFormGame, observed: Any) -> list[NDArray[np.float64]]:
    if isinstance(observed, Mapping):
        out = []
        for i, p in enumerate(game.players):
            if p not in observed:
                raise SolverError(
                    f"observed choices give nothing for player {p!r}; give counts for each "
                    f"of {list(game.players)} (an empty mapping for a player not observed)"
                )
            row = observed[p]
            c = np.zeros(game.shape[i])
            if isinstance(row, Mapping):
                for label, v in row.items():
                    c[game.strategy_index(i, str(label))] = float(v)
            else:
                c[:] = np.asarray(row, dtype=np.float64)
            out.append(c)
    else:
        seq: Sequence[ArrayLike] = observed
        if len(seq) != game.num_players:
            raise SolverError(f"give observed counts for each of the {game.num_players} players")
        out = [np.asarray(c, dtype=np.float64).reshape(-1) for c in seq]
    for i, c in enumerate(out):
        if c.shape != (game.shape[i],) or np.any(c < 0) or not np.all(np.isfinite(c)):
            raise SolverError(
                f"observed counts of {game.players[i]} must be {game.shape[i]} nonnegative "
                f"numbers, got {c.tolist()}"
            )
    if sum(float(c.sum()) for c in out) <= 0:
        raise SolverError("no observed choices: every count is zero")
    return out


def fit_lambda(
    game: NormalFormGame,
    observed: Mapping[str, Any] | Sequence[ArrayLike],
    *,
    lambda_max: float = 1e3,
    branch: QREBranch | None = None,
) -> QREFit:
    """Maximum-likelihood estimate of lambda from observed choice counts.

    Parameters
    ----------
    game : NormalFormGame
    observed : mapping or sequence
        Per player, the number (or frequency) of times each strategy was chosen: a
        mapping ``{player: {label: count}}`` or ``{player: [counts]}``, or a sequence of
        count vectors in player order.
    lambda_max : float
        The search covers the principal branch from 0 to ``lambda_max``.
    branch : QREBranch, optional
        A branch already traced to at least ``lambda_max``.

    Returns
    -------
    QREFit

    Raises
    ------
    SolverError
        On malformed counts.

    Notes
    -----
    The log-likelihood ``sum_i sum_k n_ik log x_ik(lambda)`` is evaluated along the traced
    principal branch, as in McKelvey and Palfrey (1995, Section 5) and Gambit's logit
    estimation; the best traced point is then refined by a bounded scalar search
    (``scipy.optimize.minimize_scalar``) between its neighbours, each evaluation solving
    the QRE equations at that lambda by Newton's method. Where the branch folds back, the
    first crossing of each lambda is used. If the likelihood is largest at
    ``lambda_max`` the data are as close to Nash play as the branch goes; a note says so.

    Examples
    --------
    Choices generated by the QRE at lambda = 2 give back lambda = 2:

    >>> g = NormalFormGame.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> x = logit_qre(g, 2.0)
    >>> fit = fit_lambda(g, [1000 * x[0], 1000 * x[1]])
    >>> round(fit.lam, 6)
    2.0
    """
    from scipy.optimize import minimize_scalar

    counts = _counts(game, observed)
    if branch is None or branch.lambdas.max() < lambda_max:
        branch = logit_branch(game, lambda_max=lambda_max)
    system = LogitSystem(game.payoffs)
    c = np.concatenate(counts)
    mono = np.maximum.accumulate(branch.lambdas)
    first = np.flatnonzero(np.concatenate([[True], branch.lambdas[1:] > mono[:-1]]))
    lls = branch.log_profiles[first] @ c
    best = int(np.argmax(lls))
    notes: list[str] = []
    lam_grid = branch.lambdas[first]
    lo = float(lam_grid[max(best - 1, 0)])
    hi = float(lam_grid[min(best + 1, len(first) - 1)])

    def negll(lam: float) -> float:
        k = _locate(branch, lam)
        w0 = branch.log_profiles[k]
        w = _at_lambda(system, np.array(w0), lam)
        if w is None:
            return np.inf
        return -float(w @ c)

    if hi > lo:
        res = minimize_scalar(negll, bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
        lam = float(res.x)
        if -float(res.fun) < lls[best]:
            lam = float(lam_grid[best])
    else:
        lam = float(lam_grid[best])
    if best == len(first) - 1:
        notes.append(
            f"the likelihood is largest at the end of the traced branch (lambda={lam:.6g}): "
            "the observed choices are as close to the Nash equilibrium as the branch goes"
        )
    profile = logit_qre(game, lam, branch=branch)
    ll = float(
        sum(
            float(ci @ np.log(np.maximum(x, 1e-300)))
            for ci, x in zip(counts, profile, strict=True)
        )
    )
    return QREFit(
        lam=lam,
        profile=profile,
        log_likelihood=ll,
        players=game.players,
        strategies=game.strategies,
        notes=tuple(notes),
    )
