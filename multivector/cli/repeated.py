"""The ``repeated``, ``simulate`` and ``tournament`` commands: minmax values, critical
discount factors and sustainable profiles of a game played again and again; play of
strategy automata with implementation noise; round-robin tournaments.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from multivector.cli.common import (
    Commands,
    EraOption,
    FormatOption,
    OutputFormat,
    TargetArgument,
    console,
    echo_json,
    load_game,
    parse_labels,
    parse_profile,
    save_figure,
)
from multivector.cli.render import number, print_fields, print_table, print_text

if TYPE_CHECKING:
    from multivector.games.normal_form import NormalFormGame

__all__ = ["MAX_ROUNDS_SHOWN", "commands", "repeated", "simulate", "tournament"]

#: ``simulate`` prints at most this many rounds in table form.
MAX_ROUNDS_SHOWN = 50

commands = Commands()


def _fmt(v: Any) -> str:
    return "never" if v is None else number(v, 4)


def _print(report: dict[str, Any], out: Console, zero: float) -> None:
    """Print a repeated-game report; payoffs within ``zero`` of zero show as 0."""

    def pay(v: Any) -> str:
        return number(v, 4, zero=zero)

    def vertices(points: list[list[float]]) -> str:
        if not points:
            return "(empty)"
        return "; ".join("(" + ", ".join(pay(x) for x in v) + ")" for v in points)

    print_text(out, f"discount factor {number(report['discount'], 4)}")
    rows = []
    for p, m in zip(report["minmax"]["pure"], report["minmax"]["mixed"], strict=True):
        pun = "; ".join(f"{k}: {','.join(v)}" for k, v in p["punishment"].items())
        rows.append([p["player"], pay(p["value"]), pun, pay(m["value"]), m["kind"]])
    print_table(
        out,
        ["player", "pure", "pure punishment", "mixed", "mixed kind"],
        rows,
        justify=["left", "right", "left", "right", "left"],
        title="minmax values (what the others can hold each player to)",
    )
    rows = []
    for row in report["thresholds"]:
        nr = row["nash_reversion"]
        per = ", ".join(f"{k} {_fmt(v)}" for k, v in nr.get("per_player", {}).items())
        rows.append(
            [
                ",".join(row["target"]),
                ", ".join(pay(x) for x in row["payoffs"]),
                _fmt(nr.get("value"))
                + ("" if nr.get("upper") is None else f" (<= {number(nr['upper'], 4)})"),
                per,
                _fmt(row["minmax_forever"]["value"]),
                _fmt(row["minmax_1"]["value"]),
                ", ".join(row["sustained_at_discount_by"]) or "-",
            ]
        )
    print_table(
        out,
        [
            "target",
            "payoffs",
            "Nash reversion",
            "per player",
            "minmax forever",
            "minmax 1 period",
            "sustained now by",
        ],
        rows,
        title="critical discount factors (sustained at discount >= value)",
    )
    spe = report["spe_payoff_set"]
    if spe is not None:
        print_text(
            out,
            "subgame-perfect payoffs (pure actions, public randomisation): vertices "
            + vertices(spe["vertices"]),
        )
    print_text(
        out,
        "individually rational payoffs: vertices "
        + vertices(report["individually_rational_set"]["vertices"]),
    )


@commands.command()
def repeated(
    target: TargetArgument = None,
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
    era: EraOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
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
    from multivector.games.repeated import RepeatedGame
    from multivector.solver.repeated.report import repeated_report

    stage = load_game(target, era)
    chosen = parse_profile(stage, target_profile, "--target")
    targets = None if chosen is None else [chosen]
    report = repeated_report(RepeatedGame(stage, discount=discount), targets)
    if plot is not None:
        from multivector.plot import payoff_sets

        save_figure(payoff_sets(report, targets=targets or (), title=stage.title), plot)
    if output_format is OutputFormat.JSON:
        echo_json(report)
    else:
        _print(report, console(), stage.default_tolerance())


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


def _profiles(
    stage: NormalFormGame, target: str | None, punishment: str | None
) -> dict[str, list[str] | None]:
    """The ``target`` and ``punishment`` profiles of grim and punish-K, as label lists."""
    return {
        "target": parse_profile(stage, target, "--target"),
        "punishment": parse_profile(stage, punishment, "--punishment"),
    }


@commands.command()
def simulate(
    target: TargetArgument = None,
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
    era: EraOption = None,
    profile: _ProfileOpt = None,
    punishment: _PunishOpt = None,
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Play strategy automata against each other, with implementation noise."""
    from multivector.solver.repeated.entrants import simulation_report

    stage = load_game(target, era)
    report = simulation_report(
        stage,
        parse_labels(strategies),
        rounds,
        noise,
        seed,
        **_profiles(stage, profile, punishment),
    )
    if output_format is OutputFormat.JSON:
        echo_json(report)
        return
    out = console()
    zero = stage.default_tolerance()
    print_fields(
        out,
        [
            f"{rounds} rounds",
            f"noise {noise:g}",
            "no seed" if seed is None else f"seed {seed}",
            *(
                f"{p} ({name}) mean {number(x, 4, zero=zero)}"
                for p, name, x in zip(
                    report["players"], report["strategies"], report["average"], strict=True
                )
            ),
        ],
        sep="; ",
    )
    players = report["players"]
    rows = [
        [str(t), *row, *(number(x, 4, zero=zero) for x in pay)]
        for t, (row, pay) in enumerate(zip(report["profiles"], report["payoffs"], strict=True), 1)
        if t <= MAX_ROUNDS_SHOWN
    ]
    print_table(
        out,
        ["round", *players, *(f"{p} payoff" for p in players)],
        rows,
        justify=["right", *["left"] * len(players), *["right"] * len(players)],
        title="play",
    )
    if rounds > MAX_ROUNDS_SHOWN:
        print_text(
            out, f"... {rounds - MAX_ROUNDS_SHOWN} more rounds (--format json lists them all)"
        )
    counts = sorted(report["profile_counts"].items(), key=lambda kv: -kv[1])
    print_table(
        out,
        ["profile", "rounds"],
        [[prof, str(c)] for prof, c in counts],
        justify=["left", "right"],
        title="how often each profile was played",
    )


@commands.command()
def tournament(
    target: TargetArgument = None,
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
    era: EraOption = None,
    profile: _ProfileOpt = None,
    punishment: _PunishOpt = None,
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Round-robin tournament of strategy automata (2 players)."""
    from multivector.solver.repeated.entrants import tournament_report

    stage = load_game(target, era)
    report = tournament_report(
        stage,
        None if strategies is None else parse_labels(strategies),
        rounds,
        noise,
        seed,
        repetitions,
        **_profiles(stage, profile, punishment),
    )
    if output_format is OutputFormat.JSON:
        echo_json(report)
        return
    out = console()
    zero = stage.default_tolerance()
    players, table = report["players"], report["table"]
    print_fields(
        out,
        [
            f"{rounds} rounds per match",
            f"noise {noise:g}",
            "no seed" if seed is None else f"seed {seed}",
            f"{repetitions} repetition(s)",
            f"row = {players[0]}",
            f"column = {players[1]}",
        ],
        sep=", ",
    )
    rows = [
        [
            row["entrant"],
            *(number(table[row["entrant"]][c], 4, zero=zero) for c in table),
            number(row["mean"], 4, zero=zero),
        ]
        for row in report["ranking"]
    ]
    print_table(
        out,
        ["entrant", *table, "mean"],
        rows,
        justify=["left", *["right"] * (len(table) + 1)],
        title=f"mean payoff of the row entrant as {players[0]}",
    )
    if report["skipped"]:
        print_text(out, f"skipped (do not fit this game): {', '.join(report['skipped'])}")
