"""One Nash equilibrium of an n-player game by following the logit response branch.

The logit quantal response equilibria of a game form, for a generic game, a unique branch
that starts at the centroid (every strategy equally likely) when the rationality parameter
``lambda`` is 0 and converges, as ``lambda`` grows, to one Nash equilibrium: the logit
*tracing procedure* (McKelvey and Palfrey 1995, "Quantal response equilibria for normal
form games", Games Econ. Behav. 10, Theorem 3; Turocy 2005, "A dynamic homotopy
interpretation of the logistic quantal response equilibrium correspondence", Games Econ.
Behav. 51). This module follows that branch with the branch follower of
:mod:`multivector.solver.qre` (:func:`~multivector.solver.qre.logit_tracer`), only as a
path to a Nash equilibrium; the branch itself, with its points and fitting to data, is
the subject of that module.

The branch is the solution set of, for every player ``i`` and strategy ``k``,

    log x_ik - log x_i0 = lambda (U_ik(x) - U_i0(x)),    sum_k x_ik = 1,

with payoffs rescaled to a range of 1. It is followed in the variables
``(log x, lambda)`` by arclength continuation (Allgower and Georg 1990, "Numerical
Continuation Methods", Chapter 2; :class:`~multivector.solver.homotopy.PathTracer`): an
Euler predictor along the tangent (the null vector of the Jacobian) and Newton correctors
with the pseudo-inverse, so that the path may turn back in ``lambda``. Every time
``lambda`` doubles, the current point's support (the strategies played with
non-negligible probability) is used to polish it by Newton's method on the support's
indifference system (:func:`~multivector.solver.nplayer.polish_on_support`);
the first polished profile whose regret passes the tolerance is returned.

Limits: one equilibrium (``complete`` is False); on degenerate games the branch can end
in a continuum of equilibria, where polishing may never succeed; the method then raises
a :class:`~multivector.errors.SolverError` naming the alternatives.
"""

from __future__ import annotations

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver.equilibrium import Equilibrium, Solution, make_equilibrium
from multivector.solver.nplayer import polish_on_support
from multivector.solver.qre import LogitSystem, logit_tracer

__all__ = ["logit_trace", "run_logit_trace"]

_METHOD = "logit-trace"


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
    payoffs = (game.payoffs - game.payoffs.min()) / game.payoff_scale()
    system = LogitSystem(payoffs)
    tracer = logit_tracer(system, max_steps=max_steps)
    lam = 0.0
    next_polish = 2.0
    for point in tracer:
        lam = float(point.y[-1])
        if lam >= next_polish:
            next_polish = 2.0 * lam
            xs = system.profile(point.y)
            for threshold in (1e-3, 1e-6):
                polished = polish_on_support(game, xs, threshold=threshold)
                if polished is not None and game.regret(polished) <= tol:
                    return make_equilibrium(game, polished, _METHOD, tol=tol)
        if lam > max_lambda:
            break
    if tracer.status == "step-underflow":
        raise SolverError(
            "the logit branch could not be followed (step size underflow at "
            f"lambda={lam:.3g}); try method='support-homotopy' or 'gambit-logit'"
        )
    raise SolverError(
        f"the logit branch reached lambda={lam:.3g} without a certified equilibrium (the "
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
