"""``multivector tree``, and how ``multivector solve`` shows the equilibria of a tree.

A tree (an extensive-form game: a Gambit ``.efg`` file, a JSON/TOML tree file, or a
sequential scenario) is shown as indented text
(:func:`multivector.games.extensive.display.tree_lines`) and drawn by
:func:`multivector.plot.tree.tree_figure`. Its equilibria are shown per information set,
with the beliefs at the sets of more than one node and the play in words; a sequential
scenario adds its era, the parameters it was solved at and each path in its own words
(:class:`ScenarioView`). Tree files and scenarios go through the same functions here, so
they print the same way. Lines are plain text at the console's width (80 when piped),
never splitting a word.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from multivector.cli.common import (
    Commands,
    EraOption,
    FormatOption,
    InputError,
    OutputFormat,
    PlotOption,
    SetOption,
    console,
    save_figure,
)
from multivector.errors import SolverError

if TYPE_CHECKING:
    from rich.console import Console

    from multivector.games.extensive.tree import ExtensiveFormGame
    from multivector.games.normal_form import NormalFormGame
    from multivector.games.scenarios import TreeScenario
    from multivector.solver import MethodInfo, Solution
    from multivector.solver.extensive.result import BehaviourEquilibrium, ExtensiveSolution

__all__ = [
    "MAX_SHOWN_SETS",
    "MAX_TEXT_NODES",
    "ScenarioView",
    "commands",
    "print_solution",
    "reduced_form_for",
    "solution_csv",
    "solution_dict",
    "solution_lines",
    "solve_target",
    "solve_tree",
    "tree",
    "tree_methods",
    "tree_methods_table",
]

#: ``tree`` prints a larger tree only down to the depth that keeps it within this many
#: nodes (``--depth`` chooses another).
MAX_TEXT_NODES = 400

#: ``solve`` lists every information set of a tree with at most this many player
#: information sets; past it, only those the equilibrium reaches (``--format json`` and
#: ``csv`` keep every one).
MAX_SHOWN_SETS = 24


@dataclass(frozen=True)
class ScenarioView:
    """What a sequential scenario adds to its tree's solution when it is printed.

    Attributes
    ----------
    name : str
        The scenario's name.
    era : str
        The calibration solved (the latest era's name for ``latest``).
    values : dict of str to float
        Every parameter's value at the point solved.
    describe : callable
        ``describe(equilibrium) -> str``: the equilibrium path in the scenario's words.
    header : tuple of str
        Lines printed under the method line (for instance how a derived parameter was
        set).
    """

    name: str
    era: str
    values: dict[str, float]
    describe: Callable[[Any], str]
    header: tuple[str, ...] = field(default=())


commands = Commands()


def tree_methods() -> list[str]:
    """The names of the methods that solve trees."""
    from multivector.solver import METHODS

    return [name for name, info in METHODS.items() if info.kind == "extensive"]


def _width() -> int:
    return max(console().width, 40)


# ------------------------------------------------------------------ solving
def reduced_form_for(game: ExtensiveFormGame, method: str) -> tuple[NormalFormGame, str]:
    """The reduced normal form on which the normal-form ``method`` runs, and a note.

    Raises
    ------
    SolverError
        When the reduced normal form is too large to build, or the method does not take
        the tree's number of players; naming the tree methods.
    """
    from multivector.errors import GameError
    from multivector.games.extensive.reduced import reduced_normal_form
    from multivector.solver import METHODS

    info = METHODS[method]
    names = ", ".join(tree_methods())
    if info.players != "n" and game.num_players != int(info.players):
        raise SolverError(
            f"method {method!r} needs a {info.players}-player game; this tree has "
            f"{game.num_players} players; use one of the tree methods: {names}"
        )
    try:
        nf = reduced_normal_form(game)
    except GameError as err:
        raise SolverError(
            f"method {method!r} solves normal-form games and would run on this tree's "
            f"reduced normal form, which cannot be built here ({err}); use one of the tree "
            f"methods: {names}"
        ) from None
    dims = "x".join(str(s) for s in nf.shape)
    note = (
        f"method {method!r} solves normal-form games: it ran on the tree's reduced normal "
        f"form ({dims}; a strategy names the actions it fixes, joined by '/'); its "
        "equilibria are Nash equilibria of the tree, not necessarily subgame perfect or "
        f"sequential; the tree methods are {names}"
    )
    return nf, note


def with_note(solution: Solution, note: str) -> Solution:
    """The solution with one more note."""
    return replace(solution, notes=(*solution.notes, note))


def solve_tree(
    game: ExtensiveFormGame, method: str, *, exact: bool, options: dict[str, Any]
) -> ExtensiveSolution:
    """Solve a tree with a tree method (or ``auto``), turning a missing module into a
    SolverError."""
    from multivector.solver import solve

    try:
        return solve(game, method, exact=exact, **options)
    except ImportError as err:
        raise SolverError(
            f"method {method!r} needs the module {err.name or err}, which is not "
            "installed; install it or choose another method"
        ) from None


def _tree_scenario(target: str | Path | None) -> TreeScenario | None:
    """The sequential scenario named by ``target``, or None (a file or a normal-form
    scenario)."""
    from multivector.games.scenarios import SCENARIOS, TreeScenario, get_scenario

    if target is None or str(target) not in SCENARIOS:
        return None
    scenario = get_scenario(str(target))
    return scenario if isinstance(scenario, TreeScenario) else None


def _scenario_view(scenario: TreeScenario, era: str | None, items: Sequence[str]) -> ScenarioView:
    """What ``solve`` prints of a sequential scenario besides its tree's solution: the era,
    the parameters, the path in the scenario's words, how a derived leverage was set."""
    from multivector.games.scenarios import LATEST
    from multivector.games.scenarios.base import parse_assignments

    name = era or LATEST
    values = scenario.values(name, parse_assignments(items), derive=True)
    header: tuple[str, ...] = ()
    if "russia.leverage" in values:
        header = (
            f"russia.leverage = {values['russia.leverage']:.4g} (derived from the corridor "
            "network; `multivector params` lists its rows and alternatives)",
        )
    return ScenarioView(
        name=scenario.name,
        era=scenario.latest_era if name == LATEST else name,
        values=values,
        describe=scenario.describe,
        header=header,
    )


def solve_target(
    game: ExtensiveFormGame,
    target: str | Path | None,
    era: str | None,
    items: Sequence[str],
    method: str,
    *,
    exact: bool,
) -> tuple[ExtensiveSolution, ScenarioView | None]:
    """Solve the tree of a command's ``SCENARIO|FILE`` argument (``game``, already read),
    the one way ``solve`` and ``tree --solve`` do it.

    A sequential scenario under ``auto`` (without ``--exact``) is solved by its own
    method (:meth:`~multivector.games.scenarios.TreeScenario.solve`); anything else by
    :func:`solve_tree`. The view is what the scenario adds when printed (None for a file).
    """
    scenario = _tree_scenario(target)
    if scenario is None:
        return solve_tree(game, method, exact=exact, options={}), None
    view = _scenario_view(scenario, era, items)
    if method == "auto" and not exact:
        from multivector.games.scenarios import LATEST
        from multivector.games.scenarios.base import parse_assignments

        return scenario.solve(era or LATEST, parse_assignments(items), derive=True), view
    return solve_tree(game, method, exact=exact, options={}), view


# ------------------------------------------------------------------ rendering
def _wrap(first: str, rest: str, text: str, width: int) -> list[str]:
    from multivector.games.extensive.display import wrap_line

    return wrap_line(first, rest, text, width)


def _yes_no(value: bool | None) -> str:
    return "not checked" if value is None else ("yes" if value else "no")


def _moves(eq: BehaviourEquilibrium, h: int) -> str:
    """What a player does at information set ``h``: the action, or each used one with its
    probability (exactly when known)."""
    from multivector.games.extensive.display import format_probability

    g = eq.game
    lo = int(g.infoset_action_start[h])
    used = []
    for k, label in enumerate(g.infoset_actions(h)):
        p = eq.behaviour[lo + k]
        if p > 1e-12:
            value: Any = eq.exact[lo + k] if eq.exact is not None else float(p)
            used.append((label or '""', format_probability(value)))
    if len(used) == 1:
        return used[0][0]
    return ", ".join(f"{label} {p}" for label, p in used)


def _equilibrium_lines(
    k: int, eq: BehaviourEquilibrium, width: int, view: ScenarioView | None
) -> list[str]:
    from multivector.games.extensive.display import (
        PLAYED,
        describe_play,
        format_probability,
        format_value,
        infoset_beliefs,
    )

    g = eq.game
    every = g.num_player_infosets <= MAX_SHOWN_SETS
    reach = g.node_reach(eq.behaviour)

    def reached(h: int) -> bool:
        return bool(reach[g.infoset_nodes(h)].sum() > PLAYED)

    pays = ", ".join(f"{p} {format_value(v)}" for p, v in zip(g.players, eq.payoffs, strict=True))
    head = f"Equilibrium {k}: payoffs {pays} | regret {eq.regret:.2g}"
    if eq.kind is not None:
        head += f" | {eq.kind}"
    if eq.sequential is not None:
        head += f" | sequential: {_yes_no(eq.sequential)}"
    lines = _wrap("", "  ", head, width)
    if view is not None:
        lines += _wrap("  in words: ", "    ", view.describe(eq), width)
    names = g.infoset_names
    hidden = 0
    for i, player in enumerate(g.players):
        sets = [int(h) for h in g.player_infosets(i) if every or reached(int(h))]
        hidden += len(g.player_infosets(i)) - len(sets)
        if not sets:
            continue
        lines.append(f"  {player}" + ("" if every else " (information sets reached)"))
        for h in sets:
            lines += _wrap(f"    {names[h]}: ", "      ", _moves(eq, h), width)
    if hidden:
        lines += _wrap(
            "  ",
            "    ",
            f"({hidden} information sets off the path not shown; --format json lists every one)",
            width,
        )
    beliefs = {
        h: v for h, v in infoset_beliefs(g, eq.behaviour, eq.beliefs).items() if every or v[0]
    }
    if beliefs:
        lines.append("  beliefs")
        for h, (on_path, nodes) in beliefs.items():
            where = f"{g.players[int(g.infoset_player[h])]} at {names[h]}"
            if not on_path:
                where += " (off the path)"
            text = ", ".join(f"{path} {format_probability(mu)}" for path, mu in nodes)
            lines += _wrap("    ", "      ", f"{where}: {text}", width)
    lines.append("  play")
    lines += ["    " + line for line in describe_play(g, eq.behaviour, width=width - 4)]
    return lines


def solution_lines(
    solution: ExtensiveSolution, width: int = 80, view: ScenarioView | None = None
) -> list[str]:
    """A tree's solution for people: a header, each equilibrium per information set with
    its beliefs and its play in words, then the notes.

    With a :class:`ScenarioView`, the header names the era and each equilibrium starts
    with the scenario's words for it. A tree of more than :data:`MAX_SHOWN_SETS` player
    information sets shows only the sets an equilibrium reaches.
    """
    g = solution.game
    lines: list[str] = []
    if g.title:
        lines += _wrap("", "", g.title, width)
    lines += _wrap(
        "",
        "",
        f"{g.num_players}-player tree, {g.num_nodes} nodes, {g.num_player_infosets} "
        "information sets",
        width,
    )
    lines += _wrap(
        "",
        "",
        f"method: {solution.method} | complete: {_yes_no(solution.complete)} | exact: "
        f"{_yes_no(solution.exact)}" + ("" if view is None else f" | era: {view.era}"),
        width,
    )
    for text in () if view is None else view.header:
        lines += _wrap("", "  ", text, width)
    if not solution.equilibria:
        lines.append("No equilibrium found by this method.")
    for k, eq in enumerate(solution.equilibria, start=1):
        lines.append("")
        lines += _equilibrium_lines(k, eq, width, view)
    if solution.notes:
        lines.append("")
    for note in solution.notes:
        lines += _wrap("note: ", "  ", note, width)
    return lines


def solution_csv(solution: ExtensiveSolution, out: IO[str]) -> None:
    """One CSV row per equilibrium: index from 1, each action's probability
    (``prob:player:infoset:action``), payoffs, regret."""
    g = solution.game
    names = g.infoset_names
    columns = [
        (int(g.infoset_action_start[h]) + k, f"prob:{g.players[i]}:{names[h]}:{a}")
        for i in range(g.num_players)
        for h in g.player_infosets(i)
        for k, a in enumerate(g.infoset_actions(int(h)))
    ]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["index", *(c for _, c in columns), *(f"payoff:{p}" for p in g.players), "regret"]
    )
    for k, eq in enumerate(solution.equilibria, start=1):
        writer.writerow(
            [
                k,
                *(repr(float(eq.behaviour[a])) for a, _ in columns),
                *(repr(float(v)) for v in eq.payoffs),
                repr(float(eq.regret)),
            ]
        )


def solution_dict(solution: ExtensiveSolution, view: ScenarioView | None = None) -> dict[str, Any]:
    """A tree's solution as JSON data: ``solution.to_dict()`` (behaviour strategies and
    beliefs at every information set); a scenario adds ``scenario``, ``era``, the
    ``parameters`` solved at and each equilibrium's ``words``."""
    data: dict[str, Any] = solution.to_dict()
    if view is not None:
        data["scenario"] = view.name
        data["era"] = view.era
        data["parameters"] = view.values
        for row, eq in zip(data["equilibria"], solution.equilibria, strict=True):
            row["words"] = view.describe(eq)
    return data


def print_solution(
    solution: ExtensiveSolution, output_format: OutputFormat, view: ScenarioView | None = None
) -> None:
    """Print a tree's solution (a tree file's or a sequential scenario's) in the chosen
    format."""
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(solution_dict(solution, view)))
    elif output_format is OutputFormat.CSV:
        solution_csv(solution, sys.stdout)
    else:
        for line in solution_lines(solution, _width(), view):
            typer.echo(line)


def tree_methods_table(methods: list[MethodInfo], out: Console) -> None:
    """Print the tree methods as a table, with what ``auto`` picks for a tree."""
    from multivector.cli.render import print_table, print_text

    print_text(
        out,
        "Methods on trees (Gambit .efg and JSON/TOML tree files, sequential scenarios); a "
        "normal-form method given a tree runs on its reduced normal form:",
        indent=0,
    )
    rows = [[m.name, m.players, m.finds, "yes" if m.exact else "no", m.summary] for m in methods]
    print_table(out, ["name", "players", "finds", "exact", "summary"], rows)
    print_text(
        out,
        "auto on a tree: 'backward-induction' for perfect information, 'sequence-form' "
        "for 2 players (every extreme equilibrium of a small tree), 'subgame-perfect' "
        "for more players; a sequential scenario's own method for a scenario.",
        style="dim",
    )


# ------------------------------------------------------------------ the command
def _read_tree(target: str, era: str | None, assignments: list[str]) -> ExtensiveFormGame:
    from multivector.cli.common import load_game_or_tree
    from multivector.games.extensive.tree import ExtensiveFormGame

    game = load_game_or_tree(target, era, assignments)
    if not isinstance(game, ExtensiveFormGame):
        raise InputError(
            f"{target}: holds a normal-form game, not a tree; `multivector show` prints "
            "normal-form games, `multivector tree` takes a .efg file or a JSON/TOML tree file"
        )
    return game


def _default_depth(game: ExtensiveFormGame) -> int | None:
    """The deepest level that keeps the text within :data:`MAX_TEXT_NODES` nodes."""
    if game.num_nodes <= MAX_TEXT_NODES:
        return None
    levels = game.levels
    d = 1
    while d + 2 < levels.size and int(levels[d + 2]) <= MAX_TEXT_NODES:
        d += 1
    return d


@commands.command()
def tree(
    target: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="A tree: a Gambit .efg file, a JSON/TOML tree file or a sequential "
            "scenario; '-' reads standard input.",
            show_default=False,
        ),
    ],
    era: EraOption = None,
    assignments: SetOption = None,
    plot: PlotOption = None,
    solve: Annotated[
        bool,
        typer.Option("--solve", help="Also solve the tree and mark an equilibrium's play."),
    ] = False,
    method: Annotated[
        str | None,
        typer.Option(
            "--method",
            "-m",
            metavar="METHOD",
            help="Tree method for --solve (implies it; see `multivector methods`); default auto.",
            show_default=False,
        ),
    ] = None,
    exact: Annotated[
        bool,
        typer.Option("--exact", help="With --solve: rational arithmetic where the method has it."),
    ] = False,
    equilibrium: Annotated[
        int,
        typer.Option(
            "--equilibrium",
            "-e",
            metavar="K",
            help="With --solve: which equilibrium to mark (from 1).",
            min=1,
        ),
    ] = 1,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth",
            metavar="D",
            help="Show (and draw) the tree down to depth D only; deeper subtrees are "
            "summarised. Default: all of a small tree.",
            min=1,
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Print a tree (players, information sets, chance, payoffs), draw it, solve it."""
    from multivector.games.extensive.display import describe_play, tree_lines, tree_summary
    from multivector.solver import METHODS

    game = _read_tree(target, era, assignments or [])
    solve = solve or method is not None or exact
    chosen: BehaviourEquilibrium | None = None
    solution: ExtensiveSolution | None = None
    if solve:
        name = method or "auto"
        if name in METHODS and METHODS[name].kind != "extensive":
            raise InputError(
                f"--method {name!r} solves normal-form games; `multivector tree --solve` "
                f"takes a tree method: {', '.join(tree_methods())} (or run `multivector "
                f"solve {target} --method {name}` on the reduced normal form)"
            )
        solution, _ = solve_target(game, target, era, assignments or (), name, exact=exact)
        if not solution.equilibria:
            raise SolverError(f"method {solution.method!r} found no equilibrium to mark")
        if equilibrium > len(solution.equilibria):
            raise InputError(
                f"--equilibrium {equilibrium}: {solution.method!r} found "
                f"{len(solution.equilibria)}; choose 1 to {len(solution.equilibria)}"
            )
        chosen = solution.equilibria[equilibrium - 1]
    elif equilibrium != 1:
        raise InputError("--equilibrium needs --solve")
    shown = depth if depth is not None else _default_depth(game)
    if plot is not None:
        from multivector.plot.tree import tree_figure

        save_figure(tree_figure(game, chosen, depth=depth, auto_depth=depth is None), plot)
    if output_format is OutputFormat.JSON:
        from multivector.games.formats.tree import tree_to_dict

        data: dict[str, Any] = {"tree": tree_to_dict(game)}
        if solution is not None:
            data["solution"] = solution.to_dict()
            data["marked"] = equilibrium
        typer.echo(json.dumps(data))
        return
    width = _width()
    lines = []
    if game.title:
        lines += _wrap("", "", game.title, width)
    lines += _wrap("", "", tree_summary(game), width)
    lines += _wrap(
        "",
        "",
        "[name]: the mover's information set (nodes with the same name cannot be told "
        "apart); (p): a chance probability"
        + ("; with an equilibrium, each action's probability, * on its play" if chosen else ""),
        width,
    )
    lines.append("")
    lines += tree_lines(
        game, behaviour=None if chosen is None else chosen.behaviour, width=width, depth=shown
    )
    if chosen is not None and solution is not None:
        lines += [
            "",
            f"equilibrium {equilibrium} of {len(solution.equilibria)} "
            f"({solution.method}), its play:",
        ]
        lines += ["  " + line for line in describe_play(game, chosen.behaviour, width=width - 2)]
        if len(solution.equilibria) > 1:
            lines += _wrap(
                "note: ",
                "  ",
                "--equilibrium K marks another; `multivector solve "
                + " ".join([target, *(["--method", method] if method else [])])
                + "` lists them all",
                width,
            )
    if shown is not None and depth is None:
        lines += _wrap(
            "note: ",
            "  ",
            f"the tree has {game.num_nodes} nodes; shown down to depth {shown} (--depth D "
            "shows more or less)",
            width,
        )
    for line in lines:
        typer.echo(line)
