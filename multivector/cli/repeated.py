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
    InputError,
    OutputFormat,
    TargetArgument,
    check_count,
    check_number,
    check_plot_path,
    check_seed,
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

__all__ = [
    "MAX_PUNISHMENT",
    "MAX_REPETITIONS",
    "MAX_ROUNDS",
    "MAX_ROUNDS_SHOWN",
    "MAX_TOURNAMENT_ROUNDS",
    "commands",
    "parse_discount",
    "parse_strategy_names",
    "repeated",
    "simulate",
    "tournament",
]

#: ``simulate`` prints at most this many rounds in table form.
MAX_ROUNDS_SHOWN = 50
#: Most rounds of one match (``--rounds``): ``simulate --format json`` lists every round
#: (100,000 rounds take about 1.5 s).
MAX_ROUNDS = 100_000
#: Most rounds of each match of a tournament: its matches are played side by side, one
#: array step per round (10,000 rounds take about 1 s).
MAX_TOURNAMENT_MATCH = 10_000
#: Most matches per pairing of a tournament (``--repetitions``).
MAX_REPETITIONS = 100_000
#: Most rounds a whole tournament plays (entrants squared x repetitions x rounds; 10^7
#: rounds take about 1.5 s).
MAX_TOURNAMENT_ROUNDS = 10_000_000
#: Longest punishment of ``punish-K``, in rounds.
MAX_PUNISHMENT = 1_000_000

commands = Commands()


def _fmt(v: Any) -> str:
    return "never" if v is None else number(v, 4)


def parse_discount(text: str) -> Any:
    """A ``--discount`` value: a number in ``[0, 1)`` written as a decimal or a fraction,
    kept exact; its digits and exponent are checked before it is converted.

    Examples
    --------
    >>> parse_discount("9/10"), parse_discount("0.95")
    (Fraction(9, 10), Fraction(19, 20))
    >>> parse_discount("1e-999999999")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.cli.common.InputError: --discount '1e-999999999': the exponent of ...
    """
    import sys
    from fractions import Fraction

    from multivector.files import NumberTextError, exact_number, shorten

    try:
        value = Fraction(exact_number(text))
    except NumberTextError as err:
        raise InputError(
            f"--discount {shorten(text, 40)!r}: {err}; give a number in [0, 1), e.g. 0.9"
        ) from None
    if not 0 <= value < 1:
        raise InputError(
            f"--discount {shorten(text, 40)} must be a number in [0, 1), e.g. --discount 0.9"
        )
    # the thresholds and payoff sets are computed in floating point too: a discount must
    # stay a normal float below 1 there
    if float(value) >= 1 or 0 < float(value) < sys.float_info.min:
        raise InputError(
            f"--discount {shorten(text, 40)} is too close to "
            f"{'1' if value > Fraction(1, 2) else '0'} to compute with in floating point; "
            "give a number between 1e-300 and 0.9999999999999999 (or 0)"
        )
    return value


def parse_strategy_names(text: str, option: str = "--strategies") -> list[str]:
    """The strategy names of ``simulate`` and ``tournament``, checked before any play:
    known names (or aliases), ``punish-K`` with K from 1 to :data:`MAX_PUNISHMENT`,
    ``always-X`` with some X.

    Examples
    --------
    >>> parse_strategy_names("tft, punish-2,always-D")
    ['tft', 'punish-2', 'always-D']
    >>> parse_strategy_names("punish-99999999999999999999")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.cli.common.InputError: --strategies: 'punish-99999999999999999999': K must be ...
    """
    import re

    from multivector.files import shorten
    from multivector.solver.repeated.entrants import ALIASES, STRATEGY_NAMES

    fixed = {n for n in STRATEGY_NAMES if not n.endswith(("-K", "-X"))} | set(ALIASES)
    names = parse_labels(text)
    for name in names:
        low = name.lower()
        shown = shorten(name, 40)
        if low in fixed:
            continue
        if low.startswith("punish-"):
            k = low.removeprefix("punish-")
            if not re.fullmatch(r"\d{1,7}", k) or not 1 <= int(k) <= MAX_PUNISHMENT:
                raise InputError(
                    f"{option}: {shown!r}: K must be a whole number of rounds from 1 to "
                    f"{MAX_PUNISHMENT:,}, e.g. punish-2"
                )
            continue
        if low.startswith("always-") and len(name) > len("always-"):
            continue
        raise InputError(
            f"{option}: unknown strategy {shown!r}; choose from {', '.join(STRATEGY_NAMES)} "
            "(aliases tft, gtft, wsls), e.g. tft,grim"
        )
    return names


def _check_discount(value: str | None) -> str | None:
    if value is not None:
        parse_discount(value)
    return value


def _check_strategies(value: str | None) -> str | None:
    if value is not None:
        parse_strategy_names(value)
    return value


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
        # the pure value is a min of maxes of the payoffs (exact); the mixed one an LP's,
        # within the tolerance of 0 shown as 0
        rows.append([p["player"], number(p["value"], 4), pun, pay(m["value"]), m["kind"]])
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
                # the stage game's own payoffs: data, shown as given, not snapped to 0
                ", ".join(number(x, 4) for x in row["payoffs"]),
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
        for note in spe["notes"]:
            print_text(out, f"note: the subgame-perfect payoff set {note}", style="dim")
    print_text(
        out,
        "individually rational payoffs: vertices "
        + vertices(report["individually_rational_set"]["vertices"]),
    )


@commands.command()
def repeated(
    target: TargetArgument = None,
    discount: Annotated[
        str,
        typer.Option(
            "--discount",
            "-d",
            metavar="D",
            help="Discount factor in [0, 1), a decimal or a fraction.",
            callback=_check_discount,
        ),
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
            callback=check_plot_path,
        ),
    ] = None,
) -> None:
    """Repeated game: minmax values, critical discount factors, sustainable profiles."""
    from multivector.games.repeated import RepeatedGame
    from multivector.solver.repeated.report import repeated_report

    stage = load_game(target, era)
    chosen = parse_profile(stage, target_profile, "--target")
    targets = None if chosen is None else [chosen]
    report = repeated_report(RepeatedGame(stage, discount=parse_discount(discount)), targets)
    if plot is not None:
        from multivector.plot import payoff_sets

        save_figure(payoff_sets(report, targets=targets or (), title=stage.title), plot)
    if output_format is OutputFormat.JSON:
        echo_json(report)
    else:
        _print(report, console(), stage.default_tolerance())


_RoundsOpt = Annotated[
    int,
    typer.Option(
        "--rounds",
        "-n",
        metavar="N",
        help="Rounds per match.",
        callback=check_count("--rounds", 1, MAX_ROUNDS, example=200),
    ),
]
_NoiseOpt = Annotated[
    float,
    typer.Option(
        "--noise",
        metavar="P",
        help="Probability that a player's action is replaced by another (implementation error).",
        callback=check_number("--noise", 0, 1, example="0.05"),
    ),
]
_SeedOpt = Annotated[
    int | None,
    typer.Option(
        "--seed", metavar="S", help="Random seed (reproducible play).", callback=check_seed
    ),
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
            callback=_check_strategies,
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
        parse_strategy_names(strategies),
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
            callback=_check_strategies,
        ),
    ] = None,
    rounds: _RoundsOpt = 200,
    noise: _NoiseOpt = 0.0,
    seed: _SeedOpt = None,
    repetitions: Annotated[
        int,
        typer.Option(
            "--repetitions",
            "-r",
            metavar="R",
            help="Matches per pairing.",
            callback=check_count("--repetitions", 1, MAX_REPETITIONS, example=5),
        ),
    ] = 1,
    era: EraOption = None,
    profile: _ProfileOpt = None,
    punishment: _PunishOpt = None,
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Round-robin tournament of strategy automata (2 players)."""
    from multivector.solver.repeated.entrants import tournament_report

    names = None if strategies is None else parse_strategy_names(strategies)
    entrants = len(names) if names is not None else 6
    if rounds > MAX_TOURNAMENT_MATCH:
        raise InputError(
            f"--rounds {rounds:,} is more than a tournament's limit of {MAX_TOURNAMENT_MATCH:,} "
            "rounds per match; play one long match with `multivector simulate`, or lower --rounds"
        )
    total = entrants**2 * repetitions * rounds
    if total > MAX_TOURNAMENT_ROUNDS:
        raise InputError(
            f"the tournament would play {total:,} rounds ({entrants} entrants squared x "
            f"{repetitions:,} repetitions x {rounds:,} rounds), more than the limit of "
            f"{MAX_TOURNAMENT_ROUNDS:,}; lower --rounds or --repetitions, or name fewer "
            "--strategies"
        )
    stage = load_game(target, era)
    report = tournament_report(
        stage,
        names,
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
