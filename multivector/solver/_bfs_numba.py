"""Compiled kernel for :func:`multivector.solver._polytope.vertices_bfs` (numba).

The breadth-first walk over the bases of ``{z >= 0 : M z <= 1}`` done level by level
with explicit loops: per vertex it costs one ratio test per entering column and one
pivot per newly found neighbour, with no temporary arrays. Compiled on first use and
cached on disk (``cache=True``), so later processes load it without compiling.
Imported only when numba is installed (the ``fast`` extra).
"""

from __future__ import annotations

import numpy as np
from numba import njit

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
    """Vertices and tight-set masks; status 0 ok, 1 degenerate, 2 too many vertices."""
    k, d = M.shape
    W = d + k
    full = np.uint64(0)
    for j in range(W):
        full |= np.uint64(1) << np.uint64(j)
    T = np.zeros((1, k, W))
    beta = np.ones((1, k))
    basis = np.empty((1, k), dtype=np.int64)
    masks = np.empty(1, dtype=np.uint64)
    masks[0] = 0
    for r in range(k):
        for j in range(d):
            T[0, r, j] = M[r, j]
        T[0, r, d + r] = 1.0
        basis[0, r] = d + r
        masks[0] |= np.uint64(1) << np.uint64(d + r)
    table = np.zeros(1024, dtype=np.uint64)
    count_seen = 1
    _hash_insert(table, masks[0])
    out_z = np.zeros((64, d))
    out_m = np.zeros(64, dtype=np.uint64)
    n_out = 0
    F = 1
    while F > 0:
        # record this level's vertices, checking for degeneracy
        if n_out + F > out_z.shape[0]:
            cap = max(2 * out_z.shape[0], n_out + F)
            z2 = np.zeros((cap, d))
            m2 = np.zeros(cap, dtype=np.uint64)
            z2[:n_out] = out_z[:n_out]
            m2[:n_out] = out_m[:n_out]
            out_z, out_m = z2, m2
        for f in range(F):
            for r in range(k):
                b = beta[f, r]
                if b <= tol:
                    return out_z[:0], out_m[:0], 1
                if basis[f, r] < d:
                    out_z[n_out, basis[f, r]] = b
            out_m[n_out] = ~masks[f] & full
            n_out += 1
        if n_out > max_vertices:
            return out_z[:0], out_m[:0], 2
        # find the new neighbours: (parent, entering column, leaving row, mask)
        par = np.empty(F * d, dtype=np.int64)
        ent = np.empty(F * d, dtype=np.int64)
        lea = np.empty(F * d, dtype=np.int64)
        nmask = np.empty(F * d, dtype=np.uint64)
        nn = 0
        for f in range(F):
            mf = masks[f]
            for c in range(W):
                if (mf >> np.uint64(c)) & np.uint64(1):
                    continue
                best = -1
                best_ratio = np.inf
                for r in range(k):
                    a = T[f, r, c]
                    if a > 1e-12:
                        q = beta[f, r] / a
                        if q < best_ratio:
                            best_ratio = q
                            best = r
                if best < 0:
                    continue
                new = (mf ^ (np.uint64(1) << np.uint64(basis[f, best]))) | (
                    np.uint64(1) << np.uint64(c)
                )
                if 2 * (count_seen + 1) > table.shape[0]:
                    table = _grow(table)
                if _hash_insert(table, new):
                    count_seen += 1
                    par[nn] = f
                    ent[nn] = c
                    lea[nn] = best
                    nmask[nn] = new
                    nn += 1
        # pivot each new basis from its parent's tableau
        T2 = np.empty((nn, k, W))
        beta2 = np.empty((nn, k))
        basis2 = np.empty((nn, k), dtype=np.int64)
        for t in range(nn):
            f = par[t]
            c = ent[t]
            r0 = lea[t]
            piv = T[f, r0, c]
            bpiv = beta[f, r0] / piv
            for r in range(k):
                basis2[t, r] = basis[f, r]
                if r == r0:
                    for j in range(W):
                        T2[t, r, j] = T[f, r0, j] / piv
                    beta2[t, r] = bpiv
                else:
                    a = T[f, r, c] / piv
                    for j in range(W):
                        T2[t, r, j] = T[f, r, j] - a * T[f, r0, j]
                    beta2[t, r] = beta[f, r] - a * beta[f, r0]
            basis2[t, r0] = c
        T, beta, basis, masks = T2, beta2, basis2, nmask[:nn].copy()
        F = nn
    return out_z[:n_out], out_m[:n_out], 0
