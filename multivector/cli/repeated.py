"""The ``repeated`` command: minmax values, critical discount factors and sustainable
profiles of a game played again and again.

:func:`add_repeated_commands` registers it on the main app.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from multivector.cli.scenarios import load_target
from multivector.errors import MultivectorError, SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.games.repeated import RepeatedGame

__all__ = ["add_repeated_commands", "plot_payoff_sets", "repeated_command", "repeated_report"]

#: Above this many pure profiles, thresholds are shown only for --target.
MAX_PROFILES_SHOWN = 64


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    raise typer.Exit(2)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except MultivectorError as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"{err.filename + ': ' if err.filename else ''}{err.strerror or err}")


def _targets(game: NormalFormGame, target: str | None) -> list[tuple[int, ...]]:
    if target is None:
        profiles = list(itertools.product(*(range(s) for s in game.shape)))
        if len(profiles) > MAX_PROFILES_SHOWN:
            raise SolverError(
                f"the game has {len(profiles)} pure profiles; pick one with --target "
                "LABEL,LABEL,..."
            )
        return profiles
    labels = [x.strip() for x in target.split(",")]
    if len(labels) != game.num_players:
        raise SolverError(
            f"--target {target!r} gives {len(labels)} strategies for {game.num_players} "
            f"players; write one label per player, e.g. {','.join(s[0] for s in game.strategies)}"
        )
    return [tuple(game.strategy_index(i, s) for i, s in enumerate(labels))]


def repeated_report(game: RepeatedGame, targets: list[tuple[int, ...]]) -> dict[str, Any]:
    """Everything the ``repeated`` command prints, as plain data."""
    from multivector.solver.repeated import (
        feasible_set,
        grim_trigger_threshold,
        individually_rational_set,
        minmax_punishment_threshold,
        minmax_values,
        spe_payoff_set,
        sustained_by_optimal_penal_code,
    )

    stage = game.stage
    assert game.discount is not None
    spe = (
        spe_payoff_set(stage, game.discount)
        if stage.num_players == 2 and game.discount > 0
        else None
    )
    rows = []
    for a in targets:
        row: dict[str, Any] = {
            "target": [stage.strategies[i][k] for i, k in enumerate(a)],
            "payoffs": [float(stage.payoffs[(i, *a)]) for i in range(stage.num_players)],
        }
        try:
            row["nash_reversion"] = grim_trigger_threshold(stage, a).to_dict()
        except SolverError as err:
            row["nash_reversion"] = {"value": None, "notes": [str(err)]}
        row["minmax_forever"] = minmax_punishment_threshold(stage, a).to_dict()
        row["minmax_1"] = minmax_punishment_threshold(stage, a, periods=1).to_dict()
        if spe is not None:
            opc = sustained_by_optimal_penal_code(stage, a, game.discount, spe)
            row["optimal_penal_code"] = opc
        sustained = []
        if spe is not None and row["optimal_penal_code"]["sustained"]:
            sustained.append("optimal_penal_code")
        for key in ("nash_reversion", "minmax_forever", "minmax_1"):
            v, up = row[key].get("value"), row[key].get("upper")
            if (
                v is not None
                and float(game.discount) >= v
                and (up is None or float(game.discount) <= up)
            ):
                sustained.append(key)
        row["sustained_at_discount_by"] = sustained
        rows.append(row)
    return {
        "players": list(stage.players),
        "discount": float(game.discount),
        "minmax": {
            "pure": [m.to_dict(stage) for m in minmax_values(stage, "pure")],
            "mixed": [m.to_dict(stage) for m in minmax_values(stage, "mixed")],
        },
        "feasible_set": feasible_set(stage).to_dict(),
        "individually_rational_set": individually_rational_set(stage).to_dict(),
        "thresholds": rows,
        "spe_payoff_set": None if spe is None else spe.to_dict(),
    }


def _fmt(v: Any) -> str:
    return "never" if v is None else f"{v:.4g}"


def _print(report: dict[str, Any], console: Console) -> None:
    console.print(f"discount factor {report['discount']:.4g}")
    mm = Table(title="minmax values (what the others can hold each player to)")
    for col in ("player", "pure", "pure punishment", "mixed", "mixed kind"):
        mm.add_column(col)
    for p, m in zip(report["minmax"]["pure"], report["minmax"]["mixed"], strict=True):
        pun = "; ".join(f"{k}: {','.join(v)}" for k, v in p["punishment"].items())
        mm.add_row(p["player"], f"{p['value']:.4g}", pun, f"{m['value']:.4g}", m["kind"])
    console.print(mm)
    th = Table(title="critical discount factors (sustained at discount >= value)")
    for col in (
        "target",
        "payoffs",
        "Nash reversion",
        "per player",
        "minmax forever",
        "minmax 1 period",
        "sustained now by",
    ):
        th.add_column(col, overflow="fold")
    for row in report["thresholds"]:
        nr = row["nash_reversion"]
        per = ", ".join(f"{k} {_fmt(v)}" for k, v in nr.get("per_player", {}).items())
        th.add_row(
            ",".join(row["target"]),
            ", ".join(f"{x:.4g}" for x in row["payoffs"]),
            _fmt(nr.get("value"))
            + ("" if nr.get("upper") is None else f" (<= {nr['upper']:.4g})"),
            per,
            _fmt(row["minmax_forever"]["value"]),
            _fmt(row["minmax_1"]["value"]),
            ", ".join(row["sustained_at_discount_by"]) or "-",
        )
    console.print(th)
    spe = report["spe_payoff_set"]
    if spe is not None:
        verts = spe["vertices"]
        console.print(
            "subgame-perfect payoffs (pure actions, public randomisation): vertices "
            + (
                "(empty)"
                if not verts
                else "; ".join("(" + ", ".join(f"{x:.4g}" for x in v) + ")" for v in verts)
            )
        )
    ir = report["individually_rational_set"]["vertices"]
    console.print(
        "individually rational payoffs: vertices "
        + (
            "(empty)"
            if not ir
            else "; ".join("(" + ", ".join(f"{x:.4g}" for x in v) + ")" for v in ir)
        )
    )


def plot_payoff_sets(
    report: dict[str, Any], path: str | Path, targets: list[list[str]], title: str = ""
) -> None:
    """Draw a 2-player report's payoff sets: feasible, individually rational, subgame
    perfect, and the target profiles' payoffs.

    Raises
    ------
    MultivectorError
        When the game does not have 2 players or matplotlib is not installed.
    """
    if len(report["players"]) != 2:
        raise SolverError("--plot draws payoff sets of 2-player games only")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise SolverError(
            "--plot needs matplotlib, which is not installed; pip install matplotlib"
        ) from None
    fig, ax = plt.subplots(figsize=(7, 6))
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
    for row in report["thresholds"]:
        if row["target"] in targets:
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
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def repeated_command(
    target: Annotated[
        str | None,
        typer.Argument(
            help="A scenario or a game file (as for `multivector solve`).",
            show_default=False,
            metavar="SCENARIO|FILE",
        ),
    ] = None,
    discount: Annotated[
        str, typer.Option("--discount", "-d", metavar="D", help="Discount factor in [0, 1).")
    ] = "0.9",
    target_profile: Annotated[
        str | None,
        typer.Option(
            "--target",
            metavar="LABELS",
            help="One strategy per player, comma-separated (default: every pure profile).",
        ),
    ] = None,
    era: Annotated[
        str | None,
        typer.Option("--era", metavar="ERA", help="Calibration of a scenario (default: latest)."),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="Output: table or json.")
    ] = "table",
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            metavar="FILE.png",
            help="Draw the payoff sets (2 players): feasible, individually rational, "
            "subgame perfect, the target.",
        ),
    ] = None,
) -> None:
    """Repeated game: minmax values, critical discount factors, sustainable profiles."""
    with _errors():
        fmt = output_format.strip().lower()
        if fmt not in ("table", "json"):
            raise SolverError(f"--format {output_format!r} is not one of table, json")
        stage = load_target(target, era)
        game = RepeatedGame(stage, discount=discount)
        targets = _targets(stage, target_profile)
        report = repeated_report(game, targets)
        if plot is not None:
            shown = [
                [stage.strategies[i][k] for i, k in enumerate(a)]
                for a in (targets if target_profile else [])
            ]
            plot_payoff_sets(report, plot, shown, stage.title)
        if fmt == "json":
            typer.echo(json.dumps(report))
        else:
            _print(report, Console(highlight=False, width=200))


def add_repeated_commands(app: typer.Typer) -> None:
    """Register ``repeated`` on ``app``."""
    app.command("repeated")(repeated_command)
