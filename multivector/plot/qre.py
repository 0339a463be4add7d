"""The logit quantal response equilibrium branch."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from multivector.errors import GameError
from multivector.plot.base import figure_and_axes, require_matplotlib

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from multivector.solver.qre import QREBranch

__all__ = ["qre_branch"]


def qre_branch(
    branch: QREBranch, ax: Axes | None = None, *, player: int | str | None = None
) -> Figure:
    """Draw the logit QRE branch: each strategy's probability as rationality grows.

    The curves are drawn against ``lambda / (1 + lambda)`` on a logit axis, which is
    ``log lambda``: equal steps are equal ratios of rationality, and the axis is labelled
    in ``lambda``. Its range is the branch's own: from a decade before any probability
    moves 0.5 % away from uniform play (or from the first traced point after
    ``lambda = 0``, which a log axis cannot show) to a decade after all are within 0.5 %
    of the limit (or the end of the trace). The Nash limit, when certified, is marked at the
    right edge.

    Parameters
    ----------
    branch : QREBranch
        A branch from :func:`multivector.solver.qre.logit_branch`.
    ax : matplotlib Axes, optional
        Where to draw one panel. By default a new figure with one panel per player (two
        per row, 3.4 x 2.4 in each, so a two-player figure fits a journal's full width).
    player : int or str, optional
        With ``ax`` (or alone, for a one-panel figure): draw this player's strategies
        only. With ``ax`` and no player, every player's strategies share the panel,
        labelled ``player: strategy``.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    GameError
        For an unknown player.
    MissingDependencyError
        Without matplotlib.

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> from multivector.solver.qre import logit_branch
    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> fig = qre_branch(logit_branch(mp, lambda_max=100))
    >>> [a.get_title() for a in fig.axes]
    ['P1', 'P2']
    >>> fig.axes[0].get_xscale()
    'logit'
    """
    lam = np.asarray(branch.lambdas, dtype=float)
    t = lam / (1.0 + lam)
    span = _span(lam, branch)
    players = list(branch.players)
    if ax is None and player is None:
        require_matplotlib()
        from matplotlib.figure import Figure

        n = len(players)
        cols = 1 if n == 1 else 2
        rows = -(-n // cols)
        fig = Figure(figsize=(3.5 * cols, 0.35 + 2.45 * rows), layout="constrained")
        panels = fig.subplots(rows, cols, squeeze=False, sharex=True, sharey=True).ravel()
        for i, panel in enumerate(panels):
            if i >= n:
                panel.set_visible(False)
                continue
            _draw(panel, t, span, branch, [i], prefix=False)
            panel.set_title(players[i], fontsize=8.5)
            if i % cols:
                panel.set_ylabel("")
            if i < n - cols:
                panel.set_xlabel("")
            else:  # the lowest panel of its column shows the lambda scale
                panel.xaxis.set_tick_params(labelbottom=True)
        fig.suptitle("Logit QRE, principal branch", fontsize=9)
        return fig
    fig, ax, own = figure_and_axes(ax, (3.5, 2.6))
    if player is None:
        _draw(ax, t, span, branch, range(len(players)), prefix=True)
        ax.set_title("Logit QRE, principal branch", fontsize=9)
    else:
        if isinstance(player, str) and player not in players:
            raise GameError(f"no player {player!r} in the branch; its players are {players}")
        i = players.index(player) if isinstance(player, str) else int(player)
        _draw(ax, t, span, branch, [i], prefix=False)
        ax.set_title(players[i], fontsize=9)
    if own:
        fig.tight_layout()
    return fig


def _span(lam: NDArray[np.float64], branch: QREBranch) -> tuple[float, float]:
    """The lambda range where the branch moves, widened by a decade on each side."""
    start = np.concatenate([p[:1] for p in branch.profiles], axis=1)
    end = np.concatenate([p[-1:] for p in branch.profiles], axis=1)
    every = np.concatenate(list(branch.profiles), axis=1)
    moved = np.max(np.abs(every - start), axis=1) > 0.005
    settled = np.max(np.abs(every - end), axis=1) < 0.005
    positive = lam > 0
    lo = lam[moved & positive].min() if np.any(moved & positive) else lam[positive].min()
    # the first lambda from which every later point stays settled
    unsettled = np.nonzero(~settled)[0]
    last = int(unsettled[-1]) + 1 if unsettled.size else 0
    hi = lam[min(last, len(lam) - 1)]
    top = float(lam.max())
    first = float(lam[positive].min())  # lambda = 0 itself lies off a log axis
    low, high = max(float(lo) / 10.0, first), min(max(float(hi) * 10.0, float(lo) * 100.0), top)
    if not high > low * (1 + 1e-9):  # a branch traced over almost no range: show a decade
        low, high = (high / 10.0, high) if high / 10.0 > 0 else (high, high * 10.0)
    return low, high


def _draw(
    ax: Axes,
    t: NDArray[np.float64],
    span: tuple[float, float],
    branch: QREBranch,
    which: Iterable[int],
    *,
    prefix: bool,
) -> None:
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    for i in which:
        for k, label in enumerate(branch.strategies[i]):
            name = f"{branch.players[i]}: {label}" if prefix else label
            (line,) = ax.plot(t, branch.profiles[i][:, k], label=name, lw=1.3)
            if branch.limit is not None:
                p = float(branch.limit.profile[i][k])
                ax.scatter(  # the Nash limit, on the right edge
                    [1.0],
                    [p],
                    s=12,
                    facecolors="none",
                    edgecolors=line.get_color(),
                    linewidths=1.0,
                    clip_on=False,
                    transform=ax.get_yaxis_transform(),
                    zorder=3,
                )
    ax.set_xscale("logit")
    lo, hi = span
    ax.set_xlim(lo / (1 + lo), hi / (1 + hi))
    decades = range(int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi))) + 1)
    ticks = [10.0**e / (1 + 10.0**e) for e in decades]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(_lambda_label))
    ax.set_xlabel("rationality λ (log scale)", fontsize=8)
    ax.set_ylabel("probability", fontsize=8)
    ax.set_ylim(-0.02, 1.02)
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.25, lw=0.5)
    ax.legend(fontsize=6.5, loc="best", framealpha=0.85, handlelength=1.6)


def _lambda_label(t: float, _pos: int | None = None) -> str:
    lam = t / (1.0 - t)
    e = round(float(np.log10(lam)))
    return f"{lam:g}" if -1 <= e <= 3 else f"$10^{{{e}}}$"
