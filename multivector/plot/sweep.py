"""The phase diagram of a sweep: which strategy the first player plays where."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from multivector.errors import ScenarioError
from multivector.plot.base import figure_and_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from multivector.explore.sweep import SweepResult

__all__ = ["phase_diagram"]


def phase_diagram(
    result: SweepResult,
    ax: Axes | None = None,
    *,
    calibration: Mapping[str, float] | None = None,
    title: str = "",
) -> Figure:
    """Draw a sweep's outcomes: the first player's equilibrium strategy over the grid.

    For two varied parameters, a phase diagram: each grid cell coloured by the deciding
    strategy (:attr:`SweepResult` column ``deciding_strategy``), the first varied
    parameter on the vertical axis. For one, the number of equilibria along the parameter,
    each point coloured by the deciding strategy.

    Parameters
    ----------
    result : SweepResult
        A grid sweep (:meth:`multivector.explore.sweep.Sweep.run`) of one or two
        parameters.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    calibration : mapping, optional
        Parameter values to mark (a star; a dashed line for one parameter), e.g. the
        sweep's ``base``.
    title : str

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ScenarioError
        For a sweep of other than one or two parameters, or of two that are not a full
        grid.
    MissingDependencyError
        Without matplotlib.
    """
    names = result.columns[1:-3]
    if len(names) not in (1, 2):
        raise ScenarioError("--plot draws sweeps of one or two --vary grid parameters")
    fig, ax, own = figure_and_axes(ax, (3.5, 3.6))
    import matplotlib
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    outcome = [s or "(none)" for s in result.column("deciding_strategy")]
    kinds = sorted(set(outcome))
    code = np.array([kinds.index(s) for s in outcome])
    cmap = matplotlib.colormaps["tab10"]
    if len(names) == 2:
        xs = np.unique(result.column(names[1]))
        ys = np.unique(result.column(names[0]))
        if xs.size * ys.size != len(outcome):
            raise ScenarioError("a phase diagram needs a full grid of two parameters")
        z = code.reshape(ys.size, xs.size)
        colours = ListedColormap([cmap(k % 10) for k in range(len(kinds))])
        ax.pcolormesh(
            xs,
            ys,
            z,
            cmap=colours,
            norm=BoundaryNorm(np.arange(len(kinds) + 1) - 0.5, len(kinds)),
            shading="nearest",
        )
        ax.set_xlabel(names[1])
        ax.set_ylabel(names[0])
        handles: list[Any] = [Patch(color=cmap(k % 10), label=s) for k, s in enumerate(kinds)]
        if calibration is not None:
            ax.plot(
                calibration[names[1]],
                calibration[names[0]],
                marker="*",
                color="black",
                markersize=14,
                linestyle="none",
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="*",
                    color="black",
                    linestyle="none",
                    markersize=12,
                    label="calibration",
                )
            )
        ax.legend(
            handles=handles,
            title="first player's equilibrium strategy",
            title_fontsize=7,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            fontsize=6.5,
            ncols=2,
            frameon=False,
            columnspacing=1.0,
            handlelength=1.4,
        )
    else:
        x = np.array(result.column(names[0]))
        counts = np.array(result.column("n_equilibria"), dtype=float)
        ax.scatter(x, counts, c=[cmap(k % 10) for k in code], s=10)
        ax.set_xlabel(names[0])
        ax.set_ylabel("number of equilibria")
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(0, (counts.max() if counts.size else 0) + 1)
        marks: list[Any] = [Patch(color=cmap(k % 10), label=s) for k, s in enumerate(kinds)]
        if calibration is not None:
            ax.axvline(calibration[names[0]], color="black", linestyle="--", lw=1)
            marks.append(Line2D([], [], color="black", linestyle="--", lw=1, label="calibration"))
        ax.legend(
            handles=marks,
            title="first player's equilibrium strategy (colour)",
            title_fontsize=7,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            fontsize=6.5,
            ncols=2,
            frameon=False,
        )
    ax.set_title(title, fontsize=8.5)
    ax.xaxis.label.set_fontsize(8)
    ax.yaxis.label.set_fontsize(8)
    ax.tick_params(labelsize=7)
    if own:
        fig.tight_layout()
    return fig
