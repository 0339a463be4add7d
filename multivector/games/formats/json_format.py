"""JSON game files: read, validate with precise messages, write atomically.

A game file is one JSON object::

    {
      "title": "Battle of the Sexes",
      "players": ["Ann", "Bob"],
      "strategies": {"Ann": ["opera", "football"], "Bob": ["opera", "football"]},
      "bimatrix": {"A": [[2, 0], [0, 1]], "B": [[1, 0], [0, 2]]}
    }

with the payoffs given in exactly one of three layouts: ``"payoffs"`` (the tensor of shape
``(n, s_1, ..., s_n)``), ``"bimatrix"`` (2 players; ``"B"`` omitted means zero-sum) or
``"table"`` (one row per strategy profile). Payoffs are JSON numbers or strings such as
``"2/3"``; both are kept exactly (a JSON decimal such as ``1.5`` is read as the exact
fraction ``3/2``, not as the nearest binary float), so exact solvers see the payoffs the
file states. The full schema is in ``docs/file-format.md``.

Every problem ends as a :class:`~multivector.errors.FormatError` whose message names the
file, the place in it (a key path such as ``payoffs[0][1][2]``) and the fix.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from multivector.errors import FormatError, GameError
from multivector.files import (
    NumberTextError,
    atomic_write_text,
    exact_number,
    parse_json_text,
    shorten,
)
from multivector.games.display import reads_as_decimals, short_decimal
from multivector.games.formats.registry import GameFormat
from multivector.games.normal_form import NormalFormGame, PayoffTableError, payoff_grid

__all__ = [
    "ALLOWED_KEYS",
    "FORMAT",
    "game_from_dict",
    "game_from_json",
    "game_to_dict",
    "game_to_json",
    "json_payoff",
    "parse_json",
    "read_game",
    "write_game",
]

#: The top-level keys a game file may have.
ALLOWED_KEYS: tuple[str, ...] = ("title", "players", "strategies", "payoffs", "bimatrix", "table")
_LAYOUTS = ("payoffs", "bimatrix", "table")
_NUMBER_HINT = 'write it as a JSON number (3, -1.5) or a string such as "2/3"'

Number = int | Fraction | float


class _Where:
    """Builds error messages that name the source and the key path."""

    def __init__(self, source: str | None) -> None:
        self.source = source

    def error(self, path: str, problem: str) -> FormatError:
        place = f"{path}: " if path else ""
        prefix = f"{self.source}: " if self.source else ""
        return FormatError(f"{prefix}{place}{problem}")


def _number(value: Any, path: str, where: _Where) -> Number:
    """One payoff, checked; exact values come back as int or Fraction."""
    if isinstance(value, bool):
        raise where.error(path, f"{str(value).lower()} is not a number; {_NUMBER_HINT}")
    if isinstance(value, (int, Fraction)):
        return _finite(value, path, where)
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise where.error(path, f"{value!r} is not finite; payoffs must be finite numbers")
        return float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, str):
        try:
            q = exact_number(value)
        except NumberTextError as err:
            if not err.limit:
                raise where.error(
                    path, f"{shorten(value, 40)!r} is not a number; {_NUMBER_HINT}"
                ) from None
            raise where.error(path, str(err)) from None
        return _finite(q, path, where)
    kind = "null" if value is None else type(value).__name__
    raise where.error(path, f"{kind} is not a number; {_NUMBER_HINT}")


def _finite(value: int | Fraction, path: str, where: _Where) -> int | Fraction:
    """An exact payoff whose float value exists (no overflow past 1.8e308)."""
    try:
        float(value)
    except OverflowError:
        raise where.error(
            path, "payoff is too large to compute with (beyond 1.8e308); rescale the payoffs"
        ) from None
    return value


def _label_list(value: Any, path: str, where: _Where, what: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise where.error(path, f'{what} must be a non-empty list of strings, e.g. ["a", "b"]')
    out = []
    for k, label in enumerate(value):
        if not isinstance(label, str) or not label:
            raise where.error(
                f"{path}[{k}]",
                f"{shorten(json.dumps(label, default=str), 40)} is not a label; "
                f"{what} must be non-empty strings",
            )
        out.append(label)
    if len(set(out)) < len(out):
        counts = Counter(out)
        duplicates = sorted(label for label, c in counts.items() if c > 1)
        shown = [shorten(d, 40) for d in duplicates[:5]]
        raise where.error(path, f"duplicate label(s) {shown}; {what} must be unique")
    return out


def _tensor(value: Any, path: str, where: _Where) -> np.ndarray:
    """A rectangular nested list of numbers, as an object array (exact values kept)."""
    if not isinstance(value, list):
        raise where.error(path, "must be a nested list of numbers")
    shape: list[int] = []
    probe = value
    probe_path = path
    while isinstance(probe, list):
        if not probe:
            raise where.error(probe_path, "empty list; every axis needs at least one entry")
        shape.append(len(probe))
        probe = probe[0]
        probe_path += "[0]"
    out = np.empty(tuple(shape), dtype=object)

    def at(index: tuple[int, ...]) -> str:
        return path + "".join(f"[{k}]" for k in index)

    # the shape first, level by level, without a path string per entry: a ragged file of
    # a million numbers is refused before any number is read (it took 2 s)
    level: list[Any] = [value]
    for depth, size in enumerate(shape):
        for flat, node in enumerate(level):
            if not isinstance(node, list) or len(node) != size:
                index = tuple(int(i) for i in np.unravel_index(flat, shape[:depth] or (1,)))
                index = index if depth else ()
                if not isinstance(node, list):
                    raise where.error(
                        at(index),
                        f"expected a list of {size} entries (shape {tuple(shape)}), "
                        f"found {shorten(json.dumps(node, default=str), 60)}",
                    )
                raise where.error(
                    at(index),
                    f"has {len(node)} {'entry' if len(node) == 1 else 'entries'} but the "
                    f"first list at this depth has {size}; every row must have the same "
                    "length",
                )
        level = [child for node in level for child in node]

    # ``level`` now holds the leaves in C order: each must be a number; a path is made
    # only for the error of one that is not
    flat_out = out.reshape(-1)
    for flat, leaf in enumerate(level):
        if isinstance(leaf, list):
            raise where.error(
                at(tuple(int(i) for i in np.unravel_index(flat, shape))),
                f"is a list but {probe_path} is a number; the nesting must be "
                f"regular (shape {tuple(shape)})",
            )
        try:
            flat_out[flat] = _number(leaf, path, where)
        except FormatError:
            _number(leaf, at(tuple(int(i) for i in np.unravel_index(flat, shape))), where)
            raise
    return out


def _uniform(payoffs: np.ndarray) -> np.ndarray:
    """Exact values as they are; with any float among them, every value as a float.

    A game is exact only when all of its payoffs are, so a float given from Python (files
    read by :func:`read_game` never hold one) makes the whole tensor floating-point.
    """
    flat = payoffs.ravel()
    if any(isinstance(v, float) for v in flat):
        return np.array([float(v) for v in flat], dtype=np.float64).reshape(payoffs.shape)
    return payoffs


def _players_and_strategies(
    d: Mapping[str, Any], where: _Where
) -> tuple[list[str] | None, list[list[str]] | None]:
    players = None
    if "players" in d:
        players = _label_list(d["players"], "players", where, "player names")
    strategies = None
    raw = d.get("strategies")
    if raw is None and "strategies" in d:
        raise where.error("strategies", "is null; give {player: [labels]} or [[labels], ...]")
    if isinstance(raw, Mapping):
        if players is None:
            players = _label_list(list(raw), "strategies", where, "player names")
        unknown = [p for p in raw if p not in players]
        missing = [p for p in players if p not in raw]
        if unknown or missing:
            raise where.error(
                "strategies",
                f"keys must be the players {players}"
                + (f"; unknown: {unknown}" if unknown else "")
                + (f"; missing: {missing}" if missing else ""),
            )
        strategies = [
            _label_list(raw[p], f"strategies.{p}", where, f"{p}'s strategy labels")
            for p in players
        ]
    elif isinstance(raw, list):
        strategies = [
            _label_list(s, f"strategies[{i}]", where, "strategy labels") for i, s in enumerate(raw)
        ]
        if players is not None and len(strategies) != len(players):
            raise where.error(
                "strategies",
                f"has {len(strategies)} lists for {len(players)} players; "
                "give one list of labels per player",
            )
    elif raw is not None:
        raise where.error(
            "strategies", "must be {player: [labels]} or a list of label lists, one per player"
        )
    return players, strategies


def _check_tensor_shape(
    payoffs: np.ndarray,
    path: str,
    players: list[str] | None,
    strategies: list[list[str]] | None,
    where: _Where,
) -> None:
    n = payoffs.shape[0]
    if players is not None and n != len(players):
        raise where.error(
            path,
            f"its first axis has length {n} but there are {len(players)} players; "
            "the first axis indexes the player whose payoff it is",
        )
    if payoffs.ndim != n + 1:
        raise where.error(
            path,
            f"has shape {payoffs.shape}: {n} players need {n + 1} nesting levels "
            f"(player, then one strategy axis per player), not {payoffs.ndim}",
        )
    if strategies is not None:
        counts = tuple(len(s) for s in strategies)
        if counts != payoffs.shape[1:]:
            raise where.error(
                path,
                f"has shape {payoffs.shape} but the strategy labels give "
                f"{counts} strategies; the shape must be ({n}, {', '.join(map(str, counts))})",
            )


def _from_table(
    rows: Any,
    players: list[str] | None,
    strategies: list[list[str]] | None,
    where: _Where,
) -> tuple[np.ndarray, list[str] | None, list[list[str]]]:
    if not isinstance(rows, list) or not rows:
        raise where.error("table", 'must be a non-empty list of {"profile", "payoffs"} rows')
    parsed: list[tuple[list[str], list[Number], int]] = []
    n = len(players) if players is not None else None
    for r, row in enumerate(rows):
        here = f"table[{r}]"
        if not isinstance(row, Mapping):
            raise where.error(here, 'each row must be {"profile": ..., "payoffs": ...}')
        extra = sorted(set(row) - {"profile", "payoffs"})
        if extra:
            raise where.error(here, f'unknown key(s) {extra}; a row has "profile" and "payoffs"')
        for required in ("profile", "payoffs"):
            if required not in row:
                raise where.error(here, f"missing {required!r}")
        profile, values = row["profile"], row["payoffs"]
        if (isinstance(profile, Mapping) or isinstance(values, Mapping)) and players is None:
            raise where.error(
                here,
                'uses player names as keys; list the players under "players" '
                "(or give profile and payoffs as lists in player order)",
            )
        if n is None:
            n = len(profile) if isinstance(profile, list) else None
            if n is None:
                raise where.error(f"{here}.profile", "must be a list of labels or {player: label}")
        labels = _row_entries(profile, f"{here}.profile", players, n, where)
        for k, label in enumerate(labels):
            if not isinstance(label, str) or not label:
                at = (
                    f"{here}.profile.{players[k]}"
                    if isinstance(profile, Mapping) and players
                    else f"{here}.profile[{k}]"
                )
                raise where.error(
                    at, f"{shorten(json.dumps(label, default=str), 40)} is not a strategy label"
                )
        raw_values = _row_entries(values, f"{here}.payoffs", players, n, where)
        nums = []
        for k, v in enumerate(raw_values):
            at = (
                f"{here}.payoffs.{players[k]}"
                if isinstance(values, Mapping) and players
                else f"{here}.payoffs[{k}]"
            )
            nums.append(_number(v, at, where))
        parsed.append((labels, nums, r))
    assert n is not None
    if strategies is not None and len(strategies) != n:
        raise where.error(
            "strategies", f"gives {len(strategies)} players; the table rows give {n}"
        )
    try:
        grid, strategies = payoff_grid([(labels, nums) for labels, nums, _ in parsed], strategies)
    except PayoffTableError as err:
        if err.problem == "unknown":
            assert err.row is not None and err.player is not None
            i = err.player
            who = players[i] if players else f"player {i + 1}"
            label = err.profile[i]
            raise where.error(
                f"table[{err.row}].profile",
                f"{who} has no strategy {shorten(label, 40)!r}; its strategies are "
                f"{shorten(str(err.labels[i]), 200)}",
            ) from None
        if err.problem == "duplicate":
            raise where.error(
                f"table[{err.row}]",
                f"profile {shorten(str(list(err.profile)), 100)} already given in "
                f"table[{err.first_row}]; "
                "give each profile once",
            ) from None
        shape = tuple(len(s) for s in err.labels)
        raise where.error(
            "table",
            f"profile {shorten(str(list(err.profile)), 100)} has no row; every strategy "
            f"profile needs payoffs ({math.prod(shape)} rows for shape {shape})",
        ) from None
    return grid, players, strategies


def _row_entries(
    value: Any, path: str, players: list[str] | None, n: int, where: _Where
) -> list[Any]:
    if isinstance(value, Mapping):
        assert players is not None
        unknown = [p for p in value if p not in players]
        missing = [p for p in players if p not in value]
        if unknown or missing:
            raise where.error(
                path,
                f"keys must be the players {players}"
                + (f"; unknown: {unknown}" if unknown else "")
                + (f"; missing: {missing}" if missing else ""),
            )
        return [value[p] for p in players]
    if isinstance(value, list):
        if len(value) != n:
            raise where.error(path, f"has {len(value)} entries; give one per player ({n})")
        return list(value)
    raise where.error(path, "must be a list (in player order) or an object keyed by player")


def game_from_dict(d: Mapping[str, Any], *, source: str | None = None) -> NormalFormGame:
    """Build a game from the parsed contents of a JSON game file.

    Parameters
    ----------
    d : mapping
        The file's top-level object (see the module docstring and ``docs/file-format.md``).
    source : str, optional
        Name of the file, prefixed to error messages.

    Returns
    -------
    NormalFormGame
        With exact payoffs (:attr:`NormalFormGame.exact_payoffs`) when every payoff is an
        integer, a fraction string or a decimal read by :func:`read_game`.

    Raises
    ------
    FormatError
        Naming the place (key path) and the fix, for an unknown key, a missing or second
        payoff layout, a ragged list, a non-number or a label mismatch; a
        :class:`~multivector.errors.GameError` from the game's own validation is re-raised
        as FormatError with the source prefixed.

    Examples
    --------
    >>> g = game_from_dict({
    ...     "players": ["Ann", "Bob"],
    ...     "bimatrix": {"A": [[2, 0], [0, 1]], "B": [["1", 0], [0, "3/2"]]}})
    >>> g.shape, str(g.exact_payoffs[1][1, 1])
    ((2, 2), '3/2')
    >>> game_from_dict({"payoffs": [[1, 2]], "colour": "red"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: unknown top-level key(s) ['colour']; allowed keys are ...
    """
    where = _Where(source)
    if not isinstance(d, Mapping):
        raise where.error(
            "", f"the file must hold a JSON object {{...}}, not a {type(d).__name__}"
        )
    unknown = [k for k in d if k not in ALLOWED_KEYS]
    if unknown:
        raise where.error(
            "", f"unknown top-level key(s) {unknown}; allowed keys are {', '.join(ALLOWED_KEYS)}"
        )
    layouts = [k for k in _LAYOUTS if k in d]
    if len(layouts) != 1:
        found = f"found {' and '.join(layouts)}" if layouts else "found none"
        raise where.error(
            "", f'give the payoffs in exactly one of "payoffs", "bimatrix" or "table" ({found})'
        )
    title = d.get("title", "")
    if not isinstance(title, str):
        raise where.error("title", "must be a string")
    players, strategies = _players_and_strategies(d, where)
    layout = layouts[0]
    try:
        if layout == "payoffs":
            tensor = _tensor(d["payoffs"], "payoffs", where)
            _check_tensor_shape(tensor, "payoffs", players, strategies, where)
            return NormalFormGame(_uniform(tensor), players, strategies, title=title)
        if layout == "bimatrix":
            return _from_bimatrix(d["bimatrix"], players, strategies, title, where)
        grid, players, labels = _from_table(d["table"], players, strategies, where)
        return NormalFormGame(_uniform(grid), players, labels, title=title)
    except GameError as err:
        prefix = f"{source}: " if source else ""
        raise FormatError(f"{prefix}{err}") from None


def _from_bimatrix(
    value: Any,
    players: list[str] | None,
    strategies: list[list[str]] | None,
    title: str,
    where: _Where,
) -> NormalFormGame:
    if not isinstance(value, Mapping):
        raise where.error("bimatrix", 'must be {"A": [[...]], "B": [[...]]}')
    extra = sorted(set(value) - {"A", "B"})
    if extra:
        raise where.error("bimatrix", f'unknown key(s) {extra}; use "A" (row) and "B" (column)')
    if "A" not in value:
        raise where.error("bimatrix", 'missing "A", the row player\'s payoff matrix')
    if players is not None and len(players) != 2:
        raise where.error("bimatrix", f'is for 2 players; "players" lists {len(players)}')
    A = _tensor(value["A"], "bimatrix.A", where)
    if A.ndim != 2:
        raise where.error("bimatrix.A", f"must be a matrix (list of rows); got shape {A.shape}")
    if "B" in value:
        B = _tensor(value["B"], "bimatrix.B", where)
        if B.shape != A.shape:
            raise where.error(
                "bimatrix.B",
                f"has shape {B.shape} but A has shape {A.shape}; both are "
                "(row strategies, column strategies)",
            )
    else:
        B = np.vectorize(lambda v: -v, otypes=[object])(A)
    tensor = _uniform(np.stack([A, B]))
    _check_tensor_shape(tensor, "bimatrix", players, strategies, where)
    return NormalFormGame(tensor, players, strategies, title=title)


def read_game(path: str | os.PathLike[str]) -> NormalFormGame:
    """Read a JSON game file.

    Parameters
    ----------
    path : str or path-like
        The file to read.

    Returns
    -------
    NormalFormGame

    Raises
    ------
    FormatError
        When the file cannot be read, is not valid JSON, or does not describe a game; the
        message names the file, the place and the fix.

    Notes
    -----
    JSON decimals are parsed as exact fractions (``0.1`` is ``1/10``), so a game whose
    payoffs are all written as integers, decimals or ``"p/q"`` strings has exact payoffs.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "mp.json"
    >>> _ = p.write_text('{"bimatrix": {"A": [[1, -1], [-1, 1]]}}')
    >>> read_game(p).payoffs[1].tolist()
    [[-1.0, 1.0], [1.0, -1.0]]
    """
    return FORMAT.read_file(path)


def parse_json(text: str, *, source: str | None = None, exact: bool = False) -> Any:
    """Parse JSON text within the input limits; every problem is a FormatError naming the
    place (see :func:`multivector.files.parse_json_text`).

    Parameters
    ----------
    text : str
    source : str, optional
        The file's name, at the start of messages.
    exact : bool
        Read decimals as exact fractions (``0.1`` is ``1/10``), as game files need.

    Examples
    --------
    >>> parse_json('{"a": 0.1}', exact=True)
    {'a': Fraction(1, 10)}
    >>> parse_json('{"a": 1,}', source="g.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: g.json: line 1 column 9: invalid JSON: Expecting ...
    """
    return parse_json_text(text, source, exact=exact)


def game_from_json(text: str, *, source: str | None = None) -> NormalFormGame:
    """Build a game from the text of a JSON game file (see :func:`read_game`).

    A parametric file (one with a ``parameters`` table, see
    :mod:`~multivector.games.formats.parametric`) gives its game at the default values.

    Examples
    --------
    >>> game_from_json('{"payoffs": [[[0, 1]], [[0.5, "1/3"]]]}').exact_payoffs[1].tolist()
    [[Fraction(1, 2), Fraction(1, 3)]]
    """
    data = parse_json(text, source=source, exact=True)
    if isinstance(data, Mapping) and "parameters" in data:
        from multivector.games.formats.parametric import parametric_from_dict

        plain = parse_json(text, source=source)
        return parametric_from_dict(plain, source=source or "<json text>").game()
    return game_from_dict(data, source=source)


def json_payoff(value: Any, *, decimal: bool = False) -> Any:
    """A payoff as JSON data: int when integral, "p/q" for other fractions, else float.

    With ``decimal=True`` (see :func:`~multivector.games.display.reads_as_decimals`) a
    fraction with a short exact decimal is written as that decimal, a JSON number that
    reads back as the same fraction.

    Examples
    --------
    >>> json_payoff(Fraction(4, 2)), json_payoff(Fraction(1, 3)), json_payoff(2.5)
    (2, '1/3', 2.5)
    >>> json_payoff(Fraction(-7, 250), decimal=True)
    -0.028
    """
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return value.numerator
        short = short_decimal(value) if decimal else None
        return str(value) if short is None else short
    if isinstance(value, (int, np.integer)):
        return int(value)
    f = float(value)
    return int(f) if f.is_integer() and abs(f) < 2**53 else f


def game_to_dict(
    game: NormalFormGame, *, layout: Literal["payoffs", "bimatrix", "table"] = "payoffs"
) -> dict[str, Any]:
    """The JSON-ready contents of a game file; :func:`game_from_dict` reads it back.

    Parameters
    ----------
    game : NormalFormGame
    layout : {"payoffs", "bimatrix", "table"}
        How to lay out the payoffs. ``"bimatrix"`` needs a 2-player game.

    Returns
    -------
    dict
        Exact payoffs are written as integers or ``"p/q"`` strings, or as decimals when
        the game reads as decimals
        (:func:`~multivector.games.display.reads_as_decimals`); float payoffs as JSON
        numbers (integral floats as integers).

    Raises
    ------
    FormatError
        For ``layout="bimatrix"`` on a game that does not have 2 players, or an unknown
        layout.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, "1/2"]], [[0, 2]], players=["R", "C"])
    >>> game_to_dict(g, layout="bimatrix")["bimatrix"]
    {'A': [[1, '1/2']], 'B': [[0, 2]]}
    """
    if layout not in _LAYOUTS:
        raise FormatError(f"unknown layout {layout!r}; choose one of {list(_LAYOUTS)}")
    source = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    decimal = game.exact_payoffs is not None and reads_as_decimals(game.exact_payoffs)
    values = np.vectorize(lambda v: json_payoff(v, decimal=decimal), otypes=[object])(source)
    out: dict[str, Any] = {}
    if game.title:
        out["title"] = game.title
    out["players"] = list(game.players)
    out["strategies"] = {p: list(s) for p, s in zip(game.players, game.strategies, strict=True)}
    if layout == "payoffs":
        out["payoffs"] = values.tolist()
    elif layout == "bimatrix":
        if game.num_players != 2:
            raise FormatError(
                f"layout 'bimatrix' needs a 2-player game; this one has {game.num_players} "
                "players. Use layout='payoffs' or 'table'"
            )
        out["bimatrix"] = {"A": values[0].tolist(), "B": values[1].tolist()}
    else:
        out["table"] = [
            {
                "profile": {
                    p: game.strategies[i][k]
                    for i, (p, k) in enumerate(zip(game.players, profile, strict=True))
                },
                "payoffs": {p: values[(i, *profile)] for i, p in enumerate(game.players)},
            }
            for profile in game.profiles()
        ]
    return out


def write_game(
    game: NormalFormGame,
    path: str | os.PathLike[str],
    *,
    layout: Literal["payoffs", "bimatrix", "table"] = "payoffs",
) -> None:
    """Write a game as a JSON file, atomically.

    The text goes to a temporary file in the same folder, which then replaces ``path`` in
    one step (``os.replace``): a reader never sees a half-written file, and an existing
    file survives a failed write.

    Parameters
    ----------
    game : NormalFormGame
    path : str or path-like
    layout : {"payoffs", "bimatrix", "table"}
        See :func:`game_to_dict`.

    Raises
    ------
    FormatError
        When the file cannot be written (the message names it).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "pd.json"
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> write_game(pd, p)
    >>> read_game(p) == pd
    True
    """
    atomic_write_text(path, game_to_json(game, layout=layout))


def game_to_json(
    game: NormalFormGame, *, layout: Literal["payoffs", "bimatrix", "table"] = "payoffs"
) -> str:
    """The text of a JSON game file (see :func:`game_to_dict`), indented, one newline last.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, 0]], [[2, "1/2"]])
    >>> text = game_to_json(g, layout="bimatrix")
    >>> json.loads(text)["bimatrix"], game_from_json(text) == g
    ({'A': [[1, 0]], 'B': [[2, '1/2']]}, True)
    """
    return json.dumps(game_to_dict(game, layout=layout), indent=2, ensure_ascii=False) + "\n"


def _looks_like_json_game(text: str) -> bool:
    """A JSON object that is not a tree file (those hold extensive-form games)."""
    if not text.lstrip().startswith("{"):
        return False
    from multivector.games.formats.tree import sniff_json as is_tree

    return not is_tree(text)


#: The JSON game file format, for the registry.
FORMAT = GameFormat(
    name="json",
    suffixes=(".json",),
    description="JSON game file",
    game_type=NormalFormGame,
    read=game_from_json,
    write=game_to_json,
    sniff=_looks_like_json_game,
    signature="a JSON game file starts with '{'",
)
