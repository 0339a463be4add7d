"""Vertices of best-response polytopes, with their labels, in floats and exactly.

For a 2-player game with positive payoff matrices ``A`` (m x n) and ``B``, the
best-response polytopes are (von Stengel 2007, Section 3.2)::

    P = {x in R^m : x >= 0, B^T x <= 1}      labels: i if x_i = 0, m + j if (B^T x)_j = 1
    Q = {y in R^n : A y <= 1, y >= 0}        labels: i if (A y)_i = 1, m + j if y_j = 0

Both are of the form ``{z >= 0 : M z <= 1}`` with ``M`` positive. This module enumerates
the vertices of such a polytope, each with the *full* set of constraints tight at it as a
bitmask (Python ``int``), in two ways:

* :func:`vertices_bfs`: a breadth-first walk over the bases in floating point, compiled
  with numba when it is installed and vectorised with numpy otherwise; fast, and it
  stops as soon as it meets a degenerate vertex (a basic variable at zero), where
  floating point cannot be trusted to find every vertex;
* :func:`vertices_exact`: a depth-first walk over the lexicographically feasible bases
  with integer (fraction-free) pivoting, as in lrs (Avis 2000). Every vertex of the
  polytope has a lexicographically feasible basis and these bases are connected by
  lexicographic pivots, since they are the vertices of a simple perturbed polytope
  (Avis and Fukuda 1992), so the walk finds every vertex, degenerate ones included.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

import numpy as np
from numpy.typing import NDArray

from multivector.solver._compiled import compiled_kernel
from multivector.solver._pivot import (
    exact_lex_ratio_test,
    integer_pivot,
    min_ratio_rows,
    pivot,
)

__all__ = [
    "integer_matrix",
    "vertex_numerators",
    "vertices_bfs",
    "vertices_bfs_numpy",
    "vertices_exact",
]


def integer_matrix(M: NDArray[np.object_]) -> tuple[list[list[int]], list[int]]:
    """Scale each row of a positive Fraction matrix to integers.

    Returns ``(N, b)`` with ``N`` integer and ``{z : M z <= 1} = {z : N z <= b}``: row
    ``r`` is multiplied by the least common denominator of its entries, which keeps the
    integers of the exact tableau far smaller than one common denominator would.
    """
    rows: list[list[int]] = []
    rhs: list[int] = []
    for row in M:
        fr = [Fraction(v) for v in row]
        den = 1
        for v in fr:
            den = lcm(den, v.denominator)
        rows.append([int(v * den) for v in fr])
        rhs.append(den)
    return rows, rhs


def vertices_exact(
    M: list[list[int]], b: list[int] | None = None
) -> tuple[list[tuple[Fraction, ...]], list[int]]:
    """Every vertex of ``{z >= 0 : M z <= b}`` (``M`` and ``b`` integer, positive), exactly.

    Parameters
    ----------
    M : list of list of int, shape (k, d)
        Constraint matrix with positive entries (so the polytope is bounded).
    b : list of int, optional
        Positive right-hand side, default all ones.

    Returns
    -------
    vertices : list of tuple of Fraction
        Coordinates ``z`` of each vertex (the origin included).
    labels : list of int
        Bitmask of the tight constraints of each vertex: bit ``i < d`` when ``z_i = 0``,
        bit ``d + r`` when ``(M z)_r = b_r``.

    Notes
    -----
    See :func:`vertex_numerators`, which does the work; this only forms the fractions.
    """
    numerators, labels = vertex_numerators(M, b)
    return [tuple(Fraction(q, den) for q in z) for z, den in numerators], labels


def vertex_numerators(
    M: list[list[int]], b: list[int] | None = None
) -> tuple[list[tuple[tuple[int, ...], int]], list[int]]:
    """:func:`vertices_exact` with each vertex as integer numerators and a common
    denominator ``(z * den, den)``, ``den > 0``: no fraction is formed (the caller forms
    those it needs, usually a few of many vertices).

    Notes
    -----
    A compact tableau, the nonbasic columns of ``T = det(B) * B^{-1} [M | I | b]`` then the
    right-hand side, kept in integers; a pivot on ``(r, c)`` replaces each other row by
    ``(T_i T_rc - T_ic T_r) / det(B)``, an exact division (Edmonds 1967; Avis 2000), see
    :func:`~multivector.solver._pivot.integer_pivot`. The leaving row is chosen by the
    lexicographic ratio test on ``(rhs, B^{-1})``, which makes it unique and keeps every
    visited basis lexicographically feasible.

    Examples
    --------
    >>> vertex_numerators([[2, 1]])
    ([((0, 0), 1), ((0, 1), 1), ((1, 0), 2)], [3, 5, 6])
    """
    k = len(M)
    d = len(M[0])
    rhs = d  # columns: the d nonbasic variables, then the right-hand side
    b = [1] * k if b is None else b
    # variables 0..d-1 are z, d..d+k-1 the slacks; row r holds basic[r], column j nonbasic[j]
    T0 = [[*M[r], b[r]] for r in range(k)]
    basic0 = tuple(range(d, d + k))
    nonbasic0 = tuple(range(d))

    full = (1 << (d + k)) - 1
    # A vertex is the only point where its tight constraints all hold, so the set of
    # variables that are zero at it identifies it: vertices are keyed by that bitmask.
    vertices: dict[int, tuple[tuple[int, ...], int]] = {}
    stack = [(basic0, nonbasic0, T0, 1)]
    seen = {_mask(basic0)}
    while stack:
        basic, nonbasic, T, D = stack.pop()
        basis_mask = _mask(basic)
        zero = full & ~basis_mask
        for r, var in enumerate(basic):
            if T[r][rhs] == 0:
                zero |= 1 << var
        if zero not in vertices:
            z = [0] * d
            for r, var in enumerate(basic):
                if var < d:
                    z[var] = T[r][rhs]
            vertices[zero] = (tuple(z), D)
        # the lexicographic order: right-hand side, then the slacks' columns (B^{-1}),
        # stored when nonbasic, D times a unit vector when basic
        where = {v: j for j, v in enumerate(nonbasic)}
        where.update((v, -1 - r) for r, v in enumerate(basic))
        lex_cols = [rhs, *(where[s] for s in range(d, d + k))]
        for c, entering in enumerate(nonbasic):
            r = exact_lex_ratio_test(T, c, lex_cols, D)
            if r < 0:
                continue  # unbounded direction: cannot happen for positive M
            key = basis_mask ^ (1 << basic[r]) | (1 << entering)
            if key in seen:
                continue
            seen.add(key)
            new_basic = (*basic[:r], entering, *basic[r + 1 :])
            new_nonbasic = (*nonbasic[:c], basic[r], *nonbasic[c + 1 :])
            stack.append((new_basic, new_nonbasic, integer_pivot(T, r, c, D), T[r][c]))
    labels = list(vertices)
    return [vertices[lab] for lab in labels], labels


def _mask(basis: tuple[int, ...]) -> int:
    m = 0
    for v in basis:
        m |= 1 << v
    return m


def vertices_bfs(
    M: NDArray[np.float64],
    tol: float = 1e-9,
    max_vertices: int = 2_000_000,
    *,
    compiled: bool = True,
) -> tuple[NDArray[np.float64], NDArray[np.uint64], bool]:
    """Vertices of ``{z >= 0 : M z <= 1}`` by a breadth-first walk over the bases.

    Uses the compiled kernel of :mod:`multivector.solver._bfs_numba` when ``compiled`` is
    true and numba is installed, else :func:`vertices_bfs_numpy`; both return the same
    vertices and labels (the parameters and returns are those of
    :func:`vertices_bfs_numpy`).
    """
    kernel = compiled_kernel("multivector.solver._bfs_numba", "bfs_vertices") if compiled else None
    if kernel is None:
        return vertices_bfs_numpy(M, tol, max_vertices)
    V, L, status = kernel(np.ascontiguousarray(M, dtype=np.float64), tol, max_vertices)
    if status == 2:
        _too_many(max_vertices)
    if status == 1:
        return np.empty((0, M.shape[1])), np.empty(0, dtype=np.uint64), False
    keep = V.any(axis=1)
    return V[keep], L[keep], True


def _too_many(max_vertices: int) -> None:
    from multivector.errors import SolverError

    raise SolverError(
        f"a best-response polytope has more than {max_vertices} vertices; enumerating all "
        "equilibria is out of reach, use method='lh-graph' or 'lemke-howson' for some of them"
    )


def vertices_bfs_numpy(
    M: NDArray[np.float64], tol: float = 1e-9, max_vertices: int = 2_000_000
) -> tuple[NDArray[np.float64], NDArray[np.uint64], bool]:
    """Vertices of ``{z >= 0 : M z <= 1}`` by a breadth-first walk over bases, vectorised.

    The whole frontier of one breadth-first level is pivoted at once: the ratio tests of
    every (basis, entering column) pair are one array operation, new bases are found by a
    sorted join of basis bitmasks against those already seen, and their tableaus are
    built by one batched rank-one update of their parents' tableaus. Breadth-first order
    keeps every tableau within a few pivots (the graph's diameter) of the exact start
    tableau, so round-off stays small.

    Parameters
    ----------
    M : ndarray, shape (k, d)
        Positive constraint matrix scaled so that its largest entry is 1; ``d + k <= 64``.
    tol : float
        A basic variable below ``tol`` marks a degenerate vertex.
    max_vertices : int
        Refuse (``SolverError``) past this many vertices rather than exhaust memory.

    Returns
    -------
    vertices : ndarray, shape (V, d)
        The nonzero vertices.
    labels : ndarray of uint64, shape (V,)
        Tight-constraint bitmask of each vertex, bits as in :func:`vertices_exact`.
    simple : bool
        False when a degenerate vertex was met; the walk then stops early and its
        output must not be used.
    """
    k, d = M.shape
    W = d + k
    one = np.uint64(1)
    bits = np.left_shift(one, np.arange(W, dtype=np.uint64))
    # (F, k, W + 1): the tableaux of the frontier, right-hand side last
    T = np.concatenate([M, np.eye(k), np.ones((k, 1))], axis=1)[None]
    basis = np.arange(d, W)[None]  # (F, k)
    masks = np.array([bits[d:].sum(dtype=np.uint64)])
    seen = masks.copy()
    out_z: list[NDArray[np.float64]] = []
    out_masks: list[NDArray[np.uint64]] = []
    total = 0
    while len(masks):
        beta = np.ascontiguousarray(T[:, :, W])
        if beta.min() <= tol:
            return np.empty((0, d)), np.empty(0, dtype=np.uint64), False
        F = len(masks)
        z = np.zeros((F, W))
        np.put_along_axis(z, basis, beta, axis=1)
        out_z.append(z[:, :d])
        out_masks.append(~masks & bits.sum(dtype=np.uint64))
        total += F
        if total > max_vertices:
            _too_many(max_vertices)
        # ratio test for every (basis, entering column) at once
        # (the last column, the right-hand side itself, keeps the array contiguous;
        # M positive bounds the polytope, so every column has a positive entry)
        r_star = min_ratio_rows(T, beta[:, :, None], 1e-12, axis=1, bounded=True)[:, :W]
        is_basic = (masks[:, None] & bits[None, :]) != 0
        f_idx, c_idx = np.nonzero(~is_basic)
        r_idx = r_star[f_idx, c_idx]
        leaving = basis[f_idx, r_idx]
        cand = (masks[f_idx] ^ bits[leaving]) | bits[c_idx]
        cand_u, first = np.unique(cand, return_index=True)
        new = ~np.isin(cand_u, seen, assume_unique=True)
        cand_u, first = cand_u[new], first[new]
        if not len(cand_u):
            break
        seen = np.union1d(seen, cand_u)
        f, c, r = f_idx[first], c_idx[first], r_idx[first]
        T = T[f]
        pivot(T, r, c)
        basis = basis[f].copy()
        basis[np.arange(len(f)), r] = c
        masks = cand_u
    V = np.concatenate(out_z)
    L = np.concatenate(out_masks)
    keep = V.any(axis=1)  # drop the origin
    return V[keep], L[keep], True
