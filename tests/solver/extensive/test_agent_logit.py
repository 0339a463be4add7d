"""The agent logit QRE of a tree on the shared path follower: its equations, its analytic
Jacobian, and the path to a large lambda."""

from __future__ import annotations

import numpy as np
import pytest

from multivector.games.extensive import ExtensiveFormGame
from multivector.games.extensive.generators import random_two_player_game
from multivector.games.formats import load_game
from multivector.solver.extensive.sequential import AgentLogitSystem, _agent_logit_path
from tests.conftest import reference_games_dir
from tests.solver.extensive.known_trees import beer_quiche, centipede, selten_horse

_DIR = reference_games_dir()


def _random_point(system: AgentLogitSystem, rng: np.random.Generator, lam: float) -> np.ndarray:
    x = np.concatenate([np.log(rng.dirichlet(np.ones(int(c)))) for c in system.counts])
    return np.concatenate([x, [lam]])


@pytest.mark.parametrize(
    "game",
    [
        beer_quiche(),
        selten_horse(),
        centipede(),
        random_two_player_game(2, actions=(2, 3), seed=4),
        random_two_player_game(3, actions=(2, 2), seed=7),
    ],
    ids=["beer-quiche", "horse", "centipede", "random-2x3", "random-3-rounds"],
)
def test_jacobian_agrees_with_central_differences(game: ExtensiveFormGame) -> None:
    system = AgentLogitSystem(game)
    rng = np.random.default_rng(11)
    for lam in (0.0, 0.7, 5.0):
        y = _random_point(system, rng, lam)
        n = y.size
        h = 1e-6
        fd = np.column_stack(
            [
                (system.residual(y + h * e) - system.residual(y - h * e)) / (2 * h)
                for e in np.eye(n)
            ]
        )
        # (the lambda column leaves out the rows' weight, whose derivative multiplies a
        # residual that is zero on the path; so only the probabilities are compared)
        assert np.allclose(system.jacobian(y)[:, :-1], fd[:, :-1], atol=1e-6 * max(1.0, lam))


def test_the_start_solves_the_equations_and_the_path_is_a_logit_response() -> None:
    game = beer_quiche()
    system = AgentLogitSystem(game)
    assert np.abs(system.residual(system.start())).max() == 0.0
    b, mu, lam, status = _agent_logit_path(game, 3.0, 5000)
    assert status == "done" and lam >= 3.0
    # at the end every agent plays the logit response to its action values given the
    # Bayes beliefs of the fully mixed profile (McKelvey and Palfrey 1998)
    from multivector.solver.extensive.sequential import action_values

    q = action_values(game, b, mu)
    for h in np.flatnonzero(game.infoset_player >= 0):
        lo, hi = game.infoset_action_start[h], game.infoset_action_start[h + 1]
        logit = np.exp(lam * (q[lo:hi] - q[lo:hi].max()))
        assert b[lo:hi] == pytest.approx(logit / logit.sum(), abs=1e-8)


@pytest.mark.parametrize("name", ["cs.efg", "holdout7.efg", "e16.efg"])
def test_the_path_reaches_a_large_lambda_on_gambit_trees(name: str) -> None:
    # the earlier natural-parameter continuation stalled on cs.efg near lambda = 495
    if _DIR is None:
        pytest.skip("reference games not found")
    game = load_game(_DIR / "gambit-efg" / name, ExtensiveFormGame)
    span = float(np.ptp(game.terminal_payoffs[game.terminals]))
    target = 1e4 / span
    b, _, lam, status = _agent_logit_path(game, target, 5000)
    assert status == "done" and lam >= target
    # far along the path the profile is close to a Nash equilibrium
    assert game.regret(b) <= 1e-2 * span
