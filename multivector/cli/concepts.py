"""Command-line subcommands for the solution concepts beyond Nash equilibrium.

``multivector correlated``, ``dominance``, ``security``, ``stackelberg``, ``qre``,
``selection``, ``dynamics`` and ``ess``: each reads a game FILE as ``solve`` does (the
same loader and error handling), calls the library and prints a table or, with
``--format json``, one JSON object. :func:`add_concept_commands` registers them on the app.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from multivector.cli import render
from multivector.cli.common import (
    Commands,
    FormatOption,
    InputError,
    OutputFormat,
    PlotOption,
    TargetArgument,
    check_choice,
    check_count,
    check_number,
    check_seed,
    console,
    echo_json,
    load_game,
    save_figure,
)
from multivector.cli.render import (
    PROBABILITY_DIGITS,
    number,
    print_fields,
    print_table,
    print_text,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from multivector.games.normal_form import NormalFormGame

__all__ = [
    "commands",
    "correlated",
    "dominance",
    "dynamics",
    "ess",
    "qre",
    "security",
    "selection",
    "stackelberg",
]

commands = Commands()

#: Most rounds of fictitious play (or steps of the replicator dynamic) ``--steps`` takes.
MAX_STEPS = 10_000_000
#: Most points of the branch ``qre --points`` shows.
MAX_POINTS = 100_000
#: Largest count of one strategy in the observed choices of ``qre --fit`` (the likelihood
#: is a sum of count times log-probability, which must stay finite).
MAX_COUNT = 1e12


def _emit_json(game: NormalFormGame, body: dict[str, Any]) -> None:
    echo_json({"game": render.game_header(game), **body})


def _mix(labels: Sequence[str], x: NDArray[np.float64]) -> str:
    """A strategy over its support: the label when pure, else one 'label p' a line."""
    import numpy as np

    support = np.flatnonzero(x > 1e-9)
    if len(support) == 1:
        return labels[int(support[0])]
    return "\n".join(f"{labels[int(k)]} {number(x[k], PROBABILITY_DIGITS)}" for k in support)


def _header(out: Console, game: NormalFormGame, *what: str) -> None:
    if game.title:
        print_text(out, game.title, style="bold")
    dims = "x".join(str(s) for s in game.shape)
    print_fields(out, [f"{game.num_players}-player {dims} game", *what])


def _notes(out: Console, notes: Sequence[str]) -> None:
    render.print_notes(out, notes)


# ---------------------------------------------------------------------- correlated
@commands.command()
def correlated(
    target: TargetArgument = None,
    objective: Annotated[
        str,
        typer.Option(
            "--objective",
            metavar="OBJ",
            help="welfare, max-payoff, min-payoff (with --player) or entropy.",
        ),
    ] = "welfare",
    player: Annotated[
        str | None,
        typer.Option("--player", metavar="NAME", help="The player of max-/min-payoff."),
    ] = None,
    coarse: Annotated[
        bool, typer.Option("--coarse", help="A coarse correlated equilibrium instead.")
    ] = False,
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """An optimal correlated (or coarse correlated) equilibrium, by linear programming."""
    from multivector.solver.correlated import OBJECTIVES, correlated_equilibrium

    objective = check_choice("--objective", objective, OBJECTIVES)
    game = load_game(target)
    ce = correlated_equilibrium(game, objective, player=player, coarse=coarse)
    if output_format is OutputFormat.JSON:
        _emit_json(game, ce.to_dict())
        return
    out = console()
    kind = "coarse correlated" if coarse else "correlated"
    who = f" of {ce.player}" if ce.player else ""
    _header(out, game, f"{kind} equilibrium", f"objective: {objective}{who}")
    zero = game.default_tolerance()
    rows = [[*labels, number(prob)] for labels, prob in ce.support(1e-9)]
    print_table(
        out,
        [*game.players, "probability"],
        rows,
        justify=["left"] * game.num_players + ["right"],
    )
    pay = ", ".join(
        f"{p} {number(v, zero=zero)}" for p, v in zip(game.players, ce.payoffs, strict=True)
    )
    print_fields(out, [f"expected payoffs: {pay}", f"welfare {number(ce.welfare, zero=zero)}"])
    print_text(out, f"largest deviation gain: {number(ce.violation, 2, zero=zero)}")
    _notes(out, ce.notes)


# ---------------------------------------------------------------------- dominance
@commands.command()
def dominance(
    target: TargetArgument = None,
    weak: Annotated[
        bool,
        typer.Option("--weak", help="Also remove weakly dominated strategies (order matters)."),
    ] = False,
    pure_only: Annotated[
        bool, typer.Option("--pure-only", help="Only pure dominators (no mixtures).")
    ] = False,
    sequential: Annotated[
        bool,
        typer.Option("--sequential", help="Remove one strategy per round instead of all."),
    ] = False,
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Iterated elimination of dominated strategies: the record and what survives."""
    from multivector.solver.dominance import iterated_elimination

    game = load_game(target)
    result = iterated_elimination(
        game, mixed=not pure_only, weak=weak, simultaneous=not sequential
    )
    if output_format is OutputFormat.JSON:
        _emit_json(game, result.to_dict())
        return
    out = console()
    kind = "weakly" if weak else "strictly"
    by = "pure strategies" if pure_only else "pure or mixed strategies"
    _header(out, game, f"iterated elimination of {kind} dominated strategies by {by}")
    if result.eliminations:
        rows = []
        zero = game.default_tolerance()
        for e in result.eliminations:
            dom = "\n".join(
                lab if p == 1.0 else f"{lab} {number(p, PROBABILITY_DIGITS)}"
                for lab, p in e.dominator.items()
            )
            rows.append(
                [
                    str(e.round),
                    e.player,
                    e.strategy + (" (weakly)" if e.weak else ""),
                    dom,
                    number(e.margin, zero=zero),
                ]
            )
        print_table(
            out,
            ["round", "player", "removed", "dominated by", "margin"],
            rows,
            justify=["right", "left", "left", "left", "right"],
            whole=[3],
        )
    else:
        print_text(out, "No strategy is dominated.")
    for p, labels in zip(result.game.players, result.game.strategies, strict=True):
        print_text(out, f"{p} keeps: {', '.join(labels)}")
    _notes(out, result.notes)


# ---------------------------------------------------------------------- security
@commands.command()
def security(
    target: TargetArgument = None, output_format: FormatOption = OutputFormat.TABLE
) -> None:
    """Each player's maxmin strategy and value, and the minmax value the others impose."""
    from multivector.solver.security import security_levels

    game = load_game(target)
    levels = security_levels(game)
    if output_format is OutputFormat.JSON:
        _emit_json(game, {"security": [s.to_dict() for s in levels]})
        return
    out = console()
    _header(out, game, "security levels")
    zero = game.default_tolerance()
    rows = []
    for s in levels:
        punish = "\n".join(
            f"{o}: {_mix(lab, x)}".replace("\n", ", ")
            for o, lab, x in zip(s.others, s.other_labels, s.punishment, strict=True)
        )
        rows.append(
            [
                s.player,
                number(s.maxmin_value, zero=zero),
                _mix(s.labels, s.maxmin_strategy),
                number(s.pure_maxmin_value, zero=zero),
                s.pure_maxmin_strategy,
                f"{number(s.minmax_value, zero=zero)} ({s.minmax_kind})",
                punish,
            ]
        )
    header = [
        "player",
        "maxmin",
        "maxmin strategy",
        "pure maxmin",
        "pure strategy",
        "minmax",
        "punished by",
    ]
    print_table(
        out,
        header,
        rows,
        justify=["left", "right", "left", "right", "left", "right", "left"],
        whole=[2, 6],
    )
    _notes(out, sorted({n for s in levels for n in s.notes}))


# ---------------------------------------------------------------------- stackelberg
@commands.command()
def stackelberg(
    target: TargetArgument = None,
    leader: Annotated[
        str, typer.Option("--leader", metavar="NAME", help="The player who commits first.")
    ] = "",
    commitment: Annotated[
        str, typer.Option("--commitment", metavar="KIND", help="mixed (2 players) or pure.")
    ] = "mixed",
    tie_breaking: Annotated[
        str,
        typer.Option("--tie-breaking", metavar="RULE", help="strong (leader-favourable) or weak."),
    ] = "strong",
    output_format: FormatOption = OutputFormat.TABLE,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Run a mixed commitment even when its linear programs are past the budget "
            "(refused otherwise).",
        ),
    ] = False,
) -> None:
    """The leader's optimal commitment, with the followers best responding."""
    from multivector.solver.stackelberg import COMMITMENTS, TIE_BREAKING
    from multivector.solver.stackelberg import stackelberg as solve_stackelberg

    if not leader:
        raise InputError("--leader NAME is required: the player who commits first")
    commitment = check_choice("--commitment", commitment, COMMITMENTS)
    tie_breaking = check_choice("--tie-breaking", tie_breaking, TIE_BREAKING)
    game = load_game(target)
    se = solve_stackelberg(
        game, leader, commitment=commitment, tie_breaking=tie_breaking, force=force
    )
    if output_format is OutputFormat.JSON:
        _emit_json(game, se.to_dict())
        return
    out = console()
    _header(
        out,
        game,
        f"Stackelberg: {se.leader} commits ({commitment}, {tie_breaking} tie-breaking)",
    )
    zero = game.default_tolerance()
    rows = [
        [p, "leader" if p == se.leader else "follower", _mix(labels, x), number(v, zero=zero)]
        for p, labels, x, v in zip(
            game.players, game.strategies, se.profile, se.payoffs, strict=True
        )
    ]
    print_table(
        out,
        ["player", "role", "strategy", "payoff"],
        rows,
        justify=["left", "left", "left", "right"],
        whole=[2],
    )
    print_text(out, f"method: {se.method}")
    _notes(out, [se.follower_rule, *se.notes])


# ---------------------------------------------------------------------- qre
def _read_counts(path: Path, game: NormalFormGame) -> list[list[float]]:
    """The observed choices of ``qre --fit``, checked against the game: a JSON object
    ``{"player": {"strategy": count, ...} or [count, ...], ...}`` with a finite count >= 0
    for strategies of the game; strategies left out count 0."""
    from multivector.files import read_text, shorten
    from multivector.games.formats.json_format import parse_json

    name = str(path)
    example = '{"player": {"strategy": count, ...}, ...}'
    data = parse_json(read_text(path, expected="a JSON file of observed choices"), source=name)
    if not isinstance(data, dict):
        raise InputError(f"{name}: observed choices must be a JSON object {example}")
    unknown = [p for p in data if p not in game.players]
    if unknown:
        raise InputError(
            f"{name}: {shorten(unknown[0], 40)!r} is not a player of the game; the players "
            f"are {', '.join(game.players)}"
        )
    out: list[list[float]] = []
    for i, player in enumerate(game.players):
        row = data.get(player, {})
        counts = [0.0] * game.shape[i]
        if isinstance(row, dict):
            items = list(row.items())
        elif isinstance(row, list):
            if len(row) != game.shape[i]:
                raise InputError(
                    f"{name}: {player}: {len(row)} counts for {game.shape[i]} strategies; "
                    f"give one per strategy, or an object {{strategy: count}}"
                )
            items = list(zip(game.strategies[i], row, strict=True))
        else:
            raise InputError(
                f"{name}: {player}: must be an object {{strategy: count}} or a list of counts"
            )
        for label, value in items:
            if label not in game.strategies[i]:
                raise InputError(
                    f"{name}: {player}: {shorten(str(label), 40)!r} is not a strategy of "
                    f"{player}; its strategies are {', '.join(game.strategies[i])}"
                )
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not 0 <= value <= MAX_COUNT  # (NaN fails too; an int is not converted)
            ):
                raise InputError(
                    f"{name}: {player}.{shorten(label, 40)}: "
                    f"{shorten(json.dumps(value), 40)} is not a count; give a number from 0 "
                    f"to {MAX_COUNT:g}"
                )
            counts[game.strategy_index(i, label)] = float(value)
        out.append(counts)
    if not any(c > 0 for row in out for c in row):
        raise InputError(f"{name}: every count is zero; give the observed choices")
    return out


@commands.command()
def qre(
    target: TargetArgument = None,
    lambda_max: Annotated[
        float,
        typer.Option(
            "--lambda-max",
            metavar="L",
            help="Trace the branch up to this lambda.",
            callback=check_number("--lambda-max", 0, 1e300, low_open=True, example="1e6"),
        ),
    ] = 1e6,
    points: Annotated[
        int,
        typer.Option(
            "--points",
            metavar="N",
            help="Points shown (evenly spaced).",
            callback=check_count("--points", 2, MAX_POINTS, example=12),
        ),
    ] = 12,
    plot: PlotOption = None,
    fit: Annotated[
        Path | None,
        typer.Option(
            "--fit",
            metavar="COUNTS.json",
            help='Fit lambda to observed choices: {"player": {"strategy": count}}.',
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """The logit quantal response equilibrium branch, its Nash limit, and a lambda fit."""
    from multivector.solver.qre import fit_lambda, logit_branch

    game = load_game(target)
    counts = _read_counts(fit, game) if fit is not None else None
    branch = logit_branch(game, lambda_max=lambda_max)
    fitted = None
    if counts is not None:
        fitted = fit_lambda(game, counts, lambda_max=min(lambda_max, 1e4), branch=branch)
    if plot is not None:
        from multivector.plot import qre_branch

        save_figure(qre_branch(branch), plot)
    if output_format is OutputFormat.JSON:
        body = branch.to_dict(max_points=points)
        body["fit"] = None if fitted is None else fitted.to_dict()
        _emit_json(game, body)
        return
    out = console()
    _header(out, game, "logit quantal response equilibrium, principal branch")
    d = branch.to_dict(max_points=points)
    rows = [
        [
            number(pt["lambda"], 4),
            *(
                "\n".join(
                    f"{k} {number(v, PROBABILITY_DIGITS)}" for k, v in pt["strategies"][p].items()
                )
                for p in game.players
            ),
        ]
        for pt in d["points"]
    ]
    print_table(
        out,
        ["lambda", *game.players],
        rows,
        justify=["right", *["left"] * game.num_players],
        whole=range(1, game.num_players + 1),
    )
    if branch.limit is not None:
        lim = branch.limit
        text = "; ".join(
            f"{p}: {_mix(labels, x)}".replace("\n", ", ")
            for p, labels, x in zip(game.players, game.strategies, lim.profile, strict=True)
        )
        regret = number(lim.regret, 2, zero=game.default_tolerance())
        print_text(out, f"limit (Nash equilibrium, regret {regret}): {text}")
    if fitted is not None:
        print_text(
            out,
            f"maximum-likelihood lambda: {number(fitted.lam)} "
            f"(log-likelihood {number(fitted.log_likelihood)})",
        )
        _notes(out, fitted.notes)
    if plot is not None:
        print_text(out, f"plot written to {plot}")
    _notes(out, branch.notes)


# ---------------------------------------------------------------------- selection
@commands.command()
def selection(
    target: TargetArgument = None, output_format: FormatOption = OutputFormat.TABLE
) -> None:
    """Payoff and risk dominance among the pure Nash equilibria."""
    from multivector.solver import Solution
    from multivector.solver.selection import select_equilibrium

    game = load_game(target)
    result = select_equilibrium(game)
    if output_format is OutputFormat.JSON:
        _emit_json(game, result.to_dict())
        return
    out = console()
    pure = Solution(game, result.equilibria, method="pure", complete=True)
    render.solution_table(pure, out)

    def name(k: int | None) -> str:
        if k is None:
            return "none"
        return f"#{k + 1} (" + ", ".join(result.label(k).values()) + ")"

    print_text(out, f"payoff dominant: {name(result.payoff_dominant)}")
    print_text(out, f"risk dominant: {name(result.risk_dominant)}")
    _notes(out, [result.rule, *result.notes])


# ---------------------------------------------------------------------- dynamics
_RULES = ("fictitious-play", "replicator")


@commands.command()
def dynamics(
    target: TargetArgument = None,
    rule: Annotated[
        str, typer.Option("--rule", metavar="RULE", help="fictitious-play or replicator.")
    ] = "fictitious-play",
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed (start, ties).", callback=check_seed)
    ] = 0,
    steps: Annotated[
        int,
        typer.Option(
            "--steps",
            metavar="N",
            help="Rounds (fictitious play) or RK4 steps (replicator).",
            callback=check_count("--steps", 1, MAX_STEPS, example=100_000),
        ),
    ] = 100_000,
    tol: Annotated[
        float,
        typer.Option(
            "--tol",
            metavar="T",
            help="Stop at regret <= T (fictitious play) or speed < T.",
            callback=check_number("--tol", 0, math.inf, low_open=True, example="1e-3"),
        ),
    ] = 1e-3,
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Run fictitious play or the replicator dynamic and report where it ends."""
    from multivector.solver.dynamics import fictitious_play, replicator_dynamics

    rule = check_choice("--rule", rule, _RULES)
    game = load_game(target)
    if rule == "fictitious-play":
        result = fictitious_play(game, iterations=steps, tol=tol, seed=seed)
    else:
        result = replicator_dynamics(game, t_max=steps * 0.01, tol=tol, seed=seed)
    if output_format is OutputFormat.JSON:
        _emit_json(game, result.to_dict())
        return
    out = console()
    _header(out, game, rule, f"seed {seed}")
    rows = [
        [p, _mix(labels, x)]
        for p, labels, x in zip(game.players, game.strategies, result.profile, strict=True)
    ]
    print_table(out, ["player", "strategy"], rows, whole=[1])
    print_fields(
        out,
        [
            f"steps: {result.steps}",
            f"converged: {'yes' if result.converged else 'no'}",
            f"regret: {number(result.regret, 3, zero=game.default_tolerance())}",
        ],
    )
    _notes(out, result.notes)


@commands.command()
def ess(target: TargetArgument = None, output_format: FormatOption = OutputFormat.TABLE) -> None:
    """Every evolutionarily stable strategy of a symmetric 2-player game."""
    from multivector.solver.dynamics import evolutionarily_stable_strategies

    game = load_game(target)
    found = evolutionarily_stable_strategies(game)
    labels = game.strategies[0]
    if output_format is OutputFormat.JSON:
        _emit_json(
            game,
            {
                "concept": "evolutionarily stable strategies",
                "ess": [{lab: float(p) for lab, p in zip(labels, x, strict=True)} for x in found],
            },
        )
        return
    out = console()
    _header(out, game, "evolutionarily stable strategies")
    if not found:
        print_text(out, "No evolutionarily stable strategy.")
    for k, x in enumerate(found, start=1):
        print_text(out, f"#{k}: {_mix(labels, x)}".replace("\n", ", "))
