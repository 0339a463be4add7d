"""The payoff sets of a 2-player repeated game."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

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

    The feasible payoffs (grey), the individually rational ones (blue), the subgame-perfect
    ones at the report's discount factor (red), each player's pure minmax value (dotted
    lines) and the payoffs of the ``targets`` (stars).

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
    fig, ax, own = figure_and_axes(ax, (7, 6))
    layers = (
        ("feasible payoffs", report["feasible_set"]["vertices"], "0.85", 1.0),
        ("individually rational", report["individually_rational_set"]["vertices"], "C0", 0.35),
        (
            f"subgame perfect (discount {report['discount']:.3g})",
            (report["spe_payoff_set"] or {}).get("vertices", []),
            "C3",
            0.5,
        ),
    )
    for label, verts, color, alpha in layers:
        if not verts:
            continue
        pts = [*verts, verts[0]]
        xs, ys = zip(*pts, strict=True)
        if len(verts) > 2:
            ax.fill(xs, ys, color=color, alpha=alpha, label=label)
        else:
            ax.plot(xs, ys, color=color, lw=3, label=label)
    wanted = [list(t) for t in targets]
    for row in report["thresholds"]:
        if row["target"] in wanted:
            x, y = row["payoffs"]
            ax.plot([x], [y], "k*", ms=12)
            ax.annotate(",".join(row["target"]), (x, y), textcoords="offset points", xytext=(6, 6))
    mm = [m["value"] for m in report["minmax"]["pure"]]
    ax.axvline(mm[0], color="C0", ls=":", lw=1)
    ax.axhline(mm[1], color="C0", ls=":", lw=1)
    ax.set_xlabel(f"{report['players'][0]} payoff")
    ax.set_ylabel(f"{report['players'][1]} payoff")
    ax.set_title(title or "repeated game payoff sets")
    ax.legend(loc="best", fontsize=8)
    if own:
        fig.tight_layout()
    return fig
