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

    The horizontal axis is ``lambda / (1 + lambda)``, so the whole branch from
    ``lambda = 0`` (uniform play) to its Nash limit fits between 0 and 1.

    Parameters
    ----------
    branch : QREBranch
        A branch from :func:`multivector.solver.qre.logit_branch`.
    ax : matplotlib Axes, optional
        Where to draw one panel. By default a new figure with one panel per player.
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
    """
    lam = np.asarray(branch.lambdas)
    t = lam / (1.0 + lam)
    players = list(branch.players)
    if ax is None and player is None:
        require_matplotlib()
        from matplotlib.figure import Figure

        n = len(players)
        fig = Figure(figsize=(4.5 * n, 3.6))
        panels = fig.subplots(1, n, squeeze=False)[0]
        for i, panel in enumerate(panels):
            _draw(panel, t, branch, [i], prefix=False)
            panel.set_title(players[i])
        panels[0].set_ylabel("probability")
        fig.suptitle("Logit QRE, principal branch")
        fig.tight_layout()
        return fig
    fig, ax, own = figure_and_axes(ax, (4.5, 3.6))
    if player is None:
        _draw(ax, t, branch, range(len(players)), prefix=True)
        ax.set_title("Logit QRE, principal branch")
    else:
        if isinstance(player, str) and player not in players:
            raise GameError(f"no player {player!r} in the branch; its players are {players}")
        i = players.index(player) if isinstance(player, str) else int(player)
        _draw(ax, t, branch, [i], prefix=False)
        ax.set_title(players[i])
    ax.set_ylabel("probability")
    if own:
        fig.tight_layout()
    return fig


def _draw(
    ax: Axes, t: NDArray[np.float64], branch: QREBranch, which: Iterable[int], *, prefix: bool
) -> None:
    for i in which:
        for k, label in enumerate(branch.strategies[i]):
            name = f"{branch.players[i]}: {label}" if prefix else label
            ax.plot(t, branch.profiles[i][:, k], label=name)
    ax.set_xlabel("lambda / (1 + lambda)")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(0, 1)
    ax.legend(fontsize="small")
