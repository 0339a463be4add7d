"""The numpy twin of :func:`multivector.solver._certify_numba.certify_vertices`.

The proof that a list of bases is every vertex of ``{z >= 0 : M z <= b}``, each
nondegenerate (the compiled module says why it is a proof), batched over the bases of
each support size: for games too small to load the compiled kernel, and without numba.
It takes the same decisions with the same bounds; the floats differ (LAPACK's inverse,
numpy's sums), and every bound holds whatever the order of a sum, so each twin proves
what it proves. It reports the same first failing basis with the same status wherever a
basis fails by more than rounding (the tests compare the two).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["certify_vertices_numpy"]

# status codes, as in the compiled twin
_PROVED = 0
_NOT_PROVED = 1
_NOT_CLOSED = 2
_BAD_LIST = 3

# unit roundoff of float64
_U = 2.0**-53

# Bases of one support size proved at once.
_BLOCK = 4096


def certify_vertices_numpy(
    M: NDArray[np.float64], b: NDArray[np.float64], masks: NDArray[np.uint64]
) -> tuple[int, int]:
    """:func:`multivector.solver._certify_numba.certify_vertices` with numpy.

    Examples
    --------
    The pentagon ``z >= 0``, ``z1 + 3 z2 <= 7``, ``3 z1 + z2 <= 7``, ``z1 + z2 <= 3``:
    its five vertices, each as the bits of its tight constraints, are proved; without
    the vertex ``(2, 1)`` (rows 1 and 2 tight) an edge leads out of the list.

    >>> M, b = np.array([[1.0, 3.0], [3.0, 1.0], [1.0, 1.0]]), np.array([7.0, 7.0, 3.0])
    >>> masks = np.array([0b11, 0b101, 0b1010, 0b10100, 0b11000], dtype=np.uint64)
    >>> certify_vertices_numpy(M, b, masks)
    (0, -1)
    >>> certify_vertices_numpy(M, b, masks[:4])
    (2, 2)
    """
    k, d = M.shape
    # a mask listed twice: the index of its second listing, as the compiled twin's table
    order = np.argsort(masks, kind="stable")
    repeated = order[1:][masks[order[1:]] == masks[order[:-1]]]
    if repeated.size:
        return _BAD_LIST, int(repeated.min())
    bits = ((masks[:, None] >> np.arange(d + k, dtype=np.uint64)) & np.uint64(1)).astype(bool)
    zero_z, tight = bits[:, :d], bits[:, d:]
    sizes = d - zero_z.sum(axis=1)
    bad = sizes != tight.sum(axis=1)
    if d + k < 64:
        bad |= (masks >> np.uint64(d + k)) != 0
    # the first failure of each basis: 3, 1 or 2 (in the compiled twin's order of checks)
    status = np.where(bad, _BAD_LIST, _PROVED)
    sorted_masks = masks[order]
    for s in np.unique(sizes[~bad]).tolist():
        group = np.flatnonzero((sizes == s) & ~bad)
        for lo in range(0, len(group), _BLOCK):  # memory of a block: a few MB
            rows = group[lo : lo + _BLOCK]
            status[rows] = _group(M, b, masks[rows], ~zero_z[rows], tight[rows], s, sorted_masks)
    failed = np.flatnonzero(status != _PROVED)
    if failed.size == 0:
        return _PROVED, -1
    return int(status[failed[0]]), int(failed[0])


def _group(
    M: NDArray[np.float64],
    b: NDArray[np.float64],
    masks: NDArray[np.uint64],
    support: NDArray[np.bool_],
    tight: NDArray[np.bool_],
    s: int,
    sorted_masks: NDArray[np.uint64],
) -> NDArray[np.int64]:
    """The status of each basis of one support size ``s``."""
    k, d = M.shape
    G = masks.shape[0]
    u = k - s
    S = np.nonzero(support)[1].reshape(G, s)
    T = np.nonzero(tight)[1].reshape(G, s)
    U = np.nonzero(~tight)[1].reshape(G, u)
    N = np.nonzero(~support)[1].reshape(G, d - s)
    status = np.zeros(G, dtype=np.int64)
    bU = b[U]
    if s == 0:
        z = np.zeros((G, 0))
        slack = bU
        status[~(bU > 0.0).all(axis=1)] = _NOT_PROVED
        R: NDArray[np.float64] = np.zeros((G, 0, 0))
        MUS = np.zeros((G, u, 0))
    else:
        K = M[T[:, :, None], S[:, None, :]]
        try:
            R = np.linalg.inv(K).astype(np.float64, copy=False)
        except np.linalg.LinAlgError:  # some K singular: no basis there
            R = np.stack([_inverse_or_nan(x) for x in K])
        g = 2.0 * (s + 2) * _U
        eye = np.eye(s)
        C = np.abs(R @ K - eye) + g * (np.abs(R) @ np.abs(K) + eye)
        grow = 1.0 + 4.0 * s * _U
        alpha = C.sum(axis=2).max(axis=1) * grow
        norm_r = np.abs(R).sum(axis=2).max(axis=1) * grow
        bT = b[T]
        z = np.einsum("gac,gc->ga", R, bT)
        z += np.einsum("gac,gc->ga", R, bT - np.einsum("gac,gc->ga", K, z))
        resid = bT - np.einsum("gac,gc->ga", K, z)
        rho = np.abs(resid) + g * (np.abs(bT) + np.einsum("gac,gc->ga", np.abs(K), np.abs(z)))
        bound = 2.0 * norm_r * rho.max(axis=1) / (1.0 - alpha)
        MUS = M[U[:, :, None], S[:, None, :]]
        slack = bU - np.einsum("gec,gc->ge", MUS, z)
        mag = np.abs(bU) + np.einsum("gec,gc->ge", np.abs(MUS), np.abs(z))
        near = np.abs(MUS).sum(axis=2)
        proved = (alpha <= 0.5) & (z > bound[:, None]).all(axis=1)
        proved &= (slack > 2.0 * (near * bound[:, None] + g * mag)).all(axis=1)
        status[~proved] = _NOT_PROVED
    # every edge: per unit of the entering variable, the decrease of each basic variable
    # (z first, then the slacks: the compiled twin's order of candidates)
    GU = MUS @ R  # (G, u, s)
    Mnot = M[T[:, :, None], N[:, None, :]]  # (G, s, d - s): M[T, j] for z_j entering
    down_z = np.concatenate([R @ Mnot, R], axis=2)  # entering z_j, then each tight slack
    down_slack = np.concatenate([M[U[:, :, None], N[:, None, :]] - GU @ Mnot, -GU], axis=2)
    down = np.concatenate([down_z, down_slack], axis=1)  # (G, s + u, d)
    value = np.concatenate([z, slack], axis=1)[:, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(down > 0.0, value / down, np.inf)
    leave = ratio.argmin(axis=1)  # (G, d)
    bounded = np.isfinite(ratio.min(axis=1))
    basic = np.concatenate([S, d + U], axis=1)
    leaving = np.take_along_axis(basic, leave, axis=1).astype(np.uint64)
    entering = np.concatenate([N, d + T], axis=1).astype(np.uint64)
    one = np.uint64(1)
    keys = (masks[:, None] & ~(one << entering)) | (one << leaving)
    at = np.minimum(np.searchsorted(sorted_masks, keys), len(sorted_masks) - 1)
    closed = (sorted_masks[at] == keys) & bounded
    status[(status == _PROVED) & ~closed.all(axis=1)] = _NOT_CLOSED
    return status


def _inverse_or_nan(K: NDArray[np.float64]) -> NDArray[np.float64]:
    try:
        return np.linalg.inv(K).astype(np.float64, copy=False)
    except np.linalg.LinAlgError:
        return np.full_like(K, np.nan)
