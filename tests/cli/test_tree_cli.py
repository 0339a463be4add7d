"""Trees on the command line: solve, tree, convert and methods, in-process."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from multivector.games.extensive import ExtensiveFormGame
from multivector.games.formats import load_game, save_game
from tests.cli.test_cli import run
from tests.solver.extensive.known_trees import beer_quiche, chain_store, selten_horse

_REPO = Path(__file__).resolve().parents[2]
EXAMPLES = _REPO / "examples"


def _error(code: int, err: str) -> str:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def _behaviour(game: ExtensiveFormGame, strategies: dict[str, Any]) -> np.ndarray:
    return game.behaviour_from_dict(strategies)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {
        "chain": tmp_path / "chain.toml",
        "horse": tmp_path / "horse.efg",
        "bq": tmp_path / "bq.json",
    }
    save_game(chain_store(), out["chain"])
    save_game(selten_horse(), out["horse"])
    save_game(beer_quiche(), out["bq"])
    return out


# ---------------------------------------------------------------------- solve
def test_solve_json_gives_behaviour_strategies_and_beliefs(files: dict[str, Path]) -> None:
    code, out, err = run("solve", str(files["bq"]), "-m", "sequential", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    game = beer_quiche()
    assert data["method"] == "sequential"
    assert data["game"]["infosets"]["Receiver"] == {
        "after beer": ["duel", "no duel"],
        "after quiche": ["duel", "no duel"],
    }
    for e in data["equilibria"]:
        # Cho and Kreps (1987): every sequential equilibrium pools
        assert e["kind"] == "pooling" and e["sequential"] is True
        b = _behaviour(game, e["strategies"])
        assert game.regret(b) <= 1e-9
        # on the path the beliefs are Bayes' rule from the prior 1/10, 9/10
        sent = "beer" if e["strategies"]["Sender"]["weak"]["beer"] == 1 else "quiche"
        mu = e["beliefs"]["Receiver"][f"after {sent}"]
        assert mu[f"weak > {sent}"] == pytest.approx(0.1)
        assert mu[f"strong > {sent}"] == pytest.approx(0.9)
        assert sum(p["probability"] for p in e["path"]) == pytest.approx(1.0)


def test_solve_table_prints_sets_beliefs_and_the_play(files: dict[str, Path]) -> None:
    code, out, err = run("solve", str(files["bq"]), "--method", "sequential")
    assert code == 0, err
    assert "method: sequential" in out
    assert out.count("Equilibrium ") >= 2
    assert "    after quiche: " in out and "  beliefs" in out
    assert "Receiver at after beer: weak > beer 0.1, strong > beer 0.9" in out
    assert "(off the path)" in out
    assert "chance draws strong (9/10), Sender chooses beer, Receiver chooses no" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_solve_auto_on_a_perfect_information_tree_is_backward_induction(
    files: dict[str, Path],
) -> None:
    code, out, _ = run("solve", str(files["chain"]), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["method"] == "backward-induction" and data["complete"] is True
    # Selten (1978): the only subgame perfect equilibrium is (in, share)
    (eq,) = data["equilibria"]
    assert eq["strategies"]["Entrant"]["enter?"] == {"out": 0.0, "in": 1.0}
    assert eq["path"] == [{"actions": ["in", "share"], "probability": 1.0}]


def test_solve_csv_has_a_column_per_action(files: dict[str, Path]) -> None:
    code, out, _ = run("solve", str(files["horse"]), "-m", "sequential", "-f", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    header = rows[0]
    assert header[0] == "index" and header[-1] == "regret"
    assert "prob:2:2:a" in header and "prob:3:3:L" in header
    # Selten's horse: the sequential equilibrium has 1 play A and 2 play a
    for row in rows[1:]:
        values = dict(zip(header, row, strict=True))
        assert float(values["prob:1:1:A"]) == pytest.approx(1.0)
        assert float(values["prob:2:2:a"]) == pytest.approx(1.0)


def test_a_normal_form_method_runs_on_the_reduced_normal_form(files: dict[str, Path]) -> None:
    code, out, err = run("solve", str(files["chain"]), "-m", "vertex", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["method"] == "vertex"
    assert data["game"]["strategies"] == {
        "Entrant": ["out", "in"],
        "Incumbent": ["fight", "share"],
    }
    assert any("reduced normal form" in n and "sequence-form" in n for n in data["notes"])
    # the two pure Nash equilibria (out, fight) and (in, share), and the segment between
    pure = [
        (
            max(e["strategies"]["Entrant"], key=e["strategies"]["Entrant"].get),
            max(e["strategies"]["Incumbent"], key=e["strategies"]["Incumbent"].get),
        )
        for e in data["equilibria"]
    ]
    assert ("out", "fight") in pure and ("in", "share") in pure


def test_tree_option_errors_are_one_line(files: dict[str, Path]) -> None:
    msg = _error(*run("solve", str(files["horse"]), "-m", "vertex")[::2])
    assert "2-player" in msg and "sequential" in msg
    msg = _error(
        *run("solve", str(files["chain"]), "-m", "backward-induction", "--label", "1")[::2]
    )
    assert "lemke-howson" in msg
    msg = _error(*run("solve", str(files["chain"]), "-m", "no-such")[::2])
    assert "backward-induction" in msg
    msg = _error(*run("solve", str(files["chain"]), "--era", "2022-")[::2])
    assert "--era" in msg
    msg = _error(*run("solve", str(files["chain"]), "--set", "x=1")[::2])
    assert "no parameters" in msg


def test_a_parametric_tree_takes_set(tmp_path: Path) -> None:
    path = EXAMPLES / "deterrence.toml"
    code, out, _ = run("solve", str(path), "-m", "sequential", "--set", "p=0.8", "-f", "json")
    assert code == 0
    data = json.loads(out)
    # deterrence holds when p > 2/3: the challenger keeps the status quo
    assert all(
        e["strategies"]["Challenger"]["challenge?"]["status-quo"] == 1.0
        for e in data["equilibria"]
    )
    code, out, _ = run("solve", str(path), "-m", "sequential", "--set", "p=0.5", "-f", "json")
    data = json.loads(out)
    assert all(
        e["strategies"]["Challenger"]["challenge?"]["challenge"] == 1.0 for e in data["equilibria"]
    )


def test_a_tree_on_standard_input(files: dict[str, Path]) -> None:
    code, out, err = run("solve", "-", "-f", "json", input=files["horse"].read_text())
    assert code == 0, err
    assert json.loads(out)["game"]["players"] == ["1", "2", "3"]


# ---------------------------------------------------------------------- tree
@pytest.mark.parametrize(
    "name", ["chain-store.toml", "horse.efg", "beer-quiche.json", "deterrence.toml"]
)
def test_tree_prints_every_node_within_80_columns(name: str) -> None:
    code, out, err = run("tree", str(EXAMPLES / name))
    assert code == 0, err
    game = load_game(EXAMPLES / name, ExtensiveFormGame)
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    tree = lines[lines.index("") + 1 :]
    assert len(tree) >= game.num_nodes
    for label in set(game.action_labels):
        assert re.search(rf"[─*] ?{re.escape(label)}\b", out), label


def test_tree_solve_marks_the_play_and_draws_it(tmp_path: Path) -> None:
    png = tmp_path / "horse.png"
    code, out, err = run(
        "tree", str(EXAMPLES / "horse.efg"), "--method", "sequential", "--plot", str(png)
    )
    assert code == 0, err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    marked = [line for line in out.splitlines() if "─*" in line]
    # Selten's horse: the sequential equilibrium plays A then a
    assert len(marked) == 2 and "*A (1)" in marked[0] and "*a (1)" in marked[1]
    assert "Player 1 chooses A, Player 2 chooses a" in out


def test_tree_json_and_its_errors(files: dict[str, Path], tmp_path: Path) -> None:
    code, out, _ = run("tree", str(files["chain"]), "--solve", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["tree"]["players"] == ["Entrant", "Incumbent"]
    assert data["solution"]["method"] == "backward-induction" and data["marked"] == 1
    msg = _error(*run("tree", str(files["chain"]), "--solve", "-e", "5")[::2])
    assert "--equilibrium 5" in msg
    msg = _error(*run("tree", str(files["chain"]), "-m", "vertex")[::2])
    assert "tree method" in msg and "multivector solve" in msg
    normal = tmp_path / "nf.json"
    normal.write_text('{"bimatrix": {"A": [[1, 0]], "B": [[0, 1]]}}')
    msg = _error(*run("tree", str(normal))[::2])
    assert "not a tree" in msg
    msg = _error(*run("tree", str(tmp_path / "missing.efg"))[::2])
    assert "missing.efg" in msg


def test_tree_of_a_large_tree_is_summarised(tmp_path: Path) -> None:
    from multivector.games.extensive.generators import random_perfect_information_game

    path = tmp_path / "big.efg"
    save_game(random_perfect_information_game(3000, seed=1), path)
    png = tmp_path / "big.png"
    code, out, err = run("tree", str(path), "--plot", str(png))
    assert code == 0, err
    assert "shown down to depth" in out
    assert len(out.splitlines()) < 450
    assert png.exists()


# ---------------------------------------------------------------------- convert, methods
def test_convert_trees_and_refuse_tree_to_nfg(files: dict[str, Path], tmp_path: Path) -> None:
    code, out, _ = run("convert", str(files["horse"]), str(tmp_path / "h.toml"))
    assert code == 0 and "a tree of 9 nodes" in out
    back = load_game(tmp_path / "h.toml", ExtensiveFormGame)
    assert back.same_tree(selten_horse())
    msg = _error(*run("convert", str(files["horse"]), str(tmp_path / "h.nfg"))[::2])
    assert "--reduced-normal-form" in msg
    code, out, _ = run(
        "convert", str(files["horse"]), str(tmp_path / "h.nfg"), "--reduced-normal-form"
    )
    assert code == 0 and "2x2x2" in out


def test_methods_say_which_take_trees() -> None:
    code, out, _ = run("methods", "-f", "json")
    assert code == 0
    games = {m["name"]: m["game"] for m in json.loads(out)}
    assert games["sequence-form"] == "tree" and games["sequential"] == "tree"
    assert games["vertex"] == "normal form"
    code, out, _ = run("methods")
    assert "Methods on trees" in out


def test_a_tree_scenario_and_its_tree_file_print_alike(tmp_path: Path) -> None:
    """A sequential scenario goes through the tree path of ``solve``: the same JSON shape
    and the same table as the same tree read from a file, plus the scenario's era,
    parameters and words; every format works for both."""
    from multivector.games.scenarios import get_scenario

    scenario = get_scenario("sanctions-sequential")
    path = tmp_path / "sanctions.efg"
    save_game(scenario.game("2022-"), path)
    args = ["--method", "sequence-form", "--format", "json"]
    code, out, err = run("solve", "sanctions-sequential", "--era", "2022-", *args)
    assert code == 0, err
    named = json.loads(out)
    code, out, err = run("solve", str(path), *args)
    assert code == 0, err
    filed = json.loads(out)
    assert set(named) - set(filed) == {"scenario", "era", "parameters"}
    assert named["scenario"] == "sanctions-sequential" and named["era"] == "2022-"
    assert named["parameters"] == scenario.values("2022-", {}, derive=True)
    for a, b in zip(named["equilibria"], filed["equilibria"], strict=True):
        for player, sets in a["strategies"].items():
            for name, probs in sets.items():
                assert probs == pytest.approx(b["strategies"][player][name])
        assert a["words"] and "words" not in b
    # the table: one layout, the scenario adding its era and its words
    code, by_name, _ = run("solve", "sanctions-sequential", "--era", "2022-")
    assert code == 0
    code, by_file, _ = run("solve", str(path), "--method", "sequential")
    assert code == 0
    for out in (by_name, by_file):
        assert "Equilibrium 1: payoffs" in out and "  beliefs" in out and "  play" in out
    assert "era: 2022-" in by_name and "in words: " in by_name
    assert "in words: " not in by_file
    code, out, err = run("solve", "sanctions-sequential", "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[0].startswith("index,prob:")


def test_a_large_tree_lists_the_information_sets_it_reaches() -> None:
    from multivector.cli.tree import MAX_SHOWN_SETS
    from multivector.games.scenarios import get_scenario

    game = get_scenario("coercion").game("2022-")
    assert game.num_player_infosets > MAX_SHOWN_SETS
    code, out, err = run("solve", "coercion", "--era", "2022-")
    assert code == 0, err
    listed = [line for line in out.splitlines() if line.startswith("    ") and ": " in line]
    hidden = re.search(r"\((\d+) information sets off the path not shown", out)
    assert hidden is not None and "(information sets reached)" in out
    code, out, _ = run("solve", "coercion", "--era", "2022-", "--format", "json")
    every = sum(len(sets) for sets in json.loads(out)["equilibria"][0]["strategies"].values())
    assert every == game.num_player_infosets
    assert int(hidden.group(1)) + len([x for x in listed if "believes" not in x]) >= every


def test_tree_of_a_scenario_marks_the_equilibrium_solve_lists() -> None:
    code, listed, err = run("solve", "sanctions-sequential", "--era", "2014-2021", "-f", "json")
    assert code == 0, err
    solved = json.loads(listed)
    code, out, err = run("tree", "sanctions-sequential", "--era", "2014-2021", "--solve")
    assert code == 0, err
    assert "[2014-2021]" in out and f"({solved['method']}), its play:" in out
    code, out, err = run(
        "tree", "sanctions-sequential", "--era", "2014-2021", "--solve", "-f", "json"
    )
    assert code == 0, err
    marked = json.loads(out)["solution"]
    assert marked["method"] == solved["method"]
    assert marked["equilibria"][0]["strategies"] == solved["equilibria"][0]["strategies"]


@pytest.mark.parametrize(
    "args",
    [["sweep", "--vary", "p=0:1:3"], ["robustness", "--draws", "2"]],
    ids=["sweep", "robustness"],
)
def test_sweeps_refuse_a_tree_file_naming_what_they_take(args: list[str]) -> None:
    code, _, err = run(args[0], str(EXAMPLES / "deterrence.toml"), *args[1:])
    msg = _error(code, err)
    assert "deterrence.toml: a tree file" in msg and "scenarios" in msg and "--set" in msg
