"""Gambit's 2-player example games: equilibrium counts from the literature and agreement,
equilibrium by equilibrium, with Gambit's ``enummixed`` in rational arithmetic.

The .nfg files are Gambit's ``contrib/games`` and ``catalog`` examples, kept beside the
repository (see the ``reference_games`` fixture); each test skips when they are absent.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from multivector import NormalFormGame, Solution, solve
from tests.peers import peer_gambit_enummixed, run_limited
from tests.validators import assert_equilibrium

ExactProfile = tuple[tuple[Fraction, ...], ...]

# Number of extreme equilibria, as listed with the games (Gambit's enummixed; McKennon,
# McLennan and Turocy, Gambit 16) and, where noted, in the cited papers.
KNOWN_COUNTS = {
    "coord3.nfg": 7,  # 3x3 coordination: 2^3 - 1 supports
    "coord4.nfg": 15,  # 4x4 coordination: 2^4 - 1
    "8x8.nfg": 5,
    "winkels.nfg": 12,  # degenerate
    "vd.nfg": 10,  # van Damme's "burning a dollar"
    "perfect1.nfg": 9,
    "deg1.nfg": 6,
    "deg2.nfg": 7,
    "csg1.nfg": 4,  # a continuum with 4 extreme equilibria
    "zero.nfg": 4,  # all payoffs 0: every profile is an equilibrium
    "e04.nfg": 3,
    "oneill.nfg": 1,  # O'Neill 1987, PNAS 84: unique equilibrium
    # Shapley 1974 and Todd: 3 equilibria, 1 of them reachable by Lemke-Howson paths
    "sh3.nfg": 3,
    "todd2.nfg": 3,
    "todd3.nfg": 3,
    "shapley1974_fig3.nfg": 3,
    "mixdom.nfg": 1,
    "mixdom2.nfg": 1,
    # von Stengel 1999, Discrete Comput. Geom. 21; small payoffs: Savani-von Stengel 2006
    "6x6_game_with_75_eq.nfg": 75,
    "6x6_game_with_75_eq_small_payoffs.nfg": 75,
}

# Every 2-player game of the folder, compared with Gambit.
TWO_PLAYER_GAMES = sorted(
    {
        *KNOWN_COUNTS,
        "2x2a.nfg",
        "2x2const.nfg",
        "cent2.nfg",
        "e07.nfg",
        "loopback.nfg",
        "nau2004_sec3.nfg",
        "pd.nfg",
        "shapley1974_fig2.nfg",
        "sww1.nfg",
        "todd1.nfg",
        "wink3.nfg",
        "yamamoto.nfg",
    }
)

# Games whose equilibria form one convex set (a single maximal Nash subset).
ONE_CONVEX_SET = {"csg1.nfg", "zero.nfg"}


def read_game(reference_games: Path, name: str) -> NormalFormGame:
    nfg = pytest.importorskip("multivector.games.formats.nfg")
    path = reference_games / "gambit-contrib" / name
    if not path.exists():
        pytest.skip(f"{name} is not in the reference games folder")
    game: NormalFormGame = nfg.read_nfg(path)
    assert game.num_players == 2
    return game


def checked(game: NormalFormGame, sol: Solution) -> Solution:
    assert sol.complete
    for eq in sol:
        assert_equilibrium(game, eq)
    return sol


def exact_set(sol: Solution) -> set[ExactProfile]:
    out = {eq.exact for eq in sol if eq.exact is not None}
    assert len(out) == len(sol)
    return out


def rounded(profiles: set[ExactProfile]) -> set[tuple[tuple[float, ...], ...]]:
    return {tuple(tuple(round(float(q), 9) + 0.0 for q in x) for x in p) for p in profiles}


def rounded_solution(sol: Solution) -> set[tuple[tuple[float, ...], ...]]:
    out = {tuple(tuple(float(v) for v in np.round(x, 9) + 0.0) for x in e.profile) for e in sol}
    assert len(out) == len(sol)
    return out


@pytest.mark.parametrize("name", sorted(KNOWN_COUNTS))
def test_known_counts(reference_games: Path, name: str) -> None:
    game = read_game(reference_games, name)
    floats = checked(game, solve(game))
    exact = checked(game, solve(game, exact=True))
    assert len(floats) == len(exact) == KNOWN_COUNTS[name]
    assert rounded_solution(floats) == rounded(exact_set(exact))
    if name in ONE_CONVEX_SET:
        assert exact.components is not None
        assert [len(c.nash_subsets) for c in exact.components] == [1]
        assert exact.components[0].equilibria == tuple(range(len(exact)))


@pytest.mark.parametrize("name", TWO_PLAYER_GAMES)
def test_components_are_sets_of_equilibria(reference_games: Path, name: str) -> None:
    """Each maximal Nash subset is a product of convex hulls of equilibrium strategies:
    every pair of its extreme strategies, and their barycentre, is an equilibrium."""
    game = read_game(reference_games, name)
    for sol in (solve(game), solve(game, exact=True)):
        assert sol.components is not None
        assert sol.row_vertices is not None and sol.col_vertices is not None
        listed = sorted(k for c in sol.components for k in c.equilibria)
        assert listed == list(range(len(sol)))  # a partition of the equilibria
        if sol.degenerate is False:
            assert all(c.is_isolated for c in sol.components)
        tol = game.default_tolerance()
        for component in sol.components:
            for rows, cols in component.nash_subsets:
                for r in rows:
                    for c in cols:
                        profile = (sol.row_vertices[r], sol.col_vertices[c])
                        assert game.regret(profile) <= tol
                centre = (
                    np.mean([sol.row_vertices[r] for r in rows], axis=0),
                    np.mean([sol.col_vertices[c] for c in cols], axis=0),
                )
                assert game.regret(centre) <= tol


@pytest.mark.parametrize("name", TWO_PLAYER_GAMES)
def test_agrees_with_gambit_enummixed(reference_games: Path, name: str) -> None:
    pytest.importorskip("pygambit")
    game = read_game(reference_games, name)
    theirs = run_limited(
        peer_gambit_enummixed, str(reference_games / "gambit-contrib" / name), seconds=120
    )
    exact = checked(game, solve(game, exact=True))
    assert exact.exact
    assert exact_set(exact) == theirs
    floats = checked(game, solve(game))
    assert rounded_solution(floats) == rounded(theirs)
