"""Feasible and individually rational payoffs of a repeated game.

The feasible set is the convex hull of the stage payoff profiles (what public
randomisation, or long-run averages, can give); its individually rational part keeps the
payoffs at least each player's minmax value. Folk theorems say patient players can
sustain every point of the latter (Fudenberg and Maskin 1986).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.games.normal_form import NormalFormGame
from multivector.solver.repeated.minmax import minmax_values

__all__ = [
    "PayoffSet",
    "clip_polygon",
    "feasible_set",
    "hull_vertices",
    "individually_rational_set",
]

_TOL = 1e-9


@dataclass(frozen=True, eq=False)
class PayoffSet:
    """A convex polytope of payoff vectors, given by its vertices.

    Attributes
    ----------
    vertices : ndarray, shape (k, n)
        The vertices (for 2 players, in counter-clockwise order). Empty when the set is
        empty.
    dimension : int
        Dimension of the set's affine hull (-1 when empty).
    bounds : ndarray, shape (n,), optional
        The lower bounds (minmax values) of an individually rational set.
    """

    vertices: NDArray[np.float64]
    dimension: int
    bounds: NDArray[np.float64] | None = None

    def __post_init__(self) -> None:
        # clear floating-point dust (1e-17) left by the projections
        scale = max(1.0, float(np.abs(self.vertices).max())) if self.vertices.size else 1.0
        v = np.where(np.abs(self.vertices) < 1e-12 * scale, 0.0, self.vertices)
        object.__setattr__(self, "vertices", v)

    def contains(self, point: Any, tol: float = 1e-7) -> bool:
        """Whether ``point`` lies in the set (within ``tol``), by an LP."""
        from scipy.optimize import linprog

        p = np.asarray(point, dtype=float)
        if len(self.vertices) == 0:
            return False
        k = len(self.vertices)
        res = linprog(
            np.zeros(k),
            A_eq=np.vstack([self.vertices.T, np.ones((1, k))]),
            b_eq=np.append(p, 1.0),
            bounds=[(0, None)] * k,
            method="highs",
        )
        return bool(res.status == 0)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "vertices": self.vertices.tolist(),
            "dimension": self.dimension,
            "bounds": None if self.bounds is None else self.bounds.tolist(),
        }


def _affine_frame(points: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Origin and orthonormal basis (rows) of the affine hull of ``points``."""
    origin = points.mean(axis=0)
    centered = points - origin
    scale = max(1.0, float(np.abs(points).max()))
    _, s, vt = np.linalg.svd(centered, full_matrices=False)
    rank = int(np.sum(s > _TOL * scale * max(1, len(points))))
    return origin, vt[:rank]


def hull_vertices(points: NDArray[np.float64]) -> tuple[NDArray[np.float64], int]:
    """Vertices of the convex hull of ``points`` and its dimension, degenerate hulls included.

    Parameters
    ----------
    points : ndarray, shape (k, n)
        Payoff profiles.

    Returns
    -------
    vertices : ndarray, shape (m, n)
        The hull's vertices; counter-clockwise when the hull is a 2-D polygon, the two ends
        when it is a segment, one point when it is a point.
    dimension : int
        The dimension of the hull's affine span.

    Examples
    --------
    >>> v, dim = hull_vertices(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]))
    >>> v.tolist(), dim
    ([[0.0, 0.0], [2.0, 2.0]], 1)
    """
    from scipy.spatial import ConvexHull, QhullError

    pts = np.unique(points, axis=0)
    if len(pts) == 1:
        return pts, 0
    origin, basis = _affine_frame(pts)
    dim = len(basis)
    coords = (pts - origin) @ basis.T
    if dim == 0:
        return pts[:1], 0
    if dim >= 2:
        try:
            hull = ConvexHull(coords)
        except QhullError:
            # numerically flat: qhull cannot find a full-dimensional simplex
            dim = 1
    if dim == 1:
        t = coords[:, 0]
        return pts[[int(np.argmin(t)), int(np.argmax(t))]], 1
    idx = hull.vertices  # counter-clockwise in 2-D
    return pts[idx], dim


def feasible_set(game: NormalFormGame) -> PayoffSet:
    """The feasible payoff set: convex hull of the stage payoff profiles.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.

    Returns
    -------
    PayoffSet

    Notes
    -----
    Vertices come from scipy's qhull (Barber, Dobkin and Huhdanpaa 1996) in the affine hull
    of the payoff profiles, so degenerate sets (all profiles on a line, or a point, or a
    lower-dimensional face in n players) are handled.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> sorted(map(tuple, feasible_set(pd).vertices.tolist()))
    [(0.0, 5.0), (1.0, 1.0), (3.0, 3.0), (5.0, 0.0)]
    """
    n = game.num_players
    points = game.payoffs.reshape(n, -1).T
    verts, dim = hull_vertices(points)
    return PayoffSet(vertices=verts, dimension=dim)


def clip_polygon(
    poly: NDArray[np.float64],
    normal: NDArray[np.float64],
    offset: float,
    tol: float = _TOL,
) -> NDArray[np.float64]:
    """The part of a convex polygon where ``normal @ x >= offset`` (within ``tol``).

    One step of the Sutherland-Hodgman clipping algorithm (Sutherland and Hodgman 1974):
    vertices on the kept side stay, and each edge that crosses the line adds its crossing
    point.

    Examples
    --------
    >>> square = np.array([[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]])
    >>> clip_polygon(square, np.array([1.0, 0.0]), 1.0).tolist()
    [[1.0, 0.0], [2.0, 0.0], [2.0, 2.0], [1.0, 2.0]]
    """
    out: list[NDArray[np.float64]] = []
    k = len(poly)
    for j in range(k):
        p, q = poly[j], poly[(j + 1) % k]
        fp, fq = normal @ p - offset, normal @ q - offset
        if fp >= -tol:
            out.append(p)
        if (fp > tol and fq < -tol) or (fp < -tol and fq > tol):
            out.append(p + (q - p) * (fp / (fp - fq)))
    return np.array(out) if out else np.zeros((0, poly.shape[1]))


def individually_rational_set(game: NormalFormGame, kind: str = "pure") -> PayoffSet:
    """Feasible payoffs giving each player at least its minmax value.

    Parameters
    ----------
    game : NormalFormGame
    kind : {"pure", "mixed"}
        Which minmax values bound the set (for 3 or more players ``"mixed"`` uses the
        pure upper bound, see :func:`~multivector.solver.repeated.minmax.mixed_minmax`).

    Returns
    -------
    PayoffSet
        With ``bounds`` set to the minmax values.

    Notes
    -----
    In 2-D (2 players, or any set whose affine hull is a plane) the polygon is clipped
    half-plane by half-plane (Sutherland and Hodgman 1974); in 1-D the segment is clipped;
    in higher dimension the vertices are those of scipy's ``HalfspaceIntersection`` around
    a Chebyshev centre (LP). A set with no interior in higher dimension is reported by
    its extreme points in the coordinate directions (an inner approximation).

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> ir = individually_rational_set(pd)
    >>> sorted(map(tuple, ir.vertices.round(6).tolist()))
    [(1.0, 1.0), (1.0, 4.333333), (3.0, 3.0), (4.333333, 1.0)]
    """
    feas = feasible_set(game)
    bounds = np.array([float(m.value) for m in minmax_values(game, kind)])
    verts = feas.vertices
    n = game.num_players
    if feas.dimension <= 1:
        keep = verts
        if feas.dimension == 1:
            p, q = verts
            lo, hi = 0.0, 1.0
            for i in range(n):
                a, b = p[i] - bounds[i], q[i] - p[i]
                if abs(b) <= _TOL:
                    if a < -_TOL:
                        lo, hi = 1.0, 0.0
                elif b > 0:
                    lo = max(lo, -a / b)
                else:
                    hi = min(hi, -a / b)
            keep = np.array([p + lo * (q - p), p + hi * (q - p)]) if lo <= hi + _TOL else verts[:0]
        else:
            keep = verts if np.all(verts[0] >= bounds - _TOL) else verts[:0]
        out = np.unique(keep.round(12), axis=0) if len(keep) else keep
        return PayoffSet(out, len(out) - 1 if len(out) else -1, bounds)
    origin, basis = _affine_frame(verts)
    coords = (verts - origin) @ basis.T
    if feas.dimension == 2:
        poly = coords
        for i in range(n):
            # x_i = origin_i + basis[:, i] @ y >= bounds_i
            poly = clip_polygon(poly, basis[:, i], bounds[i] - origin[i])
            if len(poly) == 0:
                break
        if len(poly) == 0:
            return PayoffSet(np.zeros((0, n)), -1, bounds)
        pts = origin + poly @ basis
        v, dim = hull_vertices(pts)
        return PayoffSet(v, dim, bounds)
    return _ir_halfspaces(feas, origin, basis, coords, bounds)


def _ir_halfspaces(
    feas: PayoffSet,
    origin: NDArray[np.float64],
    basis: NDArray[np.float64],
    coords: NDArray[np.float64],
    bounds: NDArray[np.float64],
) -> PayoffSet:
    from scipy.optimize import linprog
    from scipy.spatial import ConvexHull, HalfspaceIntersection

    n = len(bounds)
    hull = ConvexHull(coords)
    # hull.equations: A y + b <= 0; IR: -basis[:, i] @ y + (bounds_i - origin_i) <= 0
    eqs = np.vstack([hull.equations, np.hstack([-basis.T, (bounds - origin)[:, None]])])
    a, b = eqs[:, :-1], eqs[:, -1]
    norms = np.linalg.norm(a, axis=1)
    dim = a.shape[1]
    res = linprog(
        np.append(np.zeros(dim), -1.0),
        A_ub=np.hstack([a, norms[:, None]]),
        b_ub=-b,
        bounds=[(None, None)] * dim + [(0, None)],
        method="highs",
    )
    if res.status != 0:
        return PayoffSet(np.zeros((0, n)), -1, bounds)
    centre, radius = res.x[:dim], res.x[dim]
    if radius > 1e-9:
        pts = origin + HalfspaceIntersection(eqs, centre).intersections @ basis
        v, d = hull_vertices(pts)
        return PayoffSet(v, d, bounds)
    ext = []
    for sign in (1.0, -1.0):
        for i in range(dim):
            c = np.zeros(dim)
            c[i] = -sign
            r = linprog(c, A_ub=a, b_ub=-b, bounds=[(None, None)] * dim, method="highs")
            if r.status == 0:
                ext.append(origin + r.x @ basis)
    if not ext:
        return PayoffSet(np.zeros((0, n)), -1, bounds)
    v, d = hull_vertices(np.array(ext))
    return PayoffSet(v, d, bounds)
