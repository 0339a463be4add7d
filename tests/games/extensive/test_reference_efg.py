"""The 86 example games of Gambit's contrib folder: read, write, compare with pygambit.

Skipped when the folder of reference games is absent; the comparisons with pygambit are
skipped when it is not installed. Each test that calls pygambit runs under a time limit.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from multivector import solve
from multivector.errors import SolverError
from multivector.games.extensive import (
    ExtensiveFormGame,
    reduced_normal_form,
    reduced_strategies,
    reduced_strategy_counts,
)
from multivector.games.formats.efg import read_efg, write_efg
from tests.conftest import reference_games_dir

_DIR = reference_games_dir()
EFG_GAMES = sorted(p.name for p in (_DIR / "gambit-efg").glob("*.efg")) if _DIR else []
TIME_LIMIT = 120  # seconds, for each test that calls pygambit


def _path(name: str) -> Path:
    assert _DIR is not None
    return _DIR / "gambit-efg" / name


def _load(reference_games: Path, name: str) -> ExtensiveFormGame:
    path = reference_games / "gambit-efg" / name
    return read_efg(path.read_text(), source=str(path))


def test_the_folder_has_the_86_games(reference_games: Path) -> None:
    assert len(list((reference_games / "gambit-efg").glob("*.efg"))) == 86


@pytest.mark.parametrize("name", EFG_GAMES)
def test_loads_and_round_trips(reference_games: Path, name: str) -> None:
    game = _load(reference_games, name)
    assert game.num_terminals >= 1
    back = read_efg(write_efg(game))
    assert back.same_tree(game)
    assert back.exact_outcome_payoffs == game.exact_outcome_payoffs
    assert back.exact_action_probs == game.exact_action_probs
    assert back.node_labels == game.node_labels
    assert back.infoset_labels == game.infoset_labels
    assert back.outcome_labels == game.outcome_labels
    assert np.array_equal(back.infoset_numbers, game.infoset_numbers)
    assert back.perfect_recall == game.perfect_recall


def _gambit() -> Any:
    return pytest.importorskip("pygambit", reason="the comparisons need pygambit")


def _preorder_terminal_payoffs_gambit(g: Any) -> list[tuple[Fraction, ...]]:
    players = list(g.players)
    out = []
    stack = [(g.root, tuple(Fraction(0) for _ in players))]
    while stack:
        node, acc = stack.pop()
        try:
            pays = [Fraction(str(node.outcome[p])) for p in players]
        except KeyError:  # pygambit: "node has no outcome attached"
            pays = [Fraction(0)] * len(players)
        acc = tuple(a + v for a, v in zip(acc, pays, strict=True))
        kids = list(node.children)
        if not kids:
            out.append(acc)
        stack.extend((c, acc) for c in reversed(kids))
    return out


def _preorder(game: ExtensiveFormGame) -> list[int]:
    order, stack = [], [0]
    fc, nc = game.first_child, game.num_children
    while stack:
        n = stack.pop()
        order.append(n)
        stack.extend(range(int(fc[n] + nc[n]) - 1, int(fc[n]) - 1, -1))
    return order


def _read_ours_in_gambit(gbt: Any, game: ExtensiveFormGame, tmp_path: Path) -> Any:
    path = tmp_path / "ours.efg"
    path.write_text(write_efg(game, strict_labels=True))
    return gbt.read_efg(str(path))


@pytest.mark.timeout(TIME_LIMIT, method="thread")
@pytest.mark.parametrize("name", EFG_GAMES)
def test_pygambit_reads_our_output_with_equal_payoffs(
    reference_games: Path, name: str, tmp_path: Path
) -> None:
    gbt = _gambit()
    game = _load(reference_games, name)
    g = _read_ours_in_gambit(gbt, game, tmp_path)
    exact = game.exact_terminal_payoffs()
    assert exact is not None
    ours = [exact[n] for n in _preorder(game) if game.node_infoset[n] < 0]
    assert _preorder_terminal_payoffs_gambit(g) == ours


@pytest.mark.timeout(TIME_LIMIT, method="thread")
@pytest.mark.parametrize("name", EFG_GAMES)
def test_reduced_strategy_counts_equal_pygambit(
    reference_games: Path, name: str, tmp_path: Path
) -> None:
    gbt = _gambit()
    game = _load(reference_games, name)
    g = _read_ours_in_gambit(gbt, game, tmp_path)
    assert reduced_strategy_counts(game) == tuple(len(p.strategies) for p in g.players)


def _infoset_map(game: ExtensiveFormGame, g: Any) -> dict[int, tuple[int, int]]:
    """Our information set -> (player, index in Gambit's list of her sets)."""
    players = list(g.players)
    out: dict[int, tuple[int, int]] = {}
    ours = _preorder(game)
    stack = [g.root]
    theirs = []
    while stack:
        node = stack.pop()
        theirs.append(node)
        stack.extend(reversed(list(node.children)))
    for n, node in zip(ours, theirs, strict=True):
        h = int(game.node_infoset[n])
        if h < 0 or game.infoset_player[h] < 0:
            continue
        p = int(game.infoset_player[h])
        sets = list(players[p].infosets)
        k = next(i for i, s in enumerate(sets) if s == node.infoset)
        out[h] = (p, k)
    return out


def _gambit_labels(game: ExtensiveFormGame, g: Any, player: int) -> list[str]:
    """Our reduced strategies of ``player`` written as Gambit labels them."""
    strat = reduced_strategies(game, player)
    mapping = _infoset_map(game, g)
    n_sets = len(list(g.players)[player].infosets)
    labels = []
    for row in strat.choices:
        chars = ["*"] * n_sets
        for col, h in enumerate(strat.infosets):
            if row[col] >= 0:
                chars[mapping[int(h)][1]] = str(int(row[col]) + 1)
        labels.append("".join(chars))
    return labels


def _small(game: ExtensiveFormGame) -> bool:
    return game.num_players >= 2 and math.prod(reduced_strategy_counts(game)) <= 2000


@pytest.mark.timeout(TIME_LIMIT, method="thread")
@pytest.mark.parametrize("name", EFG_GAMES)
def test_reduced_normal_form_equals_pygambit(
    reference_games: Path, name: str, tmp_path: Path
) -> None:
    gbt = _gambit()
    game = _load(reference_games, name)
    if not _small(game):
        pytest.skip("more than 2,000 reduced-form profiles")
    g = _read_ours_in_gambit(gbt, game, tmp_path)
    nf = reduced_normal_form(game)
    players = list(g.players)
    ours_by_label = [
        {label: k for k, label in enumerate(_gambit_labels(game, g, p))}
        for p in range(game.num_players)
    ]
    exact = nf.exact_payoffs
    assert exact is not None
    theirs_strats = [list(p.strategies) for p in players]
    count = 0
    for combo in np.ndindex(*(len(s) for s in theirs_strats)):
        strategies = [theirs_strats[i][k] for i, k in enumerate(combo)]
        ours = tuple(ours_by_label[i][s.label] for i, s in enumerate(strategies))
        outcome = g[strategies]
        for i, p in enumerate(players):
            assert Fraction(str(outcome[p])) == exact[(i, *ours)]
        count += 1
    assert count == math.prod(nf.shape)


def _to_gambit_profile(gbt: Any, g: Any, game: ExtensiveFormGame, b: np.ndarray) -> Any:
    prof = g.mixed_behavior_profile(rational=False)
    mapping = _infoset_map(game, g)
    players = list(g.players)
    starts = game.infoset_action_start
    for h, (p, k) in mapping.items():
        iset = list(players[p].infosets)[k]
        for j, action in enumerate(iset.actions):
            prof[action] = float(b[starts[h] + j])
    return prof


@pytest.mark.timeout(TIME_LIMIT, method="thread")
@pytest.mark.parametrize("name", EFG_GAMES)
def test_every_equilibrium_of_solve_has_zero_gambit_regret(
    reference_games: Path, name: str, tmp_path: Path
) -> None:
    gbt = _gambit()
    game = _load(reference_games, name)
    if not _small(game):
        pytest.skip("more than 2,000 reduced-form profiles")
    if not game.perfect_recall:
        with pytest.raises(SolverError, match="imperfect recall"):
            solve(game)
        pytest.skip("imperfect recall: the tree methods refuse it (tested above)")
    g = _read_ours_in_gambit(gbt, game, tmp_path)
    sol = solve(game)
    assert len(sol) >= 1
    for eq in sol:
        prof = _to_gambit_profile(gbt, g, game, np.asarray(eq.behaviour))
        assert float(prof.max_regret()) <= 1e-9


@pytest.mark.timeout(TIME_LIMIT, method="thread")
@pytest.mark.parametrize("name", EFG_GAMES)
def test_exact_equilibria_have_zero_gambit_regret_in_rationals(
    reference_games: Path, name: str, tmp_path: Path
) -> None:
    gbt = _gambit()
    game = _load(reference_games, name)
    if not game.perfect_recall or game.num_players != 2:
        pytest.skip("exact mode: 2-player games of perfect recall")
    if math.prod(reduced_strategy_counts(game)) > 100:
        pytest.skip("exact mode is checked on the games auto enumerates (<= 100 profiles)")
    g = _read_ours_in_gambit(gbt, game, tmp_path)
    sol = solve(game, exact=True)
    assert sol.exact and len(sol) >= 1
    mapping = _infoset_map(game, g)
    players = list(g.players)
    starts = game.infoset_action_start
    for eq in sol:
        assert eq.exact is not None
        prof = g.mixed_behavior_profile(rational=True)
        for h, (p, k) in mapping.items():
            iset = list(players[p].infosets)[k]
            for j, action in enumerate(iset.actions):
                v = eq.exact[int(starts[h]) + j]
                prof[action] = gbt.Rational(v.numerator, v.denominator)
        assert prof.max_regret() == 0
