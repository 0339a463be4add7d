"""Compiled kernel for :func:`multivector.solver._polytope.vertices_bfs` (numba).

The breadth-first walk over the bases of ``{z >= 0 : M z <= 1}`` done level by level
with explicit loops: per vertex it costs one ratio test per entering column and one
pivot per newly found neighbour (both shared with Lemke-Howson, in
:mod:`multivector.solver._pivot_numba`), with no temporary arrays; bases already seen are kept
in an open-addressing hash set of their bitmasks. Compiled on first use and
cached on disk (``cache=True``), so later processes load it without compiling.
Imported only when numba is installed (the ``fast`` extra).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from multivector.solver._pivot_numba import min_ratio_row, pivot

__all__ = ["bfs_vertices"]


@njit(cache=True)
def _hash_insert(table, key):
    """Insert into an open-addressing set of uint64 (0 = empty; keys are never 0).

    Returns True when the key was new.
    """
    size = table.shape[0]
    h = (key * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(32)
    i = np.int64(h) & (size - 1)
    while True:
        v = table[i]
        if v == 0:
            table[i] = key
            return True
        if v == key:
            return False
        i = (i + 1) & (size - 1)


@njit(cache=True)
def _grow(table):
    new = np.zeros(table.shape[0] * 2, dtype=np.uint64)
    for v in table:
        if v != 0:
            _hash_insert(new, v)
    return new


@njit(cache=True)
def bfs_vertices(M, tol, max_vertices):
    """Vertices and tight-set masks; status 0 ok, 1 degenerate, 2 too many vertices.

    The tableau is kept in dictionary form, ``x_B = beta - D x_N``: ``D`` of shape
    ``(k, d + 1)`` holds only the nonbasic columns (half the memory and work of the full
    tableau), then ``beta``. The ratio test and the pivot are the shared compiled ones
    (:mod:`multivector.solver._pivot_numba`); a new tableau is pivoted straight from its
    parent's, which stays in place for the parent's other neighbours.
    """
    k, d = M.shape
    W = d + k
    full = np.uint64(0)
    for j in range(W):
        full |= np.uint64(1) << np.uint64(j)
    # level arrays
    D = np.empty((1, k, d + 1))
    basic = np.empty((1, k), dtype=np.int64)
    nonb = np.empty((1, d), dtype=np.int64)
    masks = np.empty(1, dtype=np.uint64)
    masks[0] = 0
    for r in range(k):
        for j in range(d):
            D[0, r, j] = M[r, j]
        D[0, r, d] = 1.0
        basic[0, r] = d + r
        masks[0] |= np.uint64(1) << np.uint64(d + r)
    for j in range(d):
        nonb[0, j] = j
    table = np.zeros(1024, dtype=np.uint64)
    count_seen = 1
    _hash_insert(table, masks[0])
    out_z = np.zeros((64, d))
    out_m = np.zeros(64, dtype=np.uint64)
    row = np.empty(d + 1)
    n_out = 0
    F = 1
    while F > 0:
        if n_out + F > out_z.shape[0]:
            cap = max(2 * out_z.shape[0], n_out + F)
            z2 = np.zeros((cap, d))
            m2 = np.zeros(cap, dtype=np.uint64)
            z2[:n_out] = out_z[:n_out]
            m2[:n_out] = out_m[:n_out]
            out_z, out_m = z2, m2
        for f in range(F):
            for r in range(k):
                b = D[f, r, d]
                if b <= tol:
                    return out_z[:0], out_m[:0], 1
                if basic[f, r] < d:
                    out_z[n_out, basic[f, r]] = b
            out_m[n_out] = ~masks[f] & full
            n_out += 1
        if n_out > max_vertices:
            return out_z[:0], out_m[:0], 2
        par = np.empty(F * d, dtype=np.int64)
        ent = np.empty(F * d, dtype=np.int64)
        lea = np.empty(F * d, dtype=np.int64)
        nmask = np.empty(F * d, dtype=np.uint64)
        nn = 0
        if 2 * (count_seen + F * d) > table.shape[0]:
            while 2 * (count_seen + F * d) > table.shape[0]:
                table = _grow(table)
        for f in range(F):
            mf = masks[f]
            Df = D[f]
            for j in range(d):
                best = min_ratio_row(Df, j, 1e-12)
                if best < 0:
                    continue
                new = (mf ^ (np.uint64(1) << np.uint64(basic[f, best]))) | (
                    np.uint64(1) << np.uint64(nonb[f, j])
                )
                if _hash_insert(table, new):
                    count_seen += 1
                    par[nn] = f
                    ent[nn] = j
                    lea[nn] = best
                    nmask[nn] = new
                    nn += 1
        D2 = np.empty((nn, k, d + 1))
        basic2 = np.empty((nn, k), dtype=np.int64)
        nonb2 = np.empty((nn, d), dtype=np.int64)
        for t in range(nn):
            f = par[t]
            c = ent[t]
            r0 = lea[t]
            pivot(D[f], D2[t], r0, c, row, True, False)
            for r in range(k):
                basic2[t, r] = basic[f, r]
            for j in range(d):
                nonb2[t, j] = nonb[f, j]
            basic2[t, r0] = nonb[f, c]
            nonb2[t, c] = basic[f, r0]
        D, basic, nonb, masks = D2, basic2, nonb2, nmask[:nn].copy()
        F = nn
    return out_z[:n_out], out_m[:n_out], 0
