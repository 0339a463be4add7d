"""Certified box subdivision for the support systems of an n-player game (private kernel
of :mod:`multivector.solver.nplayer`).

Every support profile's system lives in the free probabilities ``y`` (one block per
player, the probability of the support's first strategy eliminated). Each indifference
equation and each "no outside strategy pays more" inequality is *multiaffine* in ``y``:
of degree at most one in every coordinate. So its range over a box is the hull of its
values at the box's corners, and the same holds for every entry of the Jacobian and for
every fixed linear combination of the equations. The search keeps the boxes of all
support profiles in one batch and, level by level,

1. drops a box when some support strategy is beaten by some strategy at every corner
   (an indifference equation without a root in the box, or an outside strategy that pays
   more everywhere in it: conditional dominance on the box), or when no probability
   vector fits in it;
2. applies the Krawczyk operator (Krawczyk 1969, "Newton-Algorithmen zur Bestimmung von
   Nullstellen mit Fehlerschranken", Computing 4; Moore, Kearfott and Cloud 2009,
   *Introduction to Interval Analysis*, SIAM, section 8.2) to the simplified Newton map
   ``g(y) = y - Y F(y)``, ``Y`` the inverse of the midpoint Jacobian: every root in the box
   lies in ``g(box)``, which is enclosed both by the exact hull of ``g`` at the corners
   (``g`` is multiaffine too) and by the mean-value form with the exact interval
   Jacobian. A box is dropped when this enclosure misses it, *certified* to hold exactly
   one root when the enclosure lies inside it and ``g`` contracts it (the weighted bound
   of ``I - Y J`` over the box is below one, so ``g`` is a contraction of the box into
   itself), and shrunk to the intersection otherwise;
3. bisects the boxes that neither shrank to half their width nor were decided, along up
   to three of their widest axes at once; the halves overlap by a relative ``1e-4`` so
   that a root on a cut (the rational roots of games with integer payoffs often are) is
   inside both.

Each certified box is then refined by Newton's method, checked to stay in its box (where
the root is unique), to about machine precision. A box narrower than ``min_width`` that
is still undecided (a singular root, or a continuum of roots), and a profile needing more
boxes than its budget, make the profile *unresolved*: the caller solves it another way
and says so.

Floating point: corner values carry rounding errors of about ``1e-15`` of the payoff
range (payoffs are scaled to [0, 1] first); a box is dropped only when a test passes by
more than a margin of ``1e-11``, and the enclosures of ``g`` are widened by a relative
``1e-13``. This is not directed rounding, but the margins are orders of magnitude above
the errors they cover.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

Supports = tuple[tuple[int, ...], ...]
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

#: How far the initial box reaches past the simplex, so that a root on a face is interior.
INFLATION = 1e-7
#: A box is dropped only when a test passes by more than this (payoffs scaled to [0, 1]).
MARGIN = 1e-11
#: Boxes a profile may use, per free probability, before it is left unresolved. Regular
#: profiles of random 3x3x3 games use at most about 80 per free probability, those of
#: Gambit's 5x4x3 catalog game about 150.
BOXES_PER_UNKNOWN = 500
#: Profiles whose boxes have at most this many corners are searched in one batch.
SHARED_CORNERS = 64
#: Largest number of axes a box is bisected along at once.
SPLIT_AXES = 3
#: Relative overlap of the two halves of a bisected box.
OVERLAP = 1e-4


@dataclass
class SearchResult:
    """Candidate equilibria as ``(profile index, mixed profile)`` pairs, and the profiles
    left unresolved."""

    roots: list[tuple[int, list[FloatArray]]]
    unresolved: set[int]
    boxes: int = 0
    levels: int = 0
    budget_exceeded: set[int] = field(default_factory=set)


@dataclass
class _Layout:
    """Per-profile arrays shared by all boxes of a profile, padded to a common size.

    Every player gets ``s`` strategies (the largest number in the game; the missing ones
    are dummies with zero payoff that are never used) and ``m`` slots (the largest number
    of free probabilities of a player in the profiles searched together). In profile
    ``P``, player ``j``'s strategies are reordered support first: position 0 is the
    support's first strategy (the *base*, whose probability is eliminated), slot ``k``
    holds the probability of the strategy at position ``k + 1``, and the slots past the
    support are fixed at zero. ``tensors[P, p]`` is player ``p``'s payoff tensor in this
    order with its axes rotated to ``(p, p + 1, ..., p - 1)`` (mod n), so that the
    contractions of all players run in one batch.
    """

    n: int
    s: int
    m: int
    order: IntArray  # (P, n, s): strategy at each position (dummies past the real count)
    tensors: FloatArray  # (P, n, s, ..., s)
    free: NDArray[np.bool_]  # (P, n * m)
    pair_mask: FloatArray  # (P, n, s, s): 0 for [a, c] with a in the support, else -inf
    jacobian_mask: FloatArray  # (P, D, D): 1 where row and column are free
    fixed_eye: FloatArray  # (P, D, D): 1 on the diagonal of fixed slots
    budget: NDArray[np.int64]  # (P,)
    corners: FloatArray  # (2^m + 1, m): the corners of the unit cube, then its centre
    directions: FloatArray  # (m, s): d x / d y_k in the profile's order
    rotation: IntArray  # (n, n - 1): the k-th other player of p is rotation[p, k - 1]

    @classmethod
    def build(cls, payoffs: FloatArray, profiles: Sequence[Supports]) -> _Layout:
        n = payoffs.shape[0]
        shape = payoffs.shape[1:]
        s = max(shape)
        m = max(len(sup) - 1 for prof in profiles for sup in prof)
        P = len(profiles)
        D = n * m
        padded = np.zeros((n, *([s] * n)))
        padded[(slice(None), *(slice(0, k) for k in shape))] = payoffs
        order = np.empty((P, n, s), dtype=np.intp)
        free = np.zeros((P, n, m), dtype=bool)
        pair_mask = np.full((P, n, s, s), -np.inf)
        for k, prof in enumerate(profiles):
            for j, sup in enumerate(prof):
                order[k, j] = list(sup) + [a for a in range(s) if a not in sup]
                free[k, j, : len(sup) - 1] = True
                pair_mask[k, j, : len(sup), : shape[j]] = 0.0
        index: list[Any] = [slice(None)]
        for j in range(n):
            view = [1] * n
            view[j] = s
            index.append(order[:, j].reshape(-1, *view))
        ordered = np.moveaxis(padded[tuple(index)], 0, 1)  # (P, n, s, ..., s)
        tensors = np.empty_like(ordered)
        for p in range(n):
            tensors[:, p] = ordered[:, p].transpose(0, *(1 + (p + k) % n for k in range(n)))
        flat = free.reshape(P, D)
        jacobian_mask = (flat[:, :, None] & flat[:, None, :]).astype(float)
        fixed_eye = (~flat)[:, :, None] * np.eye(D)[None]
        budget = BOXES_PER_UNKNOWN * np.maximum(1, flat.sum(axis=1)).astype(np.int64)
        corners = np.array(list(itertools.product((0.0, 1.0), repeat=m)), dtype=float)
        corners = np.concatenate([corners.reshape(-1, m), np.full((1, m), 0.5)], axis=0)
        directions = np.zeros((m, s))
        directions[:, 0] = -1.0
        directions[np.arange(m), np.arange(1, m + 1)] = 1.0
        rotation = (np.arange(n)[:, None] + np.arange(1, n)[None, :]) % n
        return cls(
            n,
            s,
            m,
            order,
            np.ascontiguousarray(tensors),
            flat,
            pair_mask,
            jacobian_mask,
            fixed_eye,
            budget,
            corners,
            directions,
            rotation,
        )

    def profile(self, k: int, y: FloatArray, shape: Sequence[int]) -> list[FloatArray]:
        """The mixed profile of the game at the point ``y`` ``(n * m,)`` of profile ``k``."""
        y = y.reshape(self.n, self.m)
        out = []
        for j, s in enumerate(shape):
            x = np.zeros(self.s)
            x[self.order[k, j, 0]] = 1.0 - y[j].sum()
            x[self.order[k, j, 1 : self.m + 1]] = y[j]
            out.append(x[:s])
        return out


def _payoffs(layout: _Layout, pidx: IntArray, y: FloatArray) -> FloatArray:
    """Every player's payoffs at every combination of the others' rows.

    ``y`` ``(B, n, r, m)`` gives ``r`` points of each player's block of each box; each
    player's strategy is taken at these points and along its ``m`` coordinate directions
    (``W = r + m`` rows). Returns ``(B, n, s, W, ..., W)``: for player ``p``, its payoff
    from each of its strategies (in the profile's order) when the ``k``-th other player
    (in the rotated order) is at row ``i_k``. Point rows give values; one direction row
    and point rows elsewhere give a derivative.
    """
    n, s, m = layout.n, layout.s, layout.m
    B, _, r, _ = y.shape
    X = np.zeros((B, n, r + m, s))
    X[:, :, :r, 0] = 1.0 - y.sum(axis=3)
    X[:, :, :r, 1 : m + 1] = y
    X[:, :, r:] = layout.directions
    W = r + m
    Xr = X[:, layout.rotation]  # (B, n, n - 1, W, s)
    rows = s ** (n - 1)
    cur = np.matmul(layout.tensors[pidx].reshape(B, n, rows, s), Xr[:, :, n - 2].swapaxes(2, 3))
    acc = W
    for k in range(n - 3, -1, -1):
        rows //= s
        cur = np.matmul(Xr[:, :, k, None], cur.reshape(B, n, rows, s, acc))
        acc *= W
        cur = cur.reshape(B, n, rows, acc)
    out: FloatArray = cur.reshape(B, n, s, *([W] * (n - 1)))
    return out


def _slack(layout: _Layout, pidx: IntArray, R: FloatArray, r: int) -> FloatArray:
    """The largest over players and pairs (support strategy ``a``, any strategy ``c``) of
    the smallest value over the box of ``u(c) - u(a)``: positive means no equilibrium."""
    n, s = layout.n, layout.s
    B = R.shape[0]
    index: tuple[Any, ...] = (Ellipsis, *([slice(0, r)] * (n - 1)))
    points = R[index].reshape(B, n, s, -1)
    worst = (points[:, :, None, :, :] - points[:, :, :, None, :]).min(axis=4)
    return np.asarray((worst + layout.pair_mask[pidx]).reshape(B, -1).max(axis=1))


def _equations(
    layout: _Layout, R: FloatArray, r: int, corners: bool
) -> tuple[FloatArray, FloatArray | None, FloatArray, FloatArray]:
    """The indifference equations at the last point row ``(B, n, m)``, at every corner of
    the whole box ``(B, n, m, C**n)`` when ``corners`` (the first ``r - 1`` point rows are
    the corners of each block), and the bounds ``(B, n, m, n, m)`` of their Jacobian over
    the point rows."""
    n, m = layout.n, layout.m
    B = R.shape[0]
    W = R.shape[3]
    at: tuple[Any, ...] = (Ellipsis, *([r - 1] * (n - 1)))
    last = R[at]
    F = last[:, :, 1 : m + 1] - last[:, :, :1]
    full = None
    if corners:
        C = r - 1
        block: tuple[Any, ...] = (Ellipsis, *([slice(0, C)] * (n - 1)))
        corner = R[block]
        diffs = corner[:, :, 1 : m + 1] - corner[:, :, :1]  # (B, n, m, C, ..., C) rotated
        full = np.empty((B, n, m, *([C] * n)))
        for p in range(n):
            # no dependence on the own block; the k-th other player's axis to its place
            axes = [0, 1] + [2 + (j - p) % n for j in range(n)]
            full[:, p] = diffs[:, p][:, :, None].transpose(axes)
        full = full.reshape(B, n, m, -1)
    Jlo = np.zeros((B, n, m, n, m))
    Jhi = np.zeros((B, n, m, n, m))
    players = np.arange(n)
    for k in range(1, n):
        index: list[Any] = [slice(0, r)] * (n - 1)
        index[k - 1] = slice(r, W)
        t = np.moveaxis(R[(Ellipsis, *index)], 2 + k, 3).reshape(B, n, layout.s, m, -1)
        d = t[:, :, 1 : m + 1] - t[:, :, :1]  # (B, n, m, m, rest)
        q = layout.rotation[:, k - 1]
        Jlo[:, players, :, q, :] = d.min(axis=4).transpose(1, 0, 2, 3)
        Jhi[:, players, :, q, :] = d.max(axis=4).transpose(1, 0, 2, 3)
    return F, full, Jlo, Jhi


def _corner_points(layout: _Layout, y: FloatArray) -> FloatArray:
    """``y`` at every corner of the whole box, ``(B, n * m, C**n)``, from the corners of
    each block ``(B, n, C, m)``."""
    n, m = layout.n, layout.m
    B, _, C, _ = y.shape
    out = np.empty((B, n, m, *([C] * n)))
    for j in range(n):
        shape = [B, m] + [1] * n
        shape[2 + j] = C
        out[:, j] = y[:, j].swapaxes(1, 2).reshape(shape)
    return out.reshape(B, n * m, -1)


def _inverse(J: FloatArray) -> FloatArray:
    """Batched inverse; singular matrices get a pseudo-inverse, non-finite ones zero (any
    matrix is a valid preconditioner: only the certification needs a good one)."""
    out: FloatArray
    try:
        out = np.linalg.inv(J)
    except np.linalg.LinAlgError:
        out = np.asarray(np.linalg.pinv(J), dtype=np.float64)
    bad = ~np.isfinite(out).all(axis=(1, 2))
    if np.any(bad):
        out[bad] = 0.0
    return out


def _point_system(layout: _Layout, pidx: IntArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Equations ``(B, D)`` and Jacobian ``(B, D, D)`` at the points ``y`` ``(B, D)``, with
    the fixed slots' equations replaced by ``y_k = 0``."""
    B, D = y.shape
    R = _payoffs(layout, pidx, y.reshape(B, layout.n, 1, layout.m))
    F, _, J, _ = _equations(layout, R, 1, corners=False)
    free = layout.free[pidx]
    F = np.where(free, F.reshape(B, D), y)
    J = J.reshape(B, D, D) * layout.jacobian_mask[pidx] + layout.fixed_eye[pidx]
    return F, J


def _polish(
    layout: _Layout, pidx: IntArray, lo: FloatArray, hi: FloatArray, Y: FloatArray
) -> FloatArray:
    """The root in each certified box: Newton's method from the centre, kept when it
    converges inside the box (where the root is unique); otherwise the simplified Newton
    map ``y - Y F(y)`` of the certificate, a contraction of the box, is iterated."""
    y = 0.5 * (lo + hi)
    step = np.full(y.shape[0], np.inf)
    for _ in range(8):
        F, J = _point_system(layout, pidx, y)
        delta = np.matmul(_inverse(J), F[:, :, None])[:, :, 0]
        y = y - delta
        step = np.abs(delta).max(axis=1, initial=0.0)
        if np.all(step <= 1e-15):
            break
    slack = 1e-12 * (1.0 + np.abs(y))
    good = np.isfinite(step) & (step <= 1e-12)
    good &= np.all((y >= lo - slack) & (y <= hi + slack), axis=1)
    if not np.all(good):
        bad = np.flatnonzero(~good)
        z = 0.5 * (lo[bad] + hi[bad])
        for _ in range(200):
            F, _ = _point_system(layout, pidx[bad], z)
            delta = np.matmul(Y[bad], F[:, :, None])[:, :, 0]
            z = np.clip(z - delta, lo[bad], hi[bad])
            if np.all(np.abs(delta) <= 1e-15 * (1.0 + np.abs(z))):
                break
        y[bad] = z
    return y


def search(
    payoffs: FloatArray, profiles: Sequence[Supports], *, min_width: float = 1e-10
) -> SearchResult:
    """Every root of every profile's system in boxes that may hold an equilibrium.

    ``payoffs`` should be scaled to about [0, 1] (the margins are absolute). Roots are
    returned as ``(profile index, mixed profile)`` pairs; they solve the indifference
    equations and may still break an inequality by up to the margin, or have entries
    down to ``-INFLATION``: the caller certifies them on the game. Profiles are searched
    in groups of equal largest support when their boxes would have many corners, so that
    corners are not padded past what a group needs; pure profiles need no box.
    """
    result = SearchResult(roots=[], unresolved=set())
    n = payoffs.shape[0]
    shape = payoffs.shape[1:]
    groups: dict[int, list[int]] = {}
    for k, prof in enumerate(profiles):
        largest = max(len(sup) for sup in prof)
        # a batch costs a fixed overhead per level, padding costs work per box
        key = largest if largest == 1 or 2 ** ((largest - 1) * n) > SHARED_CORNERS else 0
        groups.setdefault(key, []).append(k)
    pure = groups.pop(1, [])
    if pure:
        # a pure profile is a candidate when no strategy pays more
        index = np.array([[sup[0] for sup in profiles[k]] for k in pure], dtype=np.intp)
        best = np.ones(len(pure), dtype=bool)
        for p in range(n):
            top = payoffs[p].max(axis=p)
            got = payoffs[p][tuple(index.T)]
            best &= got >= top[tuple(np.delete(index, p, axis=1).T)] - MARGIN
        for k, row in zip(np.array(pure)[best], index[best], strict=True):
            result.roots.append((int(k), [np.eye(s)[a] for s, a in zip(shape, row, strict=True)]))
    for _, members in sorted(groups.items()):
        part = _search_group(payoffs, [profiles[k] for k in members], min_width)
        for k, x in part.roots:
            result.roots.append((members[k], x))
        result.unresolved.update(members[k] for k in part.unresolved)
        result.budget_exceeded.update(members[k] for k in part.budget_exceeded)
        result.boxes += part.boxes
        result.levels += part.levels
    return result


def _search_group(
    payoffs: FloatArray, profiles: Sequence[Supports], min_width: float
) -> SearchResult:
    """The subdivision search of :func:`search` on profiles sharing one layout."""
    layout = _Layout.build(payoffs, profiles)
    P = len(profiles)
    n, m = layout.n, layout.m
    D = n * m
    shape = payoffs.shape[1:]
    result = SearchResult(roots=[], unresolved=set())
    pidx = np.arange(P, dtype=np.intp)
    lo = np.where(layout.free, -INFLATION, 0.0)
    hi = np.where(layout.free, 1.0 + INFLATION, 0.0)
    used = np.zeros(P, dtype=np.int64)
    dropped = np.zeros(P, dtype=bool)
    eye = np.eye(D)
    certified: list[tuple[IntArray, FloatArray, FloatArray, FloatArray]] = []
    while pidx.size:
        result.levels += 1
        result.boxes += pidx.size
        used += np.bincount(pidx, minlength=P)
        over = (used > layout.budget) & ~dropped
        if np.any(over):
            result.budget_exceeded.update(int(k) for k in np.flatnonzero(over))
            dropped |= over
            keep = ~dropped[pidx]
            pidx, lo, hi = pidx[keep], lo[keep], hi[keep]
            if not pidx.size:
                break
        B = pidx.size
        lo3, hi3 = lo.reshape(B, n, m), hi.reshape(B, n, m)
        ys = lo3[:, :, None, :] + layout.corners * (hi3 - lo3)[:, :, None, :]
        R = _payoffs(layout, pidx, ys)
        r = layout.corners.shape[0]
        # a support strategy beaten everywhere, or no probability vector in the box
        out = _slack(layout, pidx, R, r) > MARGIN
        out |= np.any(lo3.sum(axis=2) > 1.0 + INFLATION, axis=1)
        if np.any(out):
            keep = ~out
            pidx, lo, hi, ys, R = pidx[keep], lo[keep], hi[keep], ys[keep], R[keep]
            B = pidx.size
            if not B:
                break
        F3, Fv, Jlo, Jhi = _equations(layout, R, r, corners=True)
        assert Fv is not None
        free = layout.free[pidx]
        jmask = layout.jacobian_mask[pidx]
        F = F3.reshape(B, D) * free
        Jc = 0.5 * (Jlo + Jhi).reshape(B, D, D) * jmask + layout.fixed_eye[pidx]
        Jr = 0.5 * (Jhi - Jlo).reshape(B, D, D) * jmask
        Y = _inverse(Jc)
        mid = 0.5 * (lo + hi)
        rad = 0.5 * (hi - lo)
        c = mid - np.matmul(Y, F[:, :, None])[:, :, 0]
        # g(y) = y - Y F(y) is multiaffine: its corners span its range over the box
        g = _corner_points(layout, ys[:, :, :-1]) - np.matmul(
            Y, Fv.reshape(B, D, -1) * free[:, :, None]
        )
        room = 1e-13 * (1.0 + np.abs(c)) + 1e-15
        krad = np.matmul(np.abs(eye - Y @ Jc) + np.abs(Y) @ Jr, rad[:, :, None])[:, :, 0]
        klo = np.maximum(c - krad, g.min(axis=2)) - room
        khi = np.minimum(c + krad, g.max(axis=2)) + room
        finite = np.isfinite(klo).all(axis=1) & np.isfinite(khi).all(axis=1)
        miss = finite & np.any((klo > hi) | (khi < lo), axis=1)
        # one root: g maps the box into itself and contracts it
        inside = finite & ~miss
        inside &= np.all(((krad + room < rad) & (klo > lo) & (khi < hi)) | ~free, axis=1)
        nlo = np.where(finite[:, None], np.maximum(lo, klo), lo)
        nhi = np.where(finite[:, None], np.minimum(hi, khi), hi)
        if np.any(inside):
            certified.append((pidx[inside], nlo[inside], nhi[inside], Y[inside]))
        width_old = (hi - lo).max(axis=1, initial=0.0)
        width_new = (nhi - nlo).max(axis=1, initial=0.0)
        undecided = ~miss & ~inside
        tiny = undecided & (width_new < min_width)
        if np.any(tiny):
            result.unresolved.update(int(k) for k in np.unique(pidx[tiny]))
            dropped[pidx[tiny]] = True
        keep = undecided & ~dropped[pidx]
        lo, hi, pidx = nlo[keep], nhi[keep], pidx[keep]
        # bisect the boxes that did not shrink to half, along each of their (at most
        # SPLIT_AXES) widest axes that is at least half the widest: fewer levels with more
        # boxes each, which is what batched evaluation favours
        split = np.flatnonzero(width_new[keep] > 0.5 * width_old[keep])
        if split.size:
            lo, hi, pidx = _bisect(lo, hi, pidx, split)
    result.unresolved |= result.budget_exceeded
    if certified:
        cp = np.concatenate([b[0] for b in certified])
        clo = np.concatenate([b[1] for b in certified])
        chi = np.concatenate([b[2] for b in certified])
        cY = np.concatenate([b[3] for b in certified])
        roots = _polish(layout, cp, clo, chi, cY)
        for k, y in zip(cp, roots, strict=True):
            result.roots.append((int(k), layout.profile(int(k), y, shape)))
    return result


def _bisect(
    lo: FloatArray, hi: FloatArray, pidx: IntArray, rows: IntArray
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Bisect the boxes ``rows`` along up to SPLIT_AXES of their widest axes."""
    w = hi[rows] - lo[rows]
    order = np.argsort(-w, axis=1)[:, :SPLIT_AXES]
    wide = np.take_along_axis(w, order, axis=1)
    count = np.sum(wide >= 0.5 * wide[:, :1], axis=1)
    for r in range(order.shape[1]):
        pick = np.flatnonzero(count > r)
        if not pick.size:
            break
        sub, axis = rows[pick], order[pick, r]
        a, b = lo[sub, axis], hi[sub, axis]
        half = 0.5 * (a + b)
        lap = OVERLAP * (b - a)
        lo_new, hi_new = lo[sub], hi[sub]  # fancy indexing copies
        hi[sub, axis] = half + lap
        lo_new[np.arange(sub.size), axis] = half - lap
        start = lo.shape[0]
        lo = np.concatenate([lo, lo_new])
        hi = np.concatenate([hi, hi_new])
        pidx = np.concatenate([pidx, pidx[sub]])
        # the new halves are split along the remaining axes too
        rows = np.concatenate([rows, np.arange(start, start + sub.size)])
        order = np.concatenate([order, order[pick]])
        count = np.concatenate([count, count[pick]])
    return lo, hi, pidx
