"""The payoff sets of a 2-player repeated game."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from multivector.errors import SolverError
from multivector.plot.base import figure_and_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["payoff_sets"]


def payoff_sets(
    report: Mapping[str, Any],
    ax: Axes | None = None,
    *,
    targets: Sequence[Sequence[str]] = (),
    title: str = "",
) -> Figure:
    """Draw a 2-player repeated game's payoff sets.

    The feasible payoffs (grey), the subgame-perfect ones at the report's discount factor
    (translucent orange) and the individually rational ones (blue hatching and dashed
    outline, drawn on top), so that each set stays visible when one lies inside another
    or they coincide (the legend then says so); each player's pure minmax value (dotted
    lines) and the payoffs of the ``targets`` (stars). The default size, 3.5 x 3.2 in, is
    a journal's single column.

    Parameters
    ----------
    report : mapping
        A :func:`~multivector.solver.repeated.report.repeated_report` of a 2-player game.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    targets : sequence of profiles
        Target profiles of the report (one label per player) to mark.
    title : str
        Default "repeated game payoff sets".

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    SolverError
        For a game that does not have 2 players.
    MissingDependencyError
        Without matplotlib.

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> from multivector.games.repeated import RepeatedGame
    >>> from multivector.solver.repeated.report import repeated_report
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   strategies=[["C", "D"]] * 2)
    >>> report = repeated_report(RepeatedGame(pd, discount=0.6))
    >>> payoff_sets(report, targets=[["C", "C"]]).axes[0].get_xlabel()
    'P1 payoff'
    """
    if len(report["players"]) != 2:
        raise SolverError("--plot draws payoff sets of 2-player games only")
    fig, ax, own = figure_and_axes(ax, (3.5, 3.2))
    from matplotlib.patches import Patch

    feasible = report["feasible_set"]["vertices"]
    rational = report["individually_rational_set"]["vertices"]
    perfect = (report["spe_payoff_set"] or {}).get("vertices", [])
    same = bool(perfect) and _same_polygon(perfect, rational)
    handles: list[Any] = []
    # filled from the largest set to the smallest, each with its own outline, so that a
    # set lying inside (or equal to) another stays visible
    if feasible:
        _fill(ax, feasible, face="0.88", edge="0.45", lw=0.8, alpha=1.0)
        handles.append(Patch(facecolor="0.88", edgecolor="0.45", label="feasible"))
    if perfect:
        label = f"subgame perfect, δ = {report['discount']:.3g}"
        if same:
            label += " (= individually rational)"
        _fill(ax, perfect, face="#d55e00", edge="#d55e00", lw=1.4, alpha=0.3)
        handles.append(
            Patch(facecolor=(0.835, 0.369, 0.0, 0.3), edgecolor="#d55e00", lw=1.4, label=label)
        )
    if rational:
        _fill(
            ax,
            rational,
            face="none",
            edge="#0072b2",
            lw=1.1,
            alpha=1.0,
            hatch="////",
            ls=(0, (4, 2)),
        )
        handles.append(
            Patch(
                facecolor="none",
                edgecolor="#0072b2",
                hatch="////",
                ls=(0, (4, 2)),
                label="individually rational",
            )
        )
    mm = [m["value"] for m in report["minmax"]["pure"]]
    ax.axvline(mm[0], color="#0072b2", ls=":", lw=0.8)
    ax.axhline(mm[1], color="#0072b2", ls=":", lw=0.8)
    from matplotlib.lines import Line2D

    handles.append(Line2D([], [], color="#0072b2", ls=":", lw=0.8, label="minmax values"))
    wanted = [list(t) for t in targets]
    stars: list[tuple[float, float, str]] = []
    for row in report["thresholds"]:
        if row["target"] in wanted:
            x, y = row["payoffs"]
            ax.plot([x], [y], "k*", ms=9, zorder=5)
            stars.append((x, y, ", ".join(row["target"])))
    ax.set_xlabel(f"{report['players'][0]} payoff", fontsize=8)
    ax.set_ylabel(f"{report['players'][1]} payoff", fontsize=8)
    ax.tick_params(labelsize=7)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_locator(MaxNLocator(6))
    ax.margins(0.06)
    x0, x1 = ax.get_xlim()
    for x, y, text in stars:  # the name toward the middle, so it stays in the frame
        right = x > (x0 + x1) / 2
        ax.annotate(
            text,
            (x, y),
            textcoords="offset points",
            xytext=(-6 if right else 6, -9),
            ha="right" if right else "left",
            fontsize=7,
            zorder=5,
        )
    ax.set_title(textwrap.fill(title or "repeated game payoff sets", 48), fontsize=8)
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        fontsize=6.5,
        frameon=False,
        ncols=2,
        handlelength=1.8,
        columnspacing=1.0,
    )
    if own:
        fig.tight_layout(pad=0.3)
    return fig


def _fill(ax: Axes, verts: Sequence[Sequence[float]], **style: Any) -> None:
    pts = [*verts, verts[0]]
    xs, ys = zip(*pts, strict=True)
    if len(verts) > 2:
        face = style.pop("face")
        edge = style.pop("edge")
        ax.fill(xs, ys, facecolor=face, edgecolor=edge, linewidth=style.pop("lw"), **style)
    else:  # a segment or a point
        ax.plot(xs, ys, color=style["edge"], lw=max(2.0, style["lw"]), marker="o", ms=3)


def _same_polygon(a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]) -> bool:
    """Whether two vertex lists describe the same polygon: every vertex of each lies
    within 1e-6 of the payoff range of a vertex of the other (the subgame-perfect set is
    computed iteratively, so its vertices carry that much noise)."""
    pa = np.asarray(a, dtype=float).reshape(-1, 2)
    pb = np.asarray(b, dtype=float).reshape(-1, 2)
    both = np.vstack([pa, pb])
    tol = 1e-6 * max(1.0, float(np.ptp(both, axis=0).max()))
    gaps = np.linalg.norm(pa[:, None, :] - pb[None, :, :], axis=2)
    return bool(gaps.min(axis=1).max() <= tol and gaps.min(axis=0).max() <= tol)
