"""Payoffs computed from decimals stay the decimals they are: parametric files are
evaluated in rational arithmetic, and a game of decimals is written back in decimals."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame
from multivector.games.display import format_number, reads_as_decimals
from multivector.games.formats import convert_game, game_to_nfg, load_game
from multivector.games.formats.json_format import game_to_dict
from multivector.games.formats.parametric import compile_expression, parametric_from_dict
from multivector.games.formats.toml_format import game_to_toml, parse_toml

# The parametric file of docs/scenarios.md (shipped as examples/my.toml).
MY_TOML = Path(__file__).resolve().parents[2] / "examples" / "my.toml"


def _model() -> object:
    return parametric_from_dict(parse_toml(MY_TOML.read_text()), source="my.toml")


def test_formula_cells_are_the_decimals_they_compute() -> None:
    # premium - autonomy - leverage * 0.035 = 0.05 - 0.05 - 0.8 * 0.035 = -0.028 exactly;
    # 0.3 - cost = 0.2; max(0, 0.15 * leverage - cost) = 0.12 - 0.1 = 0.02
    game = _model().game()  # type: ignore[attr-defined]
    assert game.exact_payoffs is not None
    align, balance = 0, 1
    accommodate, coerce = 0, 1
    assert game.exact_payoffs[0, align, coerce] == Fraction("-0.028")
    assert game.exact_payoffs[1, align, coerce] == Fraction("0.2")
    assert game.exact_payoffs[1, balance, coerce] == Fraction("0.02")
    assert game.exact_payoffs[1, align, accommodate] == Fraction("0.3")
    # the float payoffs are the nearest floats to those decimals, not the sums of floats
    assert game.payoffs[0, align, coerce] == -0.028
    assert game.payoffs[1, align, coerce] == 0.2


def test_overrides_are_read_as_their_decimals() -> None:
    game = _model().game(overrides={"leverage": 0.5})  # type: ignore[attr-defined]
    assert game.exact_payoffs is not None
    assert game.exact_payoffs[0, 1, 1] == Fraction("-0.0175")  # -0.5 * 0.035


@pytest.mark.parametrize("suffix", [".json", ".toml", ".nfg"])
def test_convert_writes_the_decimals(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"my{suffix}"
    convert_game(MY_TOML, out)
    text = out.read_text()
    assert "-0.028" in text
    assert "0000000" not in text and "9999999" not in text and "/" not in text
    back = load_game(out)
    assert back.exact_payoffs is not None
    assert back.exact_payoffs.tolist() == _model().game().exact_payoffs.tolist()  # type: ignore[attr-defined]


def test_a_fractional_power_keeps_floats() -> None:
    e = compile_expression("a ** 0.5", {"a"})
    assert e.evaluate_exact({"a": Fraction(2)}) is None
    assert compile_expression("a ** 2 / 4", {"a"}).evaluate_exact({"a": Fraction(3, 10)}) == (
        Fraction(9, 400)
    )
    data = {
        "parameters": {"a": 2},
        "bimatrix": {"A": [["a ** 0.5"]], "B": [["a"]]},
    }
    game = parametric_from_dict(data).game()
    assert game.exact_payoffs is None
    assert game.payoffs[0, 0, 0] == pytest.approx(2**0.5)


def test_division_by_zero_is_still_refused() -> None:
    from multivector.errors import FormatError

    data = {"parameters": {"a": 0}, "bimatrix": {"A": [["1 / a"]], "B": [["a"]]}}
    with pytest.raises(FormatError, match="division by zero"):
        parametric_from_dict(data).game()


_DECIMALS = st.decimals(
    min_value=Decimal("-100"), max_value=Decimal("100"), places=3, allow_nan=False
)


@settings(max_examples=60, deadline=None)
@given(a=_DECIMALS, b=_DECIMALS, c=_DECIMALS)
def test_exact_evaluation_is_rational_arithmetic_on_the_decimals(
    a: Decimal, b: Decimal, c: Decimal
) -> None:
    e = compile_expression("max(a, b) - abs(c) * 0.125 + (a - b) / 4", {"a", "b", "c"})
    fa, fb, fc = (Fraction(str(x)) for x in (a, b, c))
    exact = e.evaluate_exact({"a": fa, "b": fb, "c": fc})
    assert exact == max(fa, fb) - abs(fc) * Fraction(1, 8) + (fa - fb) / 4
    floats = e.evaluate({"a": float(a), "b": float(b), "c": float(c)}).item()
    assert floats == pytest.approx(float(exact), abs=1e-9)


def test_which_games_read_as_decimals() -> None:
    assert reads_as_decimals([Fraction(3, 10), Fraction(1, 2), 4])
    assert not reads_as_decimals([Fraction(1, 2), Fraction(1, 4)])  # halves and quarters
    assert not reads_as_decimals([Fraction(1, 3), Fraction(1, 10)])  # a third: fractions
    assert not reads_as_decimals([1, 2])  # integers only
    assert not reads_as_decimals([Fraction(123456789012345678901, 10**21)])  # 21 digits
    assert format_number(Fraction(1, 20), decimal=True) == "0.05"


def test_games_of_halves_keep_their_fractions_in_files() -> None:
    g = NormalFormGame.from_bimatrix([[1, "1/2"]], [[0, 2]])
    assert game_to_dict(g)["payoffs"][0] == [[1, "1/2"]]
    assert "1/2" in game_to_nfg(g) and '"1/2"' in game_to_toml(g)


def test_a_game_of_tenths_is_written_in_decimals() -> None:
    g = NormalFormGame.from_bimatrix([["0.1", "1/2"]], [["-0.3", 2]])
    data = json.loads(json.dumps(game_to_dict(g)))
    assert data["payoffs"] == [[[0.1, 0.5]], [[-0.3, 2]]]
    assert "0.1 -0.3 0.5 2" in game_to_nfg(g)
