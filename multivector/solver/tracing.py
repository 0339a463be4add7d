"""One Nash equilibrium of an n-player game by following the logit response branch.

The logit quantal response equilibria of a game form, for a generic game, a unique branch
that starts at the centroid (every strategy equally likely) when the rationality parameter
``lambda`` is 0 and converges, as ``lambda`` grows, to one Nash equilibrium: the logit
*tracing procedure* (McKelvey and Palfrey 1995, "Quantal response equilibria for normal
form games", Games Econ. Behav. 10, Theorem 3; Turocy 2005, "A dynamic homotopy
interpretation of the logistic quantal response equilibrium correspondence", Games Econ.
Behav. 51). This module follows that branch with its own small predictor-corrector, only
as a path to a Nash equilibrium; the branch itself, with its points and fitting to data,
is the subject of :mod:`multivector.solver.qre`.

The branch is the solution set of, for every player ``i`` and strategy ``k``,

    log x_ik - log x_i0 = lambda (U_ik(x) - U_i0(x)),    sum_k x_ik = 1,

with payoffs rescaled to a range of 1. It is followed in the variables
``(log x, lambda)`` by arclength continuation (Allgower and Georg 1990, "Numerical
Continuation Methods", Chapter 2): an Euler predictor along the tangent (the null vector
of the Jacobian) and Gauss-Newton correctors, so that the path may turn back in
``lambda``. Every time ``lambda`` doubles, the current point's support (the strategies
played with non-negligible probability) is used to polish it by Newton's method on the
support's indifference system (:func:`~multivector.solver.nplayer.polish_on_support`);
the first polished profile whose regret passes the tolerance is returned.

Limits: one equilibrium (``complete`` is False); on degenerate games the branch can end
in a continuum of equilibria, where polishing may never succeed; the method then raises
a :class:`~multivector.errors.SolverError` naming the alternatives.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver.equilibrium import Equilibrium, Solution, make_equilibrium
from multivector.solver.nplayer import polish_on_support

__all__ = ["logit_trace", "run_logit_trace"]

_METHOD = "logit-trace"


def _contract(
    u: NDArray[np.float64], xs: list[NDArray[np.float64]], keep: list[int]
) -> NDArray[np.float64]:
    """Contract the player axes of ``u`` (shape ``(s_1, ..., s_n)``) not in ``keep``."""
    out = u
    for j in reversed(range(len(xs))):
        if j not in keep:
            out = np.tensordot(out, xs[j], axes=([j], [0]))
    return out


def _system(
    payoffs: NDArray[np.float64], z: NDArray[np.float64], shape: tuple[int, ...]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Value ``(N,)`` and Jacobian ``(N, N + 1)`` of the logit branch equations at ``z``."""
    n = len(shape)
    N = sum(shape)
    offsets = np.cumsum((0, *shape))
    lam = z[-1]
    xs = [np.exp(z[offsets[i] : offsets[i + 1]]) for i in range(n)]
    H = np.empty(N)
    J = np.zeros((N, N + 1))
    for i in range(n):
        o, s = offsets[i], shape[i]
        v = z[o : o + s]
        U = _contract(payoffs[i], xs, [i])
        H[o] = xs[i].sum() - 1.0
        J[o, o : o + s] = xs[i]
        H[o + 1 : o + s] = v[1:] - v[0] - lam * (U[1:] - U[0])
        J[o + 1 : o + s, o + 1 : o + s] = np.eye(s - 1)
        J[o + 1 : o + s, o] = -1.0
        J[o + 1 : o + s, -1] = -(U[1:] - U[0])
        for j in range(n):
            if j == i:
                continue
            M = _contract(payoffs[i], xs, [i, j])  # (s_i, s_j) in axis order
            if j < i:
                M = M.T
            dU = (M[1:] - M[0]) * xs[j][None, :]
            J[o + 1 : o + s, offsets[j] : offsets[j + 1]] = -lam * dU
    return H, J


def _tangent(J: NDArray[np.float64], previous: NDArray[np.float64] | None) -> NDArray[np.float64]:
    q, _ = np.linalg.qr(J.T, mode="complete")
    t: NDArray[np.float64] = q[:, -1]
    if previous is None:
        return t if t[-1] > 0 else -t
    return t if float(t @ previous) > 0 else -t


def logit_trace(
    game: NormalFormGame,
    *,
    tol: float | None = None,
    max_lambda: float = 1e7,
    max_steps: int = 20_000,
) -> Equilibrium:
    """One Nash equilibrium: the limit of the logit quantal response branch.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    tol : float, optional
        Largest regret accepted; default :meth:`NormalFormGame.default_tolerance`.
    max_lambda : float
        Give up when ``lambda`` (in units of the inverse payoff range) exceeds it.
    max_steps : int
        Give up after this many continuation steps.

    Returns
    -------
    Equilibrium
        Certified by its regret.

    Raises
    ------
    SolverError
        When the branch could not be followed, or no polished point passed the regret
        check before ``max_lambda``.

    Notes
    -----
    McKelvey and Palfrey (1995); Turocy (2005); Allgower and Georg (1990). Gambit's
    ``logit`` (``method="gambit-logit"``) follows the same branch.

    Examples
    --------
    Matching pennies with three players (Jordan 1993): the branch stays at the centroid.

    >>> import numpy as np
    >>> u = np.zeros((3, 2, 2, 2))
    >>> for a in np.ndindex(2, 2, 2):
    ...     u[(0, *a)] = 1 if a[0] == a[1] else 0
    ...     u[(1, *a)] = 1 if a[1] == a[2] else 0
    ...     u[(2, *a)] = 1 if a[2] != a[0] else 0
    >>> eq = logit_trace(NormalFormGame(u))
    >>> [x.round(6).tolist() for x in eq.profile]
    [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(f"expected a NormalFormGame, not {type(game).__name__}")
    tol = game.default_tolerance() if tol is None else float(tol)
    shape = game.shape
    scale = game.payoff_scale()
    payoffs = (game.payoffs - game.payoffs.min()) / scale
    z = np.concatenate([np.full(s, -np.log(s)) for s in shape] + [np.zeros(1)])
    H, J = _system(payoffs, z, shape)
    tangent = _tangent(J, None)
    h = 0.1
    next_polish = 2.0
    for _ in range(max_steps):
        zp = z + h * tangent
        ok = False
        for _it in range(6):
            H, J = _system(payoffs, zp, shape)
            dz = np.linalg.lstsq(J, -H, rcond=None)[0]
            zp = zp + dz
            if not np.all(np.isfinite(zp)):
                break
            if np.abs(dz).max() <= 1e-10 * (1.0 + np.abs(zp).max()):
                ok = True
                break
        if ok:
            H, J = _system(payoffs, zp, shape)
            new_tangent = _tangent(J, tangent)
            # The branch leaves the centroid at lambda = 0 and never comes back to it (the
            # centroid is the only solution there), so lambda < 0 means the corrector
            # jumped to another branch: a rejected step, like a sharp turn.
            ok = float(new_tangent @ tangent) > 0.9 and zp[-1] > 0
        if not ok:
            h *= 0.5
            if h < 1e-12:
                raise SolverError(
                    "the logit branch could not be followed (step size underflow at "
                    f"lambda={z[-1]:.3g}); try method='support-homotopy' or 'gambit-logit'"
                )
            continue
        z, tangent = zp, new_tangent
        lam = z[-1]
        # grow the step, but not faster than lambda itself, so that a long step cannot
        # leap between branches while lambda is small
        h = min(1.5 * h, 1.0 + 0.5 * lam)
        if lam >= next_polish:
            next_polish = 2.0 * lam
            offsets = np.cumsum((0, *shape))
            xs = [np.exp(z[offsets[i] : offsets[i + 1]]) for i in range(len(shape))]
            xs = [x / x.sum() for x in xs]
            for threshold in (1e-3, 1e-6):
                polished = polish_on_support(game, xs, threshold=threshold)
                if polished is not None and game.regret(polished) <= tol:
                    return make_equilibrium(game, polished, _METHOD, tol=tol)
        if lam > max_lambda:
            break
    raise SolverError(
        f"the logit branch reached lambda={z[-1]:.3g} without a certified equilibrium (the "
        "game may be degenerate there); try method='support-homotopy' or 'gambit-gnm'"
    )


def run_logit_trace(
    game: NormalFormGame,
    *,
    tol: float | None = None,
    max_lambda: float = 1e7,
    max_steps: int = 20_000,
) -> Solution:
    """Registry runner for ``method="logit-trace"``: one equilibrium, ``complete=False``."""
    eq = logit_trace(game, tol=tol, max_lambda=max_lambda, max_steps=max_steps)
    return Solution(
        game=game,
        equilibria=(eq,),
        method=_METHOD,
        complete=False,
        notes=(
            "one equilibrium: the limit of the logit quantal response branch, polished by "
            "Newton's method on its support",
        ),
    )
