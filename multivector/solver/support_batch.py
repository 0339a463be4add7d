"""Every equilibrium of many small nondegenerate bimatrix games at once.

Support enumeration (von Stengel 2007, "Equilibrium computation for two-player games in
strategic and extensive form", in Algorithmic Game Theory, Section 3.4) over a stack of
games: for each pair of supports of equal size, the indifference equations of every game
are solved in one stacked :func:`numpy.linalg.solve`. In a nondegenerate game every
equilibrium has supports of equal size and is the unique solution for its supports
(ibid., Theorem 3.4), so the list is complete. Nondegeneracy is checked game by game
(no mixed strategy with ``k`` strategies in its support makes ``k + 1`` of the
opponent's strategies equally good, tested by a determinant) together with the margins of
every candidate (support probabilities and the gaps of the strategies outside the
supports); a game that fails a check, or whose candidates sit within the tolerance of a
tie, is returned as undecided and the caller solves it by vertex enumeration instead.
"""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import NDArray

__all__ = ["MAX_STRATEGIES", "bimatrix_equilibria_batch"]

#: Largest m + n handled (the number of support pairs grows combinatorially).
MAX_STRATEGIES = 8

#: Relative tolerance of the checks (times each game's payoff scale).
RTOL = 1e-8


def _combos(size: int, k: int) -> NDArray[np.intp]:
    return np.array(list(itertools.combinations(range(size), k)), dtype=np.intp).reshape(-1, k)


def _absdet(M: NDArray[np.float64]) -> NDArray[np.float64]:
    """Absolute determinants of a stack of square matrices (closed form up to 3 x 3)."""
    size = M.shape[-1]
    if size == 2:
        return np.abs(M[..., 0, 0] * M[..., 1, 1] - M[..., 0, 1] * M[..., 1, 0])
    if size == 3:
        a, b, c = M[..., 0, 0], M[..., 0, 1], M[..., 0, 2]
        d, e, f = M[..., 1, 0], M[..., 1, 1], M[..., 1, 2]
        g, h, i = M[..., 2, 0], M[..., 2, 1], M[..., 2, 2]
        return np.abs(a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g))
    return np.abs(np.linalg.det(M))


def _degenerate(P: NDArray[np.float64], scale: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Games where some mixed strategy of the player choosing the rows of ``P`` (``P`` is
    the payoff of the player choosing the columns) with ``k`` strategies in its support
    makes ``k + 1`` columns equally good, within the tolerance.

    For a support ``I`` and columns ``J`` (``|J| = k + 1``) the system ``x^T P[I, j] = v``
    (``j`` in ``J``), ``sum(x) = 1`` has ``k + 1`` unknowns and ``k + 2`` equations; it is
    solvable only when its augmented matrix is singular. Positivity of ``x`` is not
    required, so the test flags a superset of the degenerate games.
    """
    G, m, n = P.shape
    out = np.zeros(G, dtype=bool)
    for k in range(1, min(m, n - 1) + 1):
        rows, cols = _combos(m, k), _combos(n, k + 1)
        C = len(rows) * len(cols)
        M = np.zeros((G, C, k + 2, k + 2))
        ri = np.repeat(rows, len(cols), axis=0)  # (C, k)
        cj = np.tile(cols, (len(rows), 1))  # (C, k + 1)
        M[:, :, : k + 1, :k] = P[:, ri[:, None, :], cj[:, :, None]]
        M[:, :, : k + 1, k] = -1.0
        M[:, :, k + 1, :k] = 1.0
        M[:, :, k + 1, k + 1] = 1.0
        det = _absdet(M)
        out |= np.any(det <= RTOL * scale[:, None] ** (k + 1), axis=1)
    return out


def bimatrix_equilibria_batch(
    A: NDArray[np.float64], B: NDArray[np.float64]
) -> tuple[list[tuple[NDArray[np.float64], NDArray[np.float64]]], NDArray[np.bool_]]:
    """Equilibria of a stack of small bimatrix games, or "undecided" per game.

    Parameters
    ----------
    A, B : ndarray, shape (G, m, n)
        Row and column player's payoffs of ``G`` games, ``m + n <= MAX_STRATEGIES``.

    Returns
    -------
    equilibria : list of (X, Y)
        Per game, arrays of shape ``(E, m)`` and ``(E, n)``: its equilibria in decreasing
        lexicographic order of ``(x, y)``, the order of
        :func:`multivector.solver.vertex.enumerate_equilibria`. Empty for undecided games.
    undecided : ndarray of bool, shape (G,)
        Games that may be degenerate (or too close to it for floating point): solve these
        one at a time by vertex enumeration.

    Notes
    -----
    Each accepted profile has every support probability above ``RTOL`` and every
    strategy outside the supports worse by more than ``RTOL`` times the game's payoff
    scale, so its regret is zero up to round-off; strategies are normalised as in
    :func:`multivector.solver.equilibrium.make_bimatrix_equilibria`.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[3.0, 0.0], [5.0, 1.0]]])
    >>> eqs, undecided = bimatrix_equilibria_batch(A, -A)
    >>> undecided.tolist(), [X.tolist() for X, _ in eqs]
    ([False, False], [[[0.5, 0.5]], [[0.0, 1.0]]])
    """
    G, m, n = A.shape
    if m + n > MAX_STRATEGIES:
        raise ValueError(f"support enumeration batch is for m + n <= {MAX_STRATEGIES}")
    flat = np.concatenate([A.reshape(G, -1), B.reshape(G, -1)], axis=1)
    scale = np.maximum(1.0, flat.max(axis=1) - flat.min(axis=1))
    tol = RTOL * scale
    undecided = _degenerate(B, scale) | _degenerate(A.transpose(0, 2, 1), scale)
    found_x: list[NDArray[np.float64]] = []
    found_y: list[NDArray[np.float64]] = []
    found_g: list[NDArray[np.intp]] = []
    for k in range(1, min(m, n) + 1):
        rows, cols = _combos(m, k), _combos(n, k)
        ri = np.repeat(rows, len(cols), axis=0)  # (P, k)
        cj = np.tile(cols, (len(rows), 1))
        P = len(ri)
        # [A_IJ  -1] [y_J]   [0]        [B_IJ^T  -1] [x_I]   [0]
        # [1^T    0] [ v ] = [1]        [1^T      0] [ u ] = [1]
        K = np.zeros((G, P, 2, k + 1, k + 1))
        K[:, :, 0, :k, :k] = A[:, ri[:, :, None], cj[:, None, :]]
        K[:, :, 1, :k, :k] = B[:, ri[:, :, None], cj[:, None, :]].transpose(0, 1, 3, 2)
        K[:, :, :, :k, k] = -1.0
        K[:, :, :, k, :k] = 1.0
        det = _absdet(K)
        singular = np.any(det <= RTOL * scale[:, None, None] ** k, axis=2)  # (G, P)
        K[singular] = np.eye(k + 1)
        rhs = np.zeros((k + 1, 1))
        rhs[k] = 1.0
        sol = np.linalg.solve(K, np.broadcast_to(rhs, (*K.shape[:-1], 1)))[..., 0]
        Y = np.zeros((G, P, n))
        X = np.zeros((G, P, m))
        gi = np.arange(G)[:, None, None]
        pi = np.arange(P)[None, :, None]
        Y[gi, pi, cj[None]] = sol[:, :, 0, :k]
        X[gi, pi, ri[None]] = sol[:, :, 1, :k]
        v, u = sol[:, :, 0, k], sol[:, :, 1, k]
        AY = np.einsum("gij,gpj->gpi", A, Y)
        XB = np.einsum("gij,gpi->gpj", B, X)
        out_r = np.ones((P, m), dtype=bool)
        out_r[np.arange(P)[:, None], ri] = False
        out_c = np.ones((P, n), dtype=bool)
        out_c[np.arange(P)[:, None], cj] = False
        gap_r = np.where(out_r[None], AY - v[..., None], -np.inf).max(axis=2)
        gap_c = np.where(out_c[None], XB - u[..., None], -np.inf).max(axis=2)
        gap = np.maximum(gap_r, gap_c)  # (G, P): best outside strategy minus the value
        pmin = np.minimum(sol[:, :, 0, :k].min(axis=2), sol[:, :, 1, :k].min(axis=2))
        fails = singular | (pmin < -RTOL) | (gap > tol[:, None])
        passes = ~singular & (pmin > RTOL) & (gap < -tol[:, None])
        undecided |= np.any(~fails & ~passes, axis=1)
        g_ok, p_ok = np.nonzero(passes)
        found_g.append(g_ok)
        found_x.append(X[g_ok, p_ok])
        found_y.append(Y[g_ok, p_ok])
    g_all = np.concatenate(found_g)
    X_all = np.concatenate(found_x)
    Y_all = np.concatenate(found_y)
    # a nondegenerate game has an odd number of equilibria (Shapley 1974)
    counts = np.bincount(g_all, minlength=G)
    undecided |= counts % 2 == 0
    X_all = np.where(X_all > 0, X_all, 0.0)
    Y_all = np.where(Y_all > 0, Y_all, 0.0)
    X_all = X_all / X_all.sum(axis=1, keepdims=True)
    Y_all = Y_all / Y_all.sum(axis=1, keepdims=True)
    # order: game, then decreasing lexicographic (x, y)
    keys = [-Y_all[:, j] for j in range(n - 1, -1, -1)]
    keys += [-X_all[:, i] for i in range(m - 1, -1, -1)]
    order = np.lexsort([*keys, g_all])
    g_all, X_all, Y_all = g_all[order], X_all[order], Y_all[order]
    bounds = np.searchsorted(g_all, np.arange(G + 1))
    empty_x, empty_y = np.zeros((0, m)), np.zeros((0, n))
    result = [
        (X_all[a:b], Y_all[a:b]) if not undecided[g] else (empty_x, empty_y)
        for g, (a, b) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
    ]
    return result, undecided
