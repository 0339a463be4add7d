"""The ``repeated``, ``simulate`` and ``tournament`` commands: minmax values, critical
discount factors and sustainable profiles of a game played again and again; play of
strategy automata with implementation noise; round-robin tournaments.

:func:`add_repeated_commands` registers them on the main app.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
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

__all__ = [
    "STRATEGY_NAMES",
    "add_repeated_commands",
    "make_entrant",
    "plot_payoff_sets",
    "repeated_command",
    "repeated_report",
    "simulate_command",
    "tournament_command",
]

#: Above this many pure profiles, thresholds are shown only for --target.
MAX_PROFILES_SHOWN = 64

#: ``simulate`` prints at most this many rounds in table form.
MAX_ROUNDS_SHOWN = 50


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


# ---------------------------------------------------------------- simulate, tournament
#: Strategy names the ``simulate`` and ``tournament`` commands understand.
STRATEGY_NAMES = (
    "grim",
    "punish-K",
    "tit-for-tat",
    "generous-tit-for-tat",
    "win-stay-lose-shift",
    "always-X",
)

_ALIASES = {
    "tft": "tit-for-tat",
    "gtft": "generous-tit-for-tat",
    "wsls": "win-stay-lose-shift",
    "pavlov": "win-stay-lose-shift",
    "grim-trigger": "grim",
}

#: Entrants of a tournament when --strategies is not given (those that fit the game).
DEFAULT_ENTRANTS = (
    "tit-for-tat",
    "generous-tit-for-tat",
    "win-stay-lose-shift",
    "grim",
    "always-1",
    "always-2",
)

Entrant = Callable[[NormalFormGame, int], Any]


def _profile_labels(stage: NormalFormGame, text: str, option: str) -> tuple[str, ...]:
    labels = tuple(x.strip() for x in text.split(","))
    if len(labels) != stage.num_players:
        raise SolverError(
            f"{option} {text!r} gives {len(labels)} strategies for {stage.num_players} "
            f"players; write one label per player, e.g. {','.join(s[0] for s in stage.strategies)}"
        )
    for i, lab in enumerate(labels):
        stage.strategy_index(i, lab)
    return labels


def make_entrant(
    stage: NormalFormGame,
    spec: str,
    target: tuple[str, ...] | None = None,
    punishment: tuple[str, ...] | None = None,
) -> Entrant:
    """A strategy name turned into ``(game, player) -> Automaton``.

    Names: ``grim`` (grim trigger: ``target`` until a deviation, then ``punishment``
    forever), ``punish-K`` (``punishment`` for K periods, then back to ``target``),
    ``tit-for-tat``, ``generous-tit-for-tat``, ``win-stay-lose-shift`` (each player's first
    strategy is "nice", its second "nasty"), ``always-X`` (X a strategy label or a 1-based
    position). ``target`` defaults to every player's first strategy, ``punishment`` to
    the pure stage equilibrium with the lowest grim-trigger threshold for ``target``.

    Raises
    ------
    SolverError
        For an unknown name, or a punishment that cannot be chosen.
    """
    from multivector.solver.repeated import (
        from_table,
        generous_tit_for_tat,
        grim_trigger,
        grim_trigger_threshold,
        k_period_punishment,
        tit_for_tat,
        win_stay_lose_shift,
    )

    name = _ALIASES.get(spec.strip().lower(), spec.strip().lower())
    tgt = target or tuple(s[0] for s in stage.strategies)
    if name == "grim" or name.startswith("punish-"):
        pun = punishment
        if pun is None:
            pun = grim_trigger_threshold(stage, tgt).reversion
            assert pun is not None
        chosen: tuple[str, ...] = pun
        if name == "grim":
            return lambda g, i: grim_trigger(g, i, tgt, chosen)
        try:
            k = int(name.removeprefix("punish-"))
        except ValueError:
            raise SolverError(
                f"strategy {spec!r}: write punish-K with K a number of periods, e.g. punish-2"
            ) from None
        return lambda g, i: k_period_punishment(g, i, tgt, chosen, k)
    if name == "tit-for-tat":
        return tit_for_tat
    if name == "generous-tit-for-tat":
        return generous_tit_for_tat
    if name == "win-stay-lose-shift":
        return win_stay_lose_shift
    if name.startswith("always-"):
        what = spec.strip()[len("always-") :]

        def always(g: NormalFormGame, i: int) -> Any:
            labels = g.strategies[i]
            if what in labels:
                act = what
            elif what.isdigit() and 1 <= int(what) <= len(labels):
                act = labels[int(what) - 1]
            else:
                raise SolverError(
                    f"strategy {spec!r}: {what!r} is not a strategy of {g.players[i]} "
                    f"({', '.join(labels)}) nor a position 1..{len(labels)}"
                )
            return from_table(g, i, {act: act}, {}, name=f"always-{act}")

        return always
    raise SolverError(
        f"unknown strategy {spec!r}; choose from {', '.join(STRATEGY_NAMES)} "
        "(aliases tft, gtft, wsls)"
    )


def _common(
    target: str | None, era: str | None, output_format: str, noise: float, rounds: int
) -> tuple[NormalFormGame, str]:
    fmt = output_format.strip().lower()
    if fmt not in ("table", "json"):
        raise SolverError(f"--format {output_format!r} is not one of table, json")
    if not 0 <= noise <= 1:
        raise SolverError(f"--noise {noise} must be a probability in [0, 1]")
    if rounds < 1:
        raise SolverError(f"--rounds {rounds} must be a positive number of rounds")
    return load_target(target, era), fmt


_TargetArg = Annotated[
    str | None,
    typer.Argument(
        help="A scenario or a game file (as for `multivector solve`).",
        show_default=False,
        metavar="SCENARIO|FILE",
    ),
]
_RoundsOpt = Annotated[int, typer.Option("--rounds", "-n", metavar="N", help="Rounds per match.")]
_NoiseOpt = Annotated[
    float,
    typer.Option(
        "--noise",
        metavar="P",
        help="Probability that a player's action is replaced by another (implementation error).",
    ),
]
_SeedOpt = Annotated[
    int | None, typer.Option("--seed", metavar="S", help="Random seed (reproducible play).")
]
_EraOpt = Annotated[
    str | None,
    typer.Option("--era", metavar="ERA", help="Calibration of a scenario (default: latest)."),
]
_FormatOpt = Annotated[
    str, typer.Option("--format", "-f", metavar="FORMAT", help="Output: table or json.")
]
_ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--target",
        metavar="LABELS",
        help="Profile grim/punish-K sustain (default: every player's first strategy).",
    ),
]
_PunishOpt = Annotated[
    str | None,
    typer.Option(
        "--punishment",
        metavar="LABELS",
        help="Profile grim/punish-K play after a deviation (default: a stage equilibrium).",
    ),
]


def simulate_command(
    target: _TargetArg = None,
    strategies: Annotated[
        str,
        typer.Option(
            "--strategies",
            "-s",
            metavar="A,B,...",
            help="One strategy per player: grim, punish-K, tit-for-tat (tft), "
            "generous-tit-for-tat (gtft), win-stay-lose-shift (wsls), always-X.",
        ),
    ] = "tit-for-tat,tit-for-tat",
    rounds: _RoundsOpt = 20,
    noise: _NoiseOpt = 0.0,
    seed: _SeedOpt = None,
    era: _EraOpt = None,
    profile: _ProfileOpt = None,
    punishment: _PunishOpt = None,
    output_format: _FormatOpt = "table",
) -> None:
    """Play strategy automata against each other, with implementation noise."""
    from multivector.solver.repeated import simulate

    with _errors():
        stage, fmt = _common(target, era, output_format, noise, rounds)
        tgt = None if profile is None else _profile_labels(stage, profile, "--target")
        pun = None if punishment is None else _profile_labels(stage, punishment, "--punishment")
        specs = [x.strip() for x in strategies.split(",")]
        if len(specs) != stage.num_players:
            raise SolverError(
                f"--strategies {strategies!r} gives {len(specs)} strategies for "
                f"{stage.num_players} players; give one per player, e.g. tft,grim"
            )
        automata = [make_entrant(stage, s, tgt, pun)(stage, i) for i, s in enumerate(specs)]
        sim = simulate(stage, automata, rounds, noise, seed)
        labels = [[stage.strategies[i][int(k)] for i, k in enumerate(row)] for row in sim.profiles]
        counts: dict[str, int] = {}
        for row in labels:
            counts[",".join(row)] = counts.get(",".join(row), 0) + 1
        report = {
            "players": list(stage.players),
            "strategies": [m.name for m in automata],
            "rounds": rounds,
            "noise": noise,
            "seed": seed,
            "average": [float(x) for x in sim.average],
            "profile_counts": counts,
            "profiles": labels,
            "payoffs": sim.payoffs.tolist(),
        }
        if fmt == "json":
            typer.echo(json.dumps(report))
            return
        console = Console(highlight=False, width=200)
        console.print(
            f"{rounds} rounds, noise {noise:g}, seed {seed}: "
            + "; ".join(
                f"{p} ({m.name}) mean {x:.4g}"
                for p, m, x in zip(stage.players, automata, sim.average, strict=True)
            )
        )
        table = Table(title="play")
        table.add_column("round")
        for p in stage.players:
            table.add_column(p)
        for p in stage.players:
            table.add_column(f"{p} payoff")
        for t, (row, pay) in enumerate(zip(labels, sim.payoffs, strict=True), start=1):
            if t > MAX_ROUNDS_SHOWN:
                break
            table.add_row(str(t), *row, *(f"{x:.4g}" for x in pay))
        console.print(table)
        if rounds > MAX_ROUNDS_SHOWN:
            console.print(
                f"... {rounds - MAX_ROUNDS_SHOWN} more rounds (--format json lists them all)"
            )
        freq = Table(title="how often each profile was played")
        freq.add_column("profile")
        freq.add_column("rounds")
        for prof, c in sorted(counts.items(), key=lambda kv: -kv[1]):
            freq.add_row(prof, str(c))
        console.print(freq)


def tournament_command(
    target: _TargetArg = None,
    strategies: Annotated[
        str | None,
        typer.Option(
            "--strategies",
            "-s",
            metavar="A,B,...",
            help="Entrants (default: tit-for-tat, generous-tit-for-tat, win-stay-lose-shift, "
            "grim, always-1, always-2, those that fit the game).",
        ),
    ] = None,
    rounds: _RoundsOpt = 200,
    noise: _NoiseOpt = 0.0,
    seed: _SeedOpt = None,
    repetitions: Annotated[
        int, typer.Option("--repetitions", "-r", metavar="R", help="Matches per pairing.")
    ] = 1,
    era: _EraOpt = None,
    profile: _ProfileOpt = None,
    punishment: _PunishOpt = None,
    output_format: _FormatOpt = "table",
) -> None:
    """Round-robin tournament of strategy automata (2 players)."""
    from multivector.solver.repeated import tournament

    with _errors():
        stage, fmt = _common(target, era, output_format, noise, rounds)
        if stage.num_players != 2:
            raise SolverError(
                f"tournaments are for 2-player games; this game has {stage.num_players}"
            )
        if repetitions < 1:
            raise SolverError(f"--repetitions {repetitions} must be at least 1")
        tgt = None if profile is None else _profile_labels(stage, profile, "--target")
        pun = None if punishment is None else _profile_labels(stage, punishment, "--punishment")
        given = strategies is not None
        specs = [x.strip() for x in strategies.split(",")] if strategies else DEFAULT_ENTRANTS
        entrants: dict[str, Entrant] = {}
        skipped: list[str] = []
        for spec in specs:
            try:
                make = make_entrant(stage, spec, tgt, pun)
                for i in (0, 1):
                    make(stage, i)
            except SolverError:
                if given:
                    raise
                skipped.append(spec)
                continue
            entrants[spec] = make
        table = tournament(stage, entrants, rounds, noise, seed, repetitions)
        ranking = sorted(
            ((r, sum(row.values()) / len(row)) for r, row in table.items()),
            key=lambda kv: -kv[1],
        )
        report = {
            "players": list(stage.players),
            "rounds": rounds,
            "noise": noise,
            "seed": seed,
            "repetitions": repetitions,
            "table": table,
            "ranking": [{"entrant": r, "mean": m} for r, m in ranking],
            "skipped": skipped,
        }
        if fmt == "json":
            typer.echo(json.dumps(report))
            return
        console = Console(highlight=False, width=200)
        console.print(
            f"{rounds} rounds per match, noise {noise:g}, seed {seed}, {repetitions} "
            f"repetition(s); row = {stage.players[0]}, column = {stage.players[1]}"
        )
        out = Table(title=f"mean payoff of the row entrant as {stage.players[0]}")
        out.add_column("entrant")
        for c in table:
            out.add_column(c)
        out.add_column("mean")
        for r, m in ranking:
            out.add_row(r, *(f"{table[r][c]:.4g}" for c in table), f"{m:.4g}")
        console.print(out)
        if skipped:
            console.print(f"skipped (do not fit this game): {', '.join(skipped)}")


def add_repeated_commands(app: typer.Typer) -> None:
    """Register ``repeated``, ``simulate`` and ``tournament`` on ``app``."""
    app.command("repeated")(repeated_command)
    app.command("simulate")(simulate_command)
    app.command("tournament")(tournament_command)
