"""Following a solution curve ``H(x, t) = 0``: a predictor-corrector path follower.

Several solution concepts are the end of a curve of solutions of ``N`` equations in
``N + 1`` unknowns, ``H(y) = 0`` with ``y = (x, t)`` and ``t`` a homotopy parameter: the
logit quantal response equilibria of a normal-form game as its rationality parameter
grows (McKelvey and Palfrey 1995; Turocy 2005), and in the same way the agent logit
equilibria of an extensive-form game. This module follows such a curve knowing only the
residual ``H`` and its Jacobian; what the unknowns mean is the caller's business (see
:mod:`multivector.solver.qre` for the logit layer).

The method is the Euler-Newton predictor-corrector of Allgower and Georg (1990,
*Numerical Continuation Methods*, Chapter 2, Algorithm 2.3.3 with the step control of
Section 6.1 in simplified form): from a point on the curve, step along the unit tangent
(the null vector of the Jacobian, oriented like the previous one), then return to the
curve by Newton steps with the Moore-Penrose pseudo-inverse. A step whose corrector fails,
or after which the tangent turns sharply (a sign of a jump to another branch), is retried
at half the length; an accepted step lets the next one grow. Two parametrisations:

* ``"arclength"`` (default): the predictor moves a distance ``h`` along the tangent and
  the corrector is free in all ``N + 1`` unknowns, so the path may turn back in ``t``
  (a fold);
* ``"parameter"``: the predictor moves ``t`` by ``h`` and the corrector keeps ``t``
  fixed, solving the square system in ``x``; simpler, but it cannot pass a fold.

Every loop is bounded: at most ``max_corrector`` Newton steps per corrector, at most
``max_steps`` attempted steps per path, and the step length may not fall below
``min_step``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["PathPoint", "PathTracer", "newton_at_parameter", "tangent"]

#: ``H(y)``: the ``N`` residuals at a point ``y`` of ``N + 1`` unknowns (the last one the
#: homotopy parameter).
Residual = Callable[[NDArray[np.float64]], NDArray[np.float64]]
#: The ``(N, N + 1)`` Jacobian of the residual at ``y``.
Jacobian = Callable[[NDArray[np.float64]], NDArray[np.float64]]


def tangent(
    J: NDArray[np.float64], previous: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """Unit tangent of the curve: the null vector of the ``(N, N + 1)`` Jacobian ``J``.

    Oriented to make a positive inner product with ``previous``; without one, so that
    the parameter (the last unknown) increases.

    Examples
    --------
    The circle ``x^2 + t^2 = 1`` at ``(1, 0)``:

    >>> tangent(np.array([[2.0, 0.0]])).tolist()
    [0.0, 1.0]
    """
    q, _ = np.linalg.qr(J.T, mode="complete")
    t: NDArray[np.float64] = np.asarray(q[:, -1])
    sign = t[-1] if previous is None else float(t @ previous)
    return t if sign > 0 else -t


def _corrector(
    residual: Residual,
    jacobian: Jacobian,
    y: NDArray[np.float64],
    *,
    tol: float,
    max_iter: int,
    fixed_parameter: bool,
) -> tuple[NDArray[np.float64], bool]:
    """Newton steps back to the curve from ``y``; ``(point, converged)``.

    Converged when the residual's largest entry is below ``tol``, or when a step moves no
    unknown by more than ``tol`` times ``1 + max |y|`` (the residual's own round-off can
    exceed ``tol`` where it carries large numbers). Gives up on a non-finite point or when
    the residual stops shrinking (it does not halve while still above ``10 tol``). With
    ``fixed_parameter`` the last unknown is held and the square system in the others is
    solved; otherwise the pseudo-inverse step is free in all unknowns.
    """
    prev = np.inf
    for _ in range(max_iter):
        r = residual(y)
        norm = float(np.abs(r).max()) if r.size else 0.0
        if not np.isfinite(norm):
            return y, False
        if norm < tol:
            return y, True
        if norm > 0.5 * prev and norm > 10 * tol:
            return y, False
        prev = norm
        J = jacobian(y)
        step = np.zeros_like(y)
        try:
            if fixed_parameter:
                step[:-1] = np.linalg.solve(J[:, :-1], r)
            else:
                step[:] = np.linalg.lstsq(J, r, rcond=None)[0]
        except np.linalg.LinAlgError:
            return y, False
        y = y - step
        if not np.all(np.isfinite(y)):
            return y, False
        if np.abs(step).max() <= tol * (1.0 + np.abs(y).max()):
            # a tiny step far out on the path: converged if the residual there is finite
            r = residual(y)
            return y, bool(np.all(np.isfinite(r)))
    r = residual(y)
    return y, bool(float(np.abs(r).max()) < tol) if r.size else True


def newton_at_parameter(
    residual: Residual,
    jacobian: Jacobian,
    y: NDArray[np.float64],
    *,
    tol: float = 1e-12,
    max_iter: int = 50,
) -> NDArray[np.float64] | None:
    """The point of the curve at the parameter of ``y``, by Newton's method from ``y``.

    The last unknown of ``y`` (the parameter) is held; returns None when Newton's method
    does not converge within ``max_iter`` steps.

    Examples
    --------
    The circle ``x^2 + t^2 = 1`` at ``t = 0.6``, from ``x = 1``:

    >>> H = lambda y: np.array([y[0] ** 2 + y[1] ** 2 - 1.0])
    >>> dH = lambda y: np.array([[2 * y[0], 2 * y[1]]])
    >>> newton_at_parameter(H, dH, np.array([1.0, 0.6])).round(12).tolist()
    [0.8, 0.6]
    """
    point, ok = _corrector(
        residual,
        jacobian,
        np.array(y, dtype=np.float64),
        tol=tol,
        max_iter=max_iter,
        fixed_parameter=True,
    )
    return point if ok else None


@dataclass(frozen=True)
class PathPoint:
    """An accepted point of the path.

    Attributes
    ----------
    y : ndarray, shape (N + 1,)
        The point; its last entry is the parameter.
    tangent : ndarray, shape (N + 1,)
        The unit tangent there, oriented along the path.
    step : float
        The length of the step that reached it (0 at the start).
    """

    y: NDArray[np.float64]
    tangent: NDArray[np.float64]
    step: float


class PathTracer:
    """Follow the curve ``H(y) = 0`` from a point on it; iterate to get its points.

    Parameters
    ----------
    residual, jacobian : callable
        ``H(y)`` (``N`` values) and its ``(N, N + 1)`` Jacobian, for ``y`` of ``N + 1``
        unknowns, the last one the parameter.
    start : array_like, shape (N + 1,)
        A point on the curve (a zero of ``H``); the path leaves it in the direction in
        which the parameter increases.
    parametrisation : {"arclength", "parameter"}
        See the module docstring.
    step : float
        Length of the first step.
    growth : float
        Factor by which an accepted step lengthens the next one.
    max_step : callable, optional
        ``max_step(y)``: the longest step allowed from the accepted point ``y`` (e.g. a
        function of the parameter, so that steps cannot leap between branches).
    min_step : float
        Give up (status ``"step-underflow"``) when a failed step would have to be shorter.
    min_cos : float
        A step after which the tangent turns by more than ``arccos(min_cos)`` is retried
        shorter, unless it is already at most ``1e-6`` long (a true corner).
    tol : float
        Corrector tolerance on the residual (see :func:`newton_at_parameter`).
    max_corrector : int
        Newton steps per corrector.
    max_steps : int
        Steps attempted (accepted or not) before giving up (status ``"max-steps"``).
    accept : callable, optional
        ``accept(y)``: an extra test of a corrected point (e.g. the parameter stays
        positive); a refused point is treated as a failed step.

    Attributes
    ----------
    status : str
        ``"running"`` while points come; then ``"step-underflow"``, ``"max-steps"`` or
        (``"parameter"`` parametrisation only) ``"fold"``, where the parameter would have
        to turn back, when the path could not be followed further. A caller that stops
        iterating itself leaves it at ``"running"``.
    steps : int
        Steps attempted so far.

    Examples
    --------
    The unit circle ``x^2 + t^2 = 1`` from ``(1, 0)``: the path rises in ``t``, turns at
    the fold ``(0, 1)`` (where a ``t``-parametrised path would stop) and comes back down.

    >>> H = lambda y: np.array([y[0] ** 2 + y[1] ** 2 - 1.0])
    >>> dH = lambda y: np.array([[2 * y[0], 2 * y[1]]])
    >>> points = []
    >>> for p in PathTracer(H, dH, [1.0, 0.0], step=0.1, max_step=lambda y: 0.3):
    ...     points.append(p.y)
    ...     if p.y[0] < 0:
    ...         break
    >>> bool(max(y[1] for y in points) > 0.99), bool(points[-1][0] < 0)
    (True, True)
    >>> all(abs(x * x + t * t - 1) < 1e-10 for x, t in points)
    True
    """

    def __init__(
        self,
        residual: Residual,
        jacobian: Jacobian,
        start: NDArray[np.float64] | list[float],
        *,
        parametrisation: str = "arclength",
        step: float = 0.05,
        growth: float = 1.6,
        max_step: Callable[[NDArray[np.float64]], float] | None = None,
        min_step: float = 1e-12,
        min_cos: float = 0.9,
        tol: float = 1e-10,
        max_corrector: int = 8,
        max_steps: int = 10_000,
        accept: Callable[[NDArray[np.float64]], bool] | None = None,
    ) -> None:
        if parametrisation not in ("arclength", "parameter"):
            raise ValueError(
                f"parametrisation must be 'arclength' or 'parameter', not {parametrisation!r}"
            )
        self.residual = residual
        self.jacobian = jacobian
        self.start = np.array(start, dtype=np.float64)
        self.parametrisation = parametrisation
        self.first_step = float(step)
        self.growth = float(growth)
        self.max_step = max_step
        self.min_step = float(min_step)
        self.min_cos = float(min_cos)
        self.tol = float(tol)
        self.max_corrector = int(max_corrector)
        self.max_steps = int(max_steps)
        self.accept = accept
        self.status = "running"
        self.steps = 0

    def __iter__(self) -> Iterator[PathPoint]:
        y = self.start
        t = tangent(self.jacobian(y))
        yield PathPoint(y.copy(), t.copy(), 0.0)
        h = self.first_step
        by_parameter = self.parametrisation == "parameter"
        while self.steps < self.max_steps:
            self.steps += 1
            if by_parameter:
                if t[-1] <= 0:
                    self.status = "fold"
                    return
                guess = y + h * t / t[-1]
            else:
                guess = y + h * t
            y_new, ok = _corrector(
                self.residual,
                self.jacobian,
                guess,
                tol=self.tol,
                max_iter=self.max_corrector,
                fixed_parameter=by_parameter,
            )
            if ok and self.accept is not None:
                ok = self.accept(y_new)
            if ok:
                J_new = self.jacobian(y_new)
                ok = bool(np.all(np.isfinite(J_new)))
            if ok:
                t_new = tangent(J_new, t)
                # a sharp turn means the step jumped to another branch: retry shorter
                ok = float(t_new @ t) >= self.min_cos or h <= 1e-6
            if not ok:
                h *= 0.5
                if h < self.min_step:
                    self.status = "step-underflow"
                    return
                continue
            y, t = y_new, t_new
            yield PathPoint(y.copy(), t.copy(), h)
            h *= self.growth
            if self.max_step is not None:
                h = min(h, self.max_step(y))
        self.status = "max-steps"
