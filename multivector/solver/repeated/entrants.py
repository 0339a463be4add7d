"""Strategy automata by name, and the reports of matches and tournaments between them.

The names are those of ``multivector simulate`` and ``multivector tournament``:
``grim``, ``punish-K``, ``tit-for-tat`` (``tft``), ``generous-tit-for-tat`` (``gtft``),
``win-stay-lose-shift`` (``wsls``, ``pavlov``) and ``always-X``.
:func:`make_entrant` turns a name into a maker of automata; :func:`simulation_report` and
:func:`tournament_report` play named strategies and return what those commands print, as
plain data.

Examples
--------
>>> from multivector import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                   strategies=[["C", "D"]] * 2)
>>> simulation_report(pd, ["tft", "always-D"], rounds=4)["profiles"]
[['C', 'D'], ['D', 'D'], ['D', 'D'], ['D', 'D']]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver.repeated.automata import (
    Automaton,
    from_table,
    generous_tit_for_tat,
    grim_trigger,
    k_period_punishment,
    simulate,
    tit_for_tat,
    tournament,
    win_stay_lose_shift,
)
from multivector.solver.repeated.thresholds import grim_trigger_threshold

__all__ = [
    "ALIASES",
    "DEFAULT_ENTRANTS",
    "STRATEGY_NAMES",
    "Entrant",
    "make_entrant",
    "simulation_report",
    "tournament_report",
]

#: The strategy names understood by :func:`make_entrant`.
STRATEGY_NAMES = (
    "grim",
    "punish-K",
    "tit-for-tat",
    "generous-tit-for-tat",
    "win-stay-lose-shift",
    "always-X",
)

#: Short names.
ALIASES = {
    "tft": "tit-for-tat",
    "gtft": "generous-tit-for-tat",
    "wsls": "win-stay-lose-shift",
    "pavlov": "win-stay-lose-shift",
    "grim-trigger": "grim",
}

#: Entrants of a tournament when none are named (those that fit the game).
DEFAULT_ENTRANTS = (
    "tit-for-tat",
    "generous-tit-for-tat",
    "win-stay-lose-shift",
    "grim",
    "always-1",
    "always-2",
)

#: A maker of automata: ``(game, player) -> Automaton``.
Entrant = Callable[[NormalFormGame, int], Automaton]


def make_entrant(
    stage: NormalFormGame,
    spec: str,
    target: Sequence[str] | None = None,
    punishment: Sequence[str] | None = None,
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

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   strategies=[["C", "D"]] * 2)
    >>> make_entrant(pd, "punish-2")(pd, 0).name
    'punish-2'
    """
    name = ALIASES.get(spec.strip().lower(), spec.strip().lower())
    tgt = tuple(target) if target is not None else tuple(s[0] for s in stage.strategies)
    if name == "grim" or name.startswith("punish-"):
        pun = tuple(punishment) if punishment is not None else None
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

        def always(g: NormalFormGame, i: int) -> Automaton:
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


def _check_play(stage: NormalFormGame, rounds: int, noise: float, *profiles: Any) -> None:
    if not 0 <= noise <= 1:
        raise SolverError(f"noise {noise} must be a probability in [0, 1]")
    if rounds < 1:
        raise SolverError(f"rounds {rounds} must be a positive number of rounds")
    for profile in profiles:
        if profile is not None:
            stage.profile_index(profile)


def simulation_report(
    stage: NormalFormGame,
    strategies: Sequence[str],
    rounds: int = 20,
    noise: float = 0.0,
    seed: int | None = None,
    *,
    target: Sequence[str] | None = None,
    punishment: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Play one named strategy per player against each other, as plain data.

    Parameters
    ----------
    stage : NormalFormGame
    strategies : sequence of str
        One strategy name per player (see :func:`make_entrant`).
    rounds : int
    noise : float
        Probability that a player's action is replaced by another (implementation error).
    seed : int, optional
    target, punishment : sequence of str, optional
        The profiles of ``grim`` and ``punish-K`` (see :func:`make_entrant`).

    Returns
    -------
    dict
        ``players``, ``strategies`` (the automata's names), ``rounds``, ``noise``,
        ``seed``, ``average`` (mean payoff per round), ``profile_counts``
        (``{"C,D": rounds}``), ``profiles`` (each round's labels) and ``payoffs``.

    Raises
    ------
    SolverError
        For a wrong number of strategies, an unknown name, or bad ``noise`` or ``rounds``.
    """
    _check_play(stage, rounds, noise, target, punishment)
    if len(strategies) != stage.num_players:
        raise SolverError(
            f"strategies {','.join(strategies)!r} give {len(strategies)} strategies for "
            f"{stage.num_players} players; give one per player, e.g. tft,grim"
        )
    automata = [
        make_entrant(stage, s, target, punishment)(stage, i) for i, s in enumerate(strategies)
    ]
    sim = simulate(stage, automata, rounds, noise, seed)
    labels = [[stage.strategies[i][int(k)] for i, k in enumerate(row)] for row in sim.profiles]
    return {
        "players": list(stage.players),
        "strategies": [m.name for m in automata],
        "rounds": rounds,
        "noise": noise,
        "seed": seed,
        "average": [float(x) for x in sim.average],
        "profile_counts": dict(Counter(",".join(row) for row in labels)),
        "profiles": labels,
        "payoffs": sim.payoffs.tolist(),
    }


def tournament_report(
    stage: NormalFormGame,
    strategies: Sequence[str] | None = None,
    rounds: int = 200,
    noise: float = 0.0,
    seed: int | None = None,
    repetitions: int = 1,
    *,
    target: Sequence[str] | None = None,
    punishment: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A round-robin tournament of named strategies (2 players), as plain data.

    Parameters
    ----------
    stage : NormalFormGame
        A 2-player game.
    strategies : sequence of str, optional
        The entrants' names; by default :data:`DEFAULT_ENTRANTS`, of which those that do
        not fit the game are skipped (named strategies that do not fit are an error).
    rounds, noise, seed, repetitions
        See :func:`~multivector.solver.repeated.tournament`.
    target, punishment : sequence of str, optional
        The profiles of ``grim`` and ``punish-K``.

    Returns
    -------
    dict
        ``players``, ``rounds``, ``noise``, ``seed``, ``repetitions``, ``table``
        (``table[row][col]``: the row entrant's mean payoff as the first player),
        ``ranking`` (``[{"entrant", "mean"}]``, best first) and ``skipped``.

    Raises
    ------
    SolverError
        For a game without 2 players, an unknown or unfit named strategy, or bad
        ``noise``, ``rounds`` or ``repetitions``.
    """
    if stage.num_players != 2:
        raise SolverError(f"tournaments are for 2-player games; this game has {stage.num_players}")
    _check_play(stage, rounds, noise, target, punishment)
    if repetitions < 1:
        raise SolverError(f"repetitions {repetitions} must be at least 1")
    given = strategies is not None
    entrants: dict[str, Entrant] = {}
    skipped: list[str] = []
    for spec in strategies if strategies is not None else DEFAULT_ENTRANTS:
        try:
            make = make_entrant(stage, spec, target, punishment)
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
        ((r, sum(row.values()) / len(row)) for r, row in table.items()), key=lambda kv: -kv[1]
    )
    return {
        "players": list(stage.players),
        "rounds": rounds,
        "noise": noise,
        "seed": seed,
        "repetitions": repetitions,
        "table": table,
        "ranking": [{"entrant": r, "mean": m} for r, m in ranking],
        "skipped": skipped,
    }
