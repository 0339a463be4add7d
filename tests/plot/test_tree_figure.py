"""The game-tree figure: everything labelled, nothing overprinted, the play marked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from multivector import solve
from multivector.errors import GameError
from multivector.games.extensive import ExtensiveFormGame
from multivector.games.formats import load_game
from tests.conftest import reference_games_dir
from tests.solver.extensive.known_trees import beer_quiche, centipede, chain_store, selten_horse

mpl_figure = pytest.importorskip("matplotlib.figure")
tree_plot = pytest.importorskip("multivector.plot.tree")
labels = pytest.importorskip("multivector.plot.labels")

_DIR = reference_games_dir()
#: Gambit example trees of up to 32 terminal nodes, drawn whole.
GAMBIT_TREES = ["bhg1.efg", "cent2.efg", "caro2.efg", "e16.efg", "palf3.efg", "tim.efg"]


def _texts(fig: object) -> list[object]:
    ax = fig.axes[0]  # type: ignore[attr-defined]
    return [t for t in ax.texts if t.get_text()]


def _assert_no_overprint(fig: object) -> None:
    """No two texts overlap (measured independently of the figure's own check), and all
    lie inside the figure."""
    ax = fig.axes[0]  # type: ignore[attr-defined]
    renderer = labels.renderer_for(ax)
    boxes = [labels.text_extent(t, renderer) for t in _texts(fig)]
    frame = fig.bbox  # type: ignore[attr-defined]
    for i, a in enumerate(boxes):
        assert frame.x0 <= a.x0 and a.x1 <= frame.x1 and frame.y0 <= a.y0 and a.y1 <= frame.y1
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)


def _gids(fig: object, gid: str) -> list[str]:
    return [t.get_text() for t in _texts(fig) if t.get_gid() == gid]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("game", "method"),
    [(chain_store(), "auto"), (selten_horse(), "sequential"), (beer_quiche(), "sequential")],
    ids=["chain-store", "horse", "beer-quiche"],
)
def test_known_trees_are_drawn_whole_without_overprint(
    game: ExtensiveFormGame, method: str
) -> None:
    eq = solve(game, method)[0]
    fig = tree_plot.tree_figure(game, eq)
    _assert_no_overprint(fig)
    # one label per edge: its action, and at chance its probability under it
    drawn = sorted(t.split("\n")[0] for t in _gids(fig, "action"))
    assert drawn == sorted(game.action_labels[int(a)] for a in game.parent_action[1:])
    # the payoffs of every terminal node, one player a line
    pays = _gids(fig, "payoffs")
    assert len(pays) == game.num_terminals
    assert all(len(p.split("\n")) == game.num_players for p in pays)
    # each information set of more than one node is named once, with its player
    sizes = np.bincount(game.node_infoset[game.node_infoset >= 0])
    multi = [h for h in range(game.num_infosets) if sizes[h] > 1]
    assert len(_gids(fig, "infoset")) == len(multi)
    # the play: bold labels on exactly the actions played with positive probability
    ax = fig.axes[0]
    bold = [
        t.get_text().split("\n")[0]
        for t in ax.texts
        if t.get_gid() == "action" and t.get_fontweight() == "bold"
    ]
    reach = game.node_reach(eq.behaviour)
    played = [
        game.action_labels[int(game.parent_action[n])] for n in np.flatnonzero(reach[1:] > 0) + 1
    ]
    assert sorted(bold) == sorted(played)


def test_beer_quiche_beliefs_are_shown_at_the_receiver_nodes() -> None:
    game = beer_quiche()
    eq = solve(game, "sequential")[0]
    fig = tree_plot.tree_figure(game, eq)
    beliefs = [t for t in _gids(fig, "node") if t.startswith("μ=")]
    assert len(beliefs) == 4  # the receiver's four nodes
    # pooling on beer: after beer the beliefs are the prior
    assert {"μ=0.1", "μ=0.9"} <= set(beliefs)


@pytest.mark.parametrize("name", GAMBIT_TREES)
def test_gambit_trees_of_up_to_32_terminal_nodes_are_drawn_without_overprint(name: str) -> None:
    if _DIR is None:
        pytest.skip("reference games not found")
    game = load_game(_DIR / "gambit-efg" / name, ExtensiveFormGame)
    fig = tree_plot.tree_figure(game)
    _assert_no_overprint(fig)
    assert len(_gids(fig, "payoffs")) == game.num_terminals
    assert fig.get_size_inches()[0] <= tree_plot.MAX_WIDTH + 1e-9


def test_a_tree_too_large_is_refused_or_drawn_to_a_depth() -> None:
    from multivector.games.extensive.generators import random_perfect_information_game

    game = random_perfect_information_game(400, seed=3)
    assert game.num_terminals > tree_plot.MAX_LEAVES
    with pytest.raises(GameError, match=r"more than max_leaves=36 .*--depth \d+"):
        tree_plot.tree_figure(game)
    fig = tree_plot.tree_figure(game, auto_depth=True)
    _assert_no_overprint(fig)
    caption = _gids(fig, "caption")[0].replace("\n", " ")
    assert "drawn down to depth" in caption
    cut = _gids(fig, "cut")
    assert cut and all(t.endswith("nodes") for t in cut)


def test_drawing_on_given_axes_returns_its_figure(tmp_path: Path) -> None:
    fig = mpl_figure.Figure()
    ax = fig.add_subplot()
    game = centipede()
    assert tree_plot.tree_figure(game, ax=ax) is fig
    assert len(_gids(fig, "payoffs")) == game.num_terminals
    fig.savefig(tmp_path / "c.png")
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
