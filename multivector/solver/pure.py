"""Pure-strategy Nash equilibria of n-player games, one game or a stack of them.

A pure profile is an equilibrium when every player's payoff there is the largest in its
own axis of the payoff tensor. The kernel computes, for each player, the maximum along
that player's axis and compares, all in one vectorised pass; over a stack of games the
same pass runs on a leading batch axis, which is what parameter sweeps use.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import GameError
from multivector.games.normal_form import NormalFormGame
from multivector.solver._compiled import compiled_kernel
from multivector.solver.equilibrium import Equilibrium, Solution, make_equilibrium

__all__ = ["pure_nash", "pure_nash_batch", "pure_nash_mask", "run_pure"]


# Payoff entries per block of the numpy pass of pure_nash_mask (512 KiB of floats).
_BLOCK_ENTRIES = 1 << 16


def _pure_nash_kernel(payoffs: NDArray[np.float64], tol: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Boolean mask of pure equilibria for payoffs of shape ``(B, n, s_1, ..., s_n)``.

    ``tol`` has shape ``(B,)``: a strategy is a best response when its payoff is at least
    the best minus ``tol``. The best payoff along a player's own axis is an elementwise
    maximum over that axis's slices, which numpy runs much faster than a reduction along
    a short strided axis.
    """
    n = payoffs.shape[1]
    tol_b = tol.reshape((-1,) + (1,) * (n - 1))
    mask = np.ones((payoffs.shape[0], *payoffs.shape[2:]), dtype=bool)
    for i in range(n):
        u = payoffs[:, i]
        axis = i + 1
        best = u.take(0, axis=axis)
        for k in range(1, u.shape[axis]):
            best = np.maximum(best, u.take(k, axis=axis))
        mask &= u >= np.expand_dims(best - tol_b, axis)
    return mask


def _batch_tolerance(payoffs: NDArray[np.float64], rtol: float) -> NDArray[np.float64]:
    flat = payoffs.reshape(payoffs.shape[0], payoffs.shape[1], -1)
    scale = np.maximum(1.0, (flat.max(axis=2) - flat.min(axis=2)).max(axis=1))
    return rtol * scale


def pure_nash_mask(
    payoffs: ArrayLike, *, rtol: float = 1e-9, compiled: bool = True
) -> NDArray[np.bool_]:
    """Mask of the pure Nash equilibria of a stack of games.

    Parameters
    ----------
    payoffs : array_like, shape (B, n, s_1, ..., s_n)
        ``B`` games, each a payoff tensor as in :class:`NormalFormGame`.
    rtol : float
        Ties within ``rtol`` times each game's payoff range (at least 1) count as best
        responses, so that payoffs computed by formulas (``0.1 + 0.2`` against ``0.3``)
        are not split by round-off.
    compiled : bool
        Use the compiled kernel when numba is installed (default); False takes the numpy
        pass, which spares a short run the compiler's start-up.

    Returns
    -------
    ndarray of bool, shape (B, s_1, ..., s_n)
        True at the profiles that are pure Nash equilibria.

    Notes
    -----
    Runs a compiled loop when numba is installed (the ``fast`` extra) and a vectorised
    numpy pass otherwise; both give the same mask.

    Examples
    --------
    >>> import numpy as np
    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
    >>> coord = np.array([[[1, 0], [0, 1]], [[1, 0], [0, 1]]], dtype=float)
    >>> mask = pure_nash_mask(np.stack([pd, coord]))
    >>> [list(map(tuple, np.argwhere(m).tolist())) for m in mask]
    [[(1, 1)], [(0, 0), (1, 1)]]
    """
    arr = np.asarray(payoffs, dtype=np.float64)
    if arr.ndim < 3 or arr.ndim != arr.shape[1] + 2:
        raise GameError(
            f"a stack of n-player games has shape (B, n, s_1, ..., s_n); got {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        raise GameError("payoffs must be finite numbers; the stack contains NaN or inf")
    kernel = compiled_kernel("multivector.solver._pure_numba", "pure_mask") if compiled else None
    if kernel is None:
        # in blocks of games whose payoffs stay in a core's cache across the passes
        out = np.empty((arr.shape[0], *arr.shape[2:]), dtype=bool)
        step = max(1, _BLOCK_ENTRIES // max(1, math.prod(arr.shape[1:])))
        for lo in range(0, arr.shape[0], step):
            part = arr[lo : lo + step]
            out[lo : lo + step] = _pure_nash_kernel(part, _batch_tolerance(part, rtol))
        return out
    flat = np.ascontiguousarray(arr).reshape(arr.shape[0], arr.shape[1], math.prod(arr.shape[2:]))
    shape = np.array(arr.shape[2:], dtype=np.int64)
    mask: NDArray[np.bool_] = kernel(flat, float(rtol), shape)
    return mask.reshape(arr.shape[0], *arr.shape[2:])


def pure_nash_batch(payoffs: ArrayLike, *, rtol: float = 1e-9) -> list[NDArray[np.intp]]:
    """Pure equilibria of each game in a stack, as arrays of strategy-index rows.

    Examples
    --------
    >>> import numpy as np
    >>> coord = np.array([[[1, 0], [0, 1]], [[1, 0], [0, 1]]], dtype=float)
    >>> [e.tolist() for e in pure_nash_batch(coord[None])]
    [[[0, 0], [1, 1]]]
    """
    mask = pure_nash_mask(payoffs, rtol=rtol)
    if mask.shape[0] == 0:
        return []  # (np.split would give one empty piece)
    idx = np.argwhere(mask)
    counts = np.bincount(idx[:, 0], minlength=mask.shape[0])
    return np.split(idx[:, 1:], np.cumsum(counts)[:-1])


def pure_nash(game: NormalFormGame, *, tol: float | None = None) -> list[Equilibrium]:
    """All pure-strategy Nash equilibria of an n-player game.

    Parameters
    ----------
    game : NormalFormGame
    tol : float, optional
        A strategy is a best response when within ``tol`` of the best payoff; default
        :meth:`NormalFormGame.default_tolerance`.

    Returns
    -------
    list of Equilibrium
        In lexicographic order of the profiles. The list is complete for pure equilibria;
        mixed equilibria need another method.

    Notes
    -----
    Exhaustive check of every profile (the definition of Nash equilibrium, e.g.
    Osborne and Rubinstein 1994, Definition 14.1), vectorised over the payoff tensor.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...                                  strategies=[["opera", "football"]] * 2)
    >>> [e.supports for e in pure_nash(g)]
    [((0,), (0,)), ((1,), (1,))]
    """
    tol = game.default_tolerance() if tol is None else tol
    mask = _pure_nash_kernel(game.payoffs[None], np.array([tol]))[0]
    out = []
    for profile in np.argwhere(mask):
        pure = game.pure_profile(list(profile))
        # The kernel compares each payoff with ``best - tol``; the regret is ``best -
        # payoff``. The two round apart by one unit in the last place when a payoff is
        # exactly ``tol`` below the best: such a profile is not certified, so not kept.
        if game.regret(pure) > tol:
            continue
        out.append(make_equilibrium(game, pure, "pure", tol=tol))
    return out


def run_pure(game: NormalFormGame, *, tol: float | None = None) -> Solution:
    """Registry runner for ``method="pure"``.

    The list is complete only when the game has no mixed equilibrium outside it, which
    this method does not decide, so ``complete`` is False.
    """
    eqs = pure_nash(game, tol=tol)
    return Solution(
        game=game,
        equilibria=tuple(eqs),
        method="pure",
        complete=False,
        notes=("every pure equilibrium is listed; mixed equilibria were not searched",),
    )
