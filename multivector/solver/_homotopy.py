"""Homotopy continuation on one support profile's system (private kernel of
:mod:`multivector.solver.nplayer`).

The indifference system of a support profile is square and multilinear. It is solved by
an m-homogeneous homotopy (Morgan and Sommese 1987, "A homotopy for solving general
polynomial systems that respects m-homogeneous structures", Appl. Math. Comput. 24):
the start system replaces each equation by a product of random complex affine forms, one
per other mixing player, and ``gamma (1 - t) G + t F`` with a random complex ``gamma``
carries its solutions to every isolated solution of the game's system with probability
one. All paths of a system are tracked together (numpy-batched) by a fourth-order
Runge-Kutta predictor and a Newton corrector with step control. The enumeration uses it
on the support profiles that the certified subdivision of :mod:`._subdivision` cannot
resolve (singular solutions, continua), where a finite list of endpoints and an honest
"singular" flag are what can be had.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

Supports = tuple[tuple[int, ...], ...]
Complex = NDArray[Any]  # complex128 arrays

_LETTERS = "abcdefghijklmnopqrstuvwxy"


@dataclass
class System:
    """The indifference system of one support profile, in the free probabilities ``y``.

    Player ``j`` with support ``S_j`` of size ``k_j >= 2`` (a *mixer*) has ``d_j = k_j - 1``
    unknowns: ``x_j = (1 - sum y_j, y_j)`` on ``S_j``. Players with a single strategy are
    folded into the tensors. ``tensors[p]`` has one axis per mixer; the axis of mixer
    ``p`` has length ``d_p`` (payoff differences against the support's first strategy),
    the others ``k_q``.
    """

    supports: Supports
    mixers: tuple[int, ...]
    dims: tuple[int, ...]
    offsets: tuple[int, ...]
    tensors: tuple[NDArray[np.float64], ...]

    @property
    def size(self) -> int:
        return sum(self.dims)

    @classmethod
    def build(cls, payoffs: NDArray[np.float64], supports: Supports) -> System:
        n = payoffs.shape[0]
        mixers = tuple(j for j in range(n) if len(supports[j]) > 1)
        dims = tuple(len(supports[j]) - 1 for j in mixers)
        offsets = tuple(int(v) for v in np.cumsum((0, *dims))[:-1])
        tensors = []
        for i in mixers:
            sub = payoffs[i][np.ix_(*supports)]
            # fold the single-strategy players' axes, from the last so indices stay valid
            for j in reversed(range(n)):
                if len(supports[j]) == 1:
                    sub = sub.take(0, axis=j)
            p = mixers.index(i)
            moved = np.moveaxis(sub, p, 0)
            diff = moved[1:] - moved[:1]
            tensors.append(np.ascontiguousarray(np.moveaxis(diff, 0, p)))
        return cls(supports, mixers, dims, offsets, tuple(tensors))

    def strategies(self, y: NDArray[Any]) -> list[NDArray[Any]]:
        """Each mixer's probabilities on its support, for a batch ``y`` of shape (P, D)."""
        out = []
        for off, d in zip(self.offsets, self.dims, strict=True):
            block = y[:, off : off + d]
            out.append(np.concatenate([1.0 - block.sum(axis=1, keepdims=True), block], axis=1))
        return out

    def __post_init__(self) -> None:
        # Precompute the contractions: for each mixer p, its values are the tensor
        # contracted with every other mixer's strategy; its Jacobian block for mixer q
        # leaves q's axis out, with the chain rule of x_q = (1 - sum y_q, y_q) folded in.
        m = len(self.mixers)
        letters = _LETTERS[:m]
        self._values: list[tuple[slice, str, NDArray[np.float64], list[int]]] = []
        self._blocks: list[tuple[slice, slice, str, NDArray[np.float64], list[int]]] = []
        for p in range(m):
            rp = slice(self.offsets[p], self.offsets[p] + self.dims[p])
            others = [q for q in range(m) if q != p]
            spec = ",".join([letters, *(f"z{letters[q]}" for q in others)])
            self._values.append((rp, f"{spec}->z{letters[p]}", self.tensors[p], others))
            for q in others:
                rq = slice(self.offsets[q], self.offsets[q] + self.dims[q])
                moved = np.moveaxis(self.tensors[p], q, 0)
                chained = np.moveaxis(moved[1:] - moved[:1], 0, q)
                rest = [r for r in others if r != q]
                spec = ",".join([letters, *(f"z{letters[r]}" for r in rest)])
                if rest:
                    out = f"{spec}->z{letters[p]}{letters[q]}"
                else:  # two mixers: the block is constant
                    out = f"{letters}->{letters[p]}{letters[q]}"
                    chained = np.einsum(out, chained)
                self._blocks.append((rp, rq, out, np.ascontiguousarray(chained), rest))

    def evaluate(self, y: NDArray[Any]) -> tuple[NDArray[Any], NDArray[Any]]:
        """Values ``(P, D)`` and Jacobians ``(P, D, D)`` of the system at a batch ``y``."""
        X = self.strategies(y)
        P, D = y.shape
        F = np.empty((P, D), dtype=y.dtype)
        J = np.zeros((P, D, D), dtype=y.dtype)
        for rp, spec, tensor, others in self._values:
            # a lone mixer's indifference conditions do not depend on y
            F[:, rp] = np.einsum(spec, tensor, *(X[q] for q in others)) if others else tensor
        for rp, rq, spec, tensor, rest in self._blocks:
            J[:, rp, rq] = np.einsum(spec, tensor, *(X[r] for r in rest)) if rest else tensor
        return F, J

    def profile(self, y: NDArray[np.float64], shape: Sequence[int]) -> list[NDArray[np.float64]]:
        """The full mixed profile of the game for one real point ``y`` of shape (D,)."""
        X = self.strategies(y[None, :])
        out = []
        for j, s in enumerate(shape):
            x = np.zeros(s)
            if j in self.mixers:
                x[list(self.supports[j])] = X[self.mixers.index(j)][0]
            else:
                x[self.supports[j][0]] = 1.0
            out.append(x)
        return out


# ---------------------------------------------------------------------- start system
@dataclass
class StartSystem:
    """``G_e(y) = prod_q (C_q[e] . y_q + c_q[e])`` over the mixers ``q`` other than the owner
    of equation ``e`` (for the owner the factor is the constant 1)."""

    coef: tuple[Complex, ...]  # per mixer q: (D, d_q)
    const: tuple[Complex, ...]  # per mixer q: (D,)
    system: System

    @classmethod
    def random(cls, system: System, rng: np.random.Generator) -> StartSystem:
        D = system.size
        owner = np.repeat(np.arange(len(system.mixers)), system.dims)
        coef, const = [], []
        for q, d in enumerate(system.dims):
            C = _random_complex(rng, (D, d))
            c = _random_complex(rng, (D,))
            C[owner == q] = 0.0
            c[owner == q] = 1.0
            coef.append(C)
            const.append(c)
        return cls(tuple(coef), tuple(const), system)

    def evaluate(self, y: Complex) -> tuple[Complex, Complex]:
        s = self.system
        P, D = y.shape
        L = [
            y[:, off : off + d] @ C.T + c
            for off, d, C, c in zip(s.offsets, s.dims, self.coef, self.const, strict=True)
        ]
        G = np.prod(np.stack(L), axis=0)
        J = np.empty((P, D, D), dtype=np.complex128)
        for q, (off, d) in enumerate(zip(s.offsets, s.dims, strict=True)):
            rest = np.ones((P, D), dtype=np.complex128)
            for r, Lr in enumerate(L):
                if r != q:
                    rest = rest * Lr
            J[:, :, off : off + d] = rest[:, :, None] * self.coef[q][None, :, :]
        return G, J

    def solutions(self) -> Complex:
        """Every solution: one per assignment of equations to the other mixers."""
        s = self.system
        D = s.size
        owner = np.repeat(np.arange(len(s.mixers)), s.dims)
        out = []
        for assignment in _assignments(tuple(int(o) for o in owner), s.dims):
            y = np.empty(D, dtype=np.complex128)
            for q, (off, d) in enumerate(zip(s.offsets, s.dims, strict=True)):
                rows = [e for e in range(D) if assignment[e] == q]
                y[off : off + d] = np.linalg.solve(self.coef[q][rows], -self.const[q][rows])
            out.append(y)
        return np.array(out, dtype=np.complex128).reshape(-1, D)


def _random_complex(rng: np.random.Generator, shape: tuple[int, ...]) -> Complex:
    angle = rng.uniform(0, 2 * np.pi, size=shape)
    radius = rng.uniform(0.5, 1.5, size=shape)
    return np.asarray(radius * np.exp(1j * angle), dtype=np.complex128)


def _assignments(owner: tuple[int, ...], dims: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
    """Assignments of equation ``e`` to a mixer other than ``owner[e]``, filling each
    mixer ``q`` with exactly ``dims[q]`` equations."""
    left = list(dims)
    chosen: list[int] = []

    def rec(e: int) -> Iterator[tuple[int, ...]]:
        if e == len(owner):
            yield tuple(chosen)
            return
        for q in range(len(dims)):
            if q != owner[e] and left[q] > 0:
                left[q] -= 1
                chosen.append(q)
                yield from rec(e + 1)
                chosen.pop()
                left[q] += 1

    yield from rec(0)


@lru_cache(maxsize=4096)
def bezout_number(owner: tuple[int, ...], dims: tuple[int, ...]) -> int:
    """The m-homogeneous Bezout number: how many assignments :func:`_assignments` yields."""
    if not owner:
        return 1
    total = 0
    for q, d in enumerate(dims):
        if q != owner[0] and d > 0:
            rest = list(dims)
            rest[q] -= 1
            total += bezout_number(owner[1:], tuple(rest))
    return total


# ---------------------------------------------------------------------- path tracking
def _solve_batch(J: Complex, rhs: Complex) -> Complex:
    """Solve ``J x = rhs`` per path; singular matrices get a least-squares answer."""
    try:
        return np.linalg.solve(J, rhs[..., None])[..., 0]
    except np.linalg.LinAlgError:
        return np.stack(
            [np.linalg.lstsq(a, b, rcond=None)[0] for a, b in zip(J, rhs, strict=True)]
        )


@dataclass
class Tracked:
    points: Complex  # (P, D) endpoints
    status: NDArray[np.int8]  # 0 reached t = 1, 1 diverged, 2 failed, 3 singular end


def _track(system: System, start: StartSystem, gamma: complex, y0: Complex) -> Tracked:
    """Track every start solution from t = 0 to t = 1, all paths in one batch."""
    P = y0.shape[0]
    y = y0.copy()
    t = np.zeros(P)
    h = np.full(P, 0.05)
    streak = np.zeros(P, dtype=int)
    status = np.full(P, -1, dtype=np.int8)
    big = 1e8

    def velocity(yy: Complex, tt: NDArray[np.float64]) -> Complex:
        F, JF = system.evaluate(yy)
        G, JG = start.evaluate(yy)
        a = (gamma * (1.0 - tt))[:, None]
        Hy = a[:, :, None] * JG + tt[:, None, None] * JF
        Ht = F - gamma * G
        return -_solve_batch(Hy, Ht)

    def residual(yy: Complex, tt: NDArray[np.float64]) -> tuple[Complex, Complex]:
        F, JF = system.evaluate(yy)
        G, JG = start.evaluate(yy)
        a = (gamma * (1.0 - tt))[:, None]
        return a * G + tt[:, None] * F, a[:, :, None] * JG + tt[:, None, None] * JF

    for _ in range(200_000):
        act = np.flatnonzero(status < 0)
        if act.size == 0:
            break
        ya, ta = y[act], t[act]
        ha = np.minimum(h[act], 1.0 - ta)
        # fourth-order Runge-Kutta predictor along dy/dt = -H_y^{-1} H_t
        k1 = velocity(ya, ta)
        k2 = velocity(ya + 0.5 * ha[:, None] * k1, ta + 0.5 * ha)
        k3 = velocity(ya + 0.5 * ha[:, None] * k2, ta + 0.5 * ha)
        tn = ta + ha
        k4 = velocity(ya + ha[:, None] * k3, tn)
        yp = ya + (ha[:, None] / 6.0) * (k1 + 2 * k2 + 2 * k3 + k4)
        # Newton corrector at the new t: three steps, contracting, ending small
        scale = 1.0 + np.abs(yp).max(axis=1)
        ok = np.ones(act.size, dtype=bool)
        prev = np.full(act.size, np.inf)
        for it in range(3):
            H, Hy = residual(yp, tn)
            dy = _solve_batch(Hy, -H)
            norm = np.abs(dy).max(axis=1) / scale
            if it == 0:
                ok &= norm < 1e-3  # a large first correction is how path jumping starts
            else:
                # contracting, unless already at the level of round-off
                ok &= (norm <= 0.5 * prev) | (norm < 1e-10)
            prev = norm
            yp = yp + dy
        ok &= np.isfinite(prev) & (prev < 1e-9)
        acc, rej = act[ok], act[~ok]
        y[acc] = yp[ok]
        t[acc] = tn[ok]
        streak[acc] += 1
        grow = acc[streak[acc] >= 2]
        h[grow] = np.minimum(2.0 * h[grow], 0.25)
        streak[grow] = 0
        h[rej] *= 0.5
        streak[rej] = 0
        norms = np.abs(y[act]).max(axis=1)
        status[act[norms > big]] = 1
        done = act[(t[act] >= 1.0) & (status[act] < 0)]
        status[done] = 0
        stuck = act[(h[act] < 1e-13) & (status[act] < 0)]
        # The step collapses near t = 1 on paths going to infinity (where the affine
        # chart breaks down) and on paths going to singular solutions. Only solutions
        # with every |y| <= 1 are probabilities, and near a solution the path moves by
        # O(1 - t): a path stuck close to t = 1 far outside the unit box ends outside
        # the simplex (status 1). Anywhere else the path failed.
        gap = 1.0 - t[stuck]
        size = np.abs(y[stuck]).max(axis=1)
        status[stuck] = np.where(
            (gap < 1e-3) & (size > 10.0), 1, np.where(gap < 1e-6, 3, 2)
        ).astype(np.int8)
    status[status < 0] = 2
    return Tracked(points=y, status=status)


# ---------------------------------------------------------------------- polishing
def newton(
    system: System, y: NDArray[Any], iterations: int = 40
) -> tuple[NDArray[Any], bool, float]:
    """Newton (least squares when singular) on the game's system from one point.

    Returns the point, whether it converged to machine precision, and the condition
    number of the Jacobian there.
    """
    y = y.copy()
    converged = False
    for _ in range(iterations):
        F, J = system.evaluate(y[None, :])
        dy = np.linalg.lstsq(J[0], -F[0], rcond=None)[0]
        y = y + dy
        if np.abs(dy).max() <= 4e-16 * (1.0 + np.abs(y).max()):
            converged = True
            break
    F, J = system.evaluate(y[None, :])
    if np.abs(F).max() <= 1e-12 * (1.0 + np.abs(y).max()):
        converged = True
    cond = float(np.linalg.cond(J[0])) if y.size else 1.0
    return y, converged, cond


def track_support(
    system: System, rng: np.random.Generator, attempts: int = 3
) -> tuple[list[tuple[Complex, bool]], int, bool]:
    """Every endpoint of the homotopy on one support system.

    Returns ``(endpoints, paths, clean)``: each endpoint refined by a few Newton steps and
    flagged singular when its path ended badly or its Jacobian is ill-conditioned near
    the unit box; the number of paths tracked; and whether the last attempt tracked
    every path without failure or jump (a system is tracked again, with a fresh start
    system, up to ``attempts`` times).
    """
    owner = tuple(int(o) for o in np.repeat(np.arange(len(system.mixers)), system.dims))
    count = bezout_number(owner, system.dims)
    endpoints: list[tuple[Complex, bool]] = []
    paths = 0
    for _attempt in range(attempts):
        start = StartSystem.random(system, rng)
        gamma = complex(_random_complex(rng, (1,))[0])
        tracked = _track(system, start, gamma, start.solutions())
        paths += count
        polished = []
        for y, status in zip(tracked.points, tracked.status, strict=True):
            if status in (0, 3):
                yc, _, cond = newton(system, y, iterations=8)
                # conditioning is judged where probabilities live: far from the unit box
                # a large condition number says more about scale than about singularity
                near = np.abs(yc).max() <= 10.0
                polished.append((yc, bool(status == 3 or (near and cond > 1e8))))
        # two paths at one nonsingular endpoint means a path jumped: track again
        regular = np.array([p for p, s in polished if not s]).reshape(-1, system.size)
        jumped = False
        if len(regular) > 1:
            gaps = np.abs(regular[:, None, :] - regular[None, :, :]).max(axis=2)
            np.fill_diagonal(gaps, np.inf)
            jumped = bool(np.any(gaps < 1e-8))
        endpoints.extend(polished)
        if not jumped and not np.any(tracked.status == 2):
            return endpoints, paths, True
    return endpoints, paths, False
