"""Subgame-perfect equilibrium payoffs of 2-player repeated games (perfect monitoring).

The set of pure-strategy subgame-perfect payoffs with public randomisation is the largest
fixed point of the Abreu-Pearce-Stacchetti (1990) operator

    B(W) = co( U_a { (1 - d) u(a) + d w : w in W, w_i >= min_{W} w_i
                     + (1 - d) / d (max_b u_i(b, a_-i) - u_i(a)) for each i } ),

the worst continuation in ``W`` being each player's harshest credible punishment (Abreu
1988). Iterating ``B`` from the feasible set gives a decreasing sequence of polygons, each
containing the equilibrium set.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.games.repeated import as_discount
from multivector.solver.repeated.feasible import clip_polygon, feasible_set, hull_vertices

__all__ = ["SPEPayoffSet", "spe_payoff_set", "sustained_by_optimal_penal_code"]


@dataclass(frozen=True, eq=False)
class SPEPayoffSet:
    """The outcome of :func:`spe_payoff_set`.

    Attributes
    ----------
    vertices : ndarray, shape (k, 2)
        Vertices of the last iterate (counter-clockwise), empty if the set is empty.
    iterations : int
    step : float
        Largest distance a vertex support moved in the last iteration (in payoff units).
    converged : bool
        Whether ``step`` fell below the tolerance within ``max_iter`` iterations.
    worst : ndarray, shape (2,)
        Each player's lowest payoff in the set: its harshest subgame-perfect punishment.
    notes : tuple of str
        Why the iteration stopped early, when it did.
    """

    vertices: NDArray[np.float64]
    iterations: int
    step: float
    converged: bool
    worst: NDArray[np.float64]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "vertices": self.vertices.tolist(),
            "iterations": self.iterations,
            "step": self.step,
            "converged": self.converged,
            "notes": list(self.notes),
            "worst": self.worst.tolist(),
        }


def _support(poly: NDArray[np.float64], dirs: NDArray[np.float64]) -> NDArray[np.float64]:
    if len(poly) == 0:
        return np.full(len(dirs), -np.inf)
    return np.max(dirs @ poly.T, axis=1)


def _hull2(points: NDArray[np.float64]) -> NDArray[np.float64]:
    if len(points) == 0:
        return points
    v, _ = hull_vertices(np.round(points, 12))
    return v


def _simplify(poly: NDArray[np.float64], eps: float) -> NDArray[np.float64]:
    """Drop (nearly) repeated and (nearly) collinear vertices of a CCW polygon."""
    pts = [p for p in poly]
    changed = True
    while changed and len(pts) > 2:
        changed = False
        for k in range(len(pts)):
            p, q, r = pts[k - 1], pts[k], pts[(k + 1) % len(pts)]
            edge = r - p
            length = float(np.hypot(*edge))
            dist = (
                float(np.hypot(*(q - p)))
                if length <= eps
                else abs(float(edge[0] * (q - p)[1] - edge[1] * (q - p)[0])) / length
            )
            if dist <= eps:
                del pts[k]
                changed = True
                break
    return np.array(pts) if pts else poly[:0]


def spe_payoff_set(
    game: NormalFormGame, discount: Any, tol: float = 1e-10, max_iter: int = 5000
) -> SPEPayoffSet:
    """Pure-strategy subgame-perfect payoffs of a 2-player repeated game, with public
    randomisation, as a polygon.

    Parameters
    ----------
    game : NormalFormGame
        A 2-player stage game.
    discount : number in (0, 1)
    tol : float
        Stop when no support value (in 64 directions and at the vertices) moves more than
        ``tol`` times the payoff scale in one iteration.
    max_iter : int

    Returns
    -------
    SPEPayoffSet

    Raises
    ------
    SolverError
        For games that are not 2-player or a zero discount factor.

    Notes
    -----
    Each iteration applies the Abreu-Pearce-Stacchetti (1990) operator exactly on polygons
    (no fixed grid of directions, unlike the outer hyperplane approximation of Judd,
    Yeltekin and Conklin 2003): the continuation set of each action profile is the current
    polygon clipped by its two incentive half-planes; the new polygon is the convex hull of
    their images. ``B`` is monotone and the feasible set contains its fixed points, so
    every iterate contains the equilibrium set (an outer approximation); the sequence
    shrinks at rate ``discount`` per iteration near the limit, so the distance to the
    equilibrium set after stopping is about ``step * discount / (1 - discount)``, an
    estimate, not a certificate. This is the set Abreu and Sannikov (2014) compute, and
    what quantecon's ``RepeatedGame.equilibrium_payoffs`` returns.

    The iteration runs on each player's payoffs in units of that player's payoff range
    (the operator commutes with that rescaling), so that the tolerances fit both players
    when one's payoffs span far more than the other's. Exact iterates are nested; one
    that grows (round-off) stops the iteration, with ``converged`` False and a note.
    Precision is relative to each player's payoff range: with payoffs of 1e12 beside
    payoffs of 1, differences below about 1e-9 of the range (here 1e3) are not resolved.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> s = spe_payoff_set(g, 0.9)
    >>> sorted(map(tuple, s.vertices.round(6).tolist()))
    [(3.0, 3.0), (3.0, 9.75), (9.0, 9.0), (9.75, 3.0)]
    """
    if game.num_players != 2:
        raise SolverError(
            f"spe_payoff_set handles 2-player games; this game has {game.num_players} players"
        )
    d = float(as_discount(discount))
    if d <= 0:
        raise SolverError("discount 0: the equilibrium set is the hull of stage equilibria")
    # The operator commutes with rescaling each player's payoffs (its incentive bounds are
    # per player, and convex hulls are affine-equivariant), so it runs on payoffs in units
    # of each player's own range: a set far wider in one player's payoffs than in the
    # other's would otherwise be flattened to a segment by tolerances of the wider one.
    flat = game.payoffs.reshape(2, -1)
    unit = flat.max(axis=1) - flat.min(axis=1)
    unit = np.where(unit > 0, unit, 1.0)
    scaled = NormalFormGame(
        game.payoffs / unit.reshape(2, 1, 1), players=game.players, strategies=game.strategies
    )
    # the clipping tolerance stays what it is in the game's own units (1e-9): in units
    # of a range of 6e9 it is 1.7e-19, far below the stopping tolerance; 1e-9 of a unit
    # would stall the iteration above it
    found = _aps(scaled, d, tol, max_iter, 1e-9 / unit)
    return SPEPayoffSet(
        found.vertices * unit,
        found.iterations,
        found.step * float(unit.max()),
        found.converged,
        found.worst * unit,
        found.notes,
    )


def _aps(
    game: NormalFormGame, d: float, tol: float, max_iter: int, clip_tol: NDArray[np.float64]
) -> SPEPayoffSet:
    """:func:`spe_payoff_set` on payoffs already in their players' units."""
    u = game.payoffs
    profiles = list(itertools.product(*(range(s) for s in game.shape)))
    gains = []
    for a in profiles:
        g = []
        for i in range(2):
            dev = max(
                u[(i, *(b if j == i else a[j] for j in range(2)))] for b in range(game.shape[i])
            )
            g.append((1 - d) / d * (dev - u[(i, *a)]))
        gains.append(np.array(g))
    pay = [np.array([u[(i, *a)] for i in range(2)]) for a in profiles]
    angles = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    dirs = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    scale = game.payoff_scale()
    poly = feasible_set(game).vertices
    step, it = np.inf, 0
    notes: tuple[str, ...] = ()
    while it < max_iter and len(poly):
        it += 1
        worst = poly.min(axis=0)
        images = []
        for a_pay, gain in zip(pay, gains, strict=True):
            cont = poly
            for i in range(2):
                if len(cont) == 0:
                    break
                # a segment or a point is clipped like a polygon: a segment that crosses
                # the line keeps its crossing point (keeping only its ends inside made
                # the operator non-monotone and the iterates cycle)
                cont = clip_polygon(cont, np.eye(2)[i], worst[i] + gain[i], float(clip_tol[i]))
            if len(cont):
                images.append((1 - d) * a_pay + d * cont)
        new = _hull2(np.vstack(images)) if images else np.zeros((0, 2))
        new = _simplify(new, 1e-9 * scale)
        moved = _support(new, dirs) - _support(poly, dirs) if len(new) else np.array([-np.inf])
        step = float(np.max(np.abs(moved))) if len(new) else np.inf
        if len(new) and float(np.max(moved)) > 1e-7 * scale:
            # B is monotone and the first iterate contains the second, so the iterates are
            # nested; one that grows is round-off steering the iteration (incentive
            # differences far below the payoff range), and iterating further only cycles
            notes = (
                f"stopped at iteration {it}: the set grew (by {float(np.max(moved)):.3g} of a "
                "player's payoff range), which exact arithmetic rules out: round-off; not "
                "reliable",
            )
            poly = new
            break
        poly = new
        if step <= tol * scale:
            break
    converged = not notes and bool(len(poly) == 0 or step <= tol * scale)
    if not converged and not notes:
        notes = (f"not converged after {it} iterations (last step {step:.3g})",)
    worst = poly.min(axis=0) if len(poly) else np.full(2, np.nan)
    return SPEPayoffSet(poly, it, step if np.isfinite(step) else 0.0, converged, worst, notes)


def sustained_by_optimal_penal_code(
    game: NormalFormGame,
    target: Any,
    discount: Any,
    spe_set: SPEPayoffSet | None = None,
) -> dict[str, Any]:
    """Whether playing the pure profile ``target`` forever is subgame perfect at
    ``discount`` when deviators get their harshest subgame-perfect punishment.

    Abreu (1988): the stationary path ``a`` is an equilibrium path iff for every player
    ``u_i(a) >= (1 - d) d_i + d w_i``, where ``d_i`` is ``i``'s best deviation payoff and
    ``w_i`` its worst subgame-perfect payoff (:attr:`SPEPayoffSet.worst`). This is the
    most patient-friendly threshold any punishment can give.

    Returns
    -------
    dict
        ``sustained`` (bool), ``slack`` per player (``u_i(a) - (1-d) d_i - d w_i``; the
        worst payoffs carry the outer approximation's error, about
        ``step * d / (1 - d)``) and ``worst``.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> sustained_by_optimal_penal_code(pd, ("s1", "s1"), 0.6)["sustained"]
    True
    >>> sustained_by_optimal_penal_code(pd, ("s1", "s1"), 0.4)["sustained"]
    False
    """
    d = float(as_discount(discount))
    if isinstance(target, str) or len(target) != game.num_players:
        raise SolverError(f"target {target!r} must give one strategy per player")
    a = tuple(game.strategy_index(i, s) for i, s in enumerate(target))
    spe = spe_set if spe_set is not None else spe_payoff_set(game, d)
    if len(spe.vertices) == 0:
        return {"sustained": False, "slack": None, "worst": None}
    u = game.payoffs
    slack = {}
    tol = 1e-7 * game.payoff_scale()
    for i, name in enumerate(game.players):
        dev = max(u[(i, *(b if j == i else a[j] for j in range(2)))] for b in range(game.shape[i]))
        slack[name] = float(u[(i, *a)] - (1 - d) * dev - d * spe.worst[i])
    return {
        "sustained": all(v >= -tol for v in slack.values()),
        "slack": slack,
        "worst": spe.worst.tolist(),
    }
