"""Gambit's strategic-form file format (``.nfg``): read both of its forms, write one.

A ``.nfg`` file starts with a header ``NFG 1 R "title" { "Player 1" "Player 2" }``, then
the strategies, either as counts ``{ 3 2 }`` or as label lists
``{ { "U" "D" } { "L" "R" } }``, then an optional comment string, then the payoffs in one
of two forms:

* payoff-vector form: for each strategy profile, every player's payoff in player order;
* outcome form: a list of outcomes ``{ "name" u_1, u_2, ... }`` followed by one outcome
  index per profile (``0`` is the null outcome, all payoffs zero).

In both forms profiles are listed with player 1's strategy changing fastest, then player
2's, and so on (the order of Gambit's ``StrategySupportProfile`` iteration).

Payoffs are kept exactly: integers stay integers, decimals such as ``1.5`` and fractions
such as ``3/2`` are passed on as text and become exact fractions in
:attr:`~multivector.games.normal_form.NormalFormGame.exact_payoffs`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from multivector.errors import FormatError, GameError
from multivector.files import (
    MAX_PROFILES,
    NumberTextError,
    atomic_write_text,
    check_number_text,
    check_profile_count,
    exact_number,
    shorten,
)
from multivector.games.display import reads_as_decimals
from multivector.games.formats.json_format import json_payoff
from multivector.games.formats.registry import GameFormat
from multivector.games.normal_form import NormalFormGame

__all__ = ["FORMAT", "game_from_nfg", "game_to_nfg", "looks_like_nfg", "read_nfg", "write_nfg"]

_TOKEN = re.compile(
    r"""
    (?P<space>[\s,]+)                       # commas separate payoffs in outcomes
  | (?P<string>"[^"\\]*(?:\\.[^"\\]*)*")    # quoted, with backslash escapes (runs of
                                            # plain characters at once: an alternation per
                                            # character took 190 bytes a character)
  | (?P<brace>[{}])
  | (?P<word>[^\s{}",]+)
  | (?P<bad>")                              # a quote that no other quote closes
    """,
    re.VERBOSE | re.DOTALL,
)
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_RATIONAL = re.compile(r"[+-]?\d+/\d+")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
# text up to the first quote that no other quote closes (possessive: no backtracking)
_CLOSED_STRINGS = re.compile(r'(?:[^"]++|"(?:[^"\\]++|\\.)*+")*+', re.DOTALL)

Payoff = int | Fraction


class _Token(NamedTuple):
    kind: str  # "string", "brace", "word"
    text: str
    pos: int  # offset in the file's text, for the line of a message


def _tokens(text: str) -> Iterator[_Token]:
    """The tokens of an .nfg file, one at a time (the regular expression runs over the
    whole text in C; nothing is kept but the payoffs the reader takes)."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "space":
            continue
        value = m.group()
        if kind == "string":
            value = value[1:-1]
            if "\\" in value:
                value = _ESCAPE.sub(r"\1", value)
        assert kind is not None
        yield _Token(kind, value, m.start())


class _Reader:
    """A cursor over the tokens, with messages naming the line."""

    def __init__(self, text: str, where: str) -> None:
        self.text = text
        self.where = where
        self._tokens = _tokens(text)
        self._next: _Token | None = None
        self._last: _Token | None = None
        self._fill()

    def _fill(self) -> None:
        self._next = next(self._tokens, None)
        if self._next is not None and self._next.kind == "bad":
            raise self.error("unterminated string; close it with a double quote", self._next)

    def line(self, token: _Token) -> int:
        return self.text.count("\n", 0, token.pos) + 1

    def error(self, problem: str, token: _Token | None = None) -> FormatError:
        token = token if token is not None else self.peek()
        at = f"line {self.line(token)}" if token is not None else "end of file"
        return FormatError(f"{self.where}: {at}: {problem}")

    def peek(self) -> _Token | None:
        return self._next

    def advance(self) -> None:
        """Step over the next token."""
        self._last = self._next
        self._fill()

    def take(self) -> _Token | None:
        """The next token, or None at the end of the file."""
        token = self._next
        if token is not None:
            self.advance()
        return token

    def next(self, what: str) -> _Token:
        token = self._next
        if token is None:
            raise self.error(f"file ends where {what} was expected", self._last)
        self.advance()
        return token

    def expect(self, kind: str, what: str, text: str | None = None) -> _Token:
        token = self.next(what)
        if token.kind != kind or (text is not None and token.text != text):
            shown = f'"{token.text}"' if token.kind == "string" else token.text
            raise self.error(f"expected {what}, found {shorten(shown, 40)}", token)
        return token

    def at(self, kind: str, text: str | None = None) -> bool:
        token = self._next
        return token is not None and token.kind == kind and (text is None or token.text == text)

    def strings_in_braces(self, what: str) -> list[str]:
        self.expect("brace", f"'{{' opening the {what}", "{")
        out = []
        while not self.at("brace", "}"):
            out.append(self.expect("string", f"a quoted name in the {what}").text)
        self.advance()
        return out


def _payoff(token: _Token, reader: _Reader) -> Payoff:
    text = token.text
    if _INTEGER.fullmatch(text) or _RATIONAL.fullmatch(text) or _DECIMAL.fullmatch(text):
        try:
            value = exact_number(text)  # digits and exponent checked before conversion
            float(value)
        except NumberTextError as err:
            raise reader.error(str(err), token) from None
        except OverflowError:
            raise reader.error(
                f"payoff {shorten(text, 40)} is too large to compute with (beyond 1.8e308); "
                "rescale the payoffs",
                token,
            ) from None
        return value
    raise reader.error(
        f"expected a payoff (an integer, a decimal such as 1.5 or a fraction such as 3/2), "
        f"found {shorten(text, 40)!r}",
        token,
    )


def game_from_nfg(text: str, *, source: str | None = None) -> NormalFormGame:
    """Parse the text of a Gambit ``.nfg`` file (either form).

    Parameters
    ----------
    text : str
        The file's contents.
    source : str, optional
        The file's name, for error messages (default ``"<nfg text>"``).

    Returns
    -------
    NormalFormGame
        With the file's title, player names and strategy labels (Gambit's default labels
        ``"1"``, ``"2"``, ... when the file gives only counts; an empty name is replaced
        by the same default) and exact payoffs.

    Raises
    ------
    FormatError
        With the line and what was expected there.

    Notes
    -----
    The format is Gambit's strategic-game file format (The Gambit Project, "Game
    representation formats", *Gambit documentation*, section "The strategic game (.nfg)
    file format, payoff version" and "outcome version").

    Examples
    --------
    >>> g = game_from_nfg('NFG 1 R "PD" { "Row" "Col" } { 2 2 } 3 3 5 0 0 5 1 1')
    >>> g.players, g.payoffs[0].tolist()
    (('Row', 'Col'), [[3.0, 0.0], [5.0, 1.0]])
    """
    where = source or "<nfg text>"
    closed = _CLOSED_STRINGS.match(text)
    if closed is not None and closed.end() < len(text):
        line = text.count("\n", 0, closed.end()) + 1
        raise FormatError(
            f"{where}: line {line}: unterminated string; close it with a double quote"
        )
    reader = _Reader(text, where)
    first = reader.next("the header 'NFG 1 R'")
    if first.kind != "word" or first.text != "NFG":
        raise reader.error(
            "not a Gambit strategic-form file: it must start with 'NFG 1 R' "
            "(extensive-form .efg files are not supported)",
            first,
        )
    version = reader.expect("word", "the format version 1")
    if version.text != "1":
        raise reader.error(
            f"format version {shorten(version.text, 20)} is not supported; only 1 is", version
        )
    number_kind = reader.expect("word", "'R' (rational) or 'D' (decimal)")
    if number_kind.text not in ("R", "D"):
        raise reader.error(
            f"expected 'R' or 'D' after the version, found {shorten(number_kind.text, 20)!r}",
            number_kind,
        )
    title = reader.expect("string", "the quoted title").text
    players = reader.strings_in_braces("player list")
    n = len(players)
    if n < 2:
        raise reader.error(f"the file names {n} player(s); a game needs at least 2")
    strategies = _read_strategies(reader, n)
    if reader.at("string"):
        reader.advance()  # the comment, which the game type does not keep
    shape = tuple(s if isinstance(s, int) else len(s) for s in strategies)
    num_profiles = check_profile_count(shape, where)
    # the payoffs are read before the table is allocated, so that a header declaring more
    # profiles than the file holds ends at the end of the file, not in memory
    if reader.at("brace", "{"):
        rows = _read_outcome_form(reader, n, num_profiles, shape)
    else:
        rows = []
        for profile in _profiles_player1_fastest(shape):
            row = []
            for i in range(n):
                token = reader.take()
                if token is None:  # the message is built only when it is needed
                    reader.next(f"payoff of player {i + 1} at profile {_one_based(profile)}")
                    raise AssertionError  # pragma: no cover - next() raised
                row.append(_payoff(token, reader))
            rows.append(row)
    payoffs = np.empty((n, *shape), dtype=object)
    for profile, values in zip(_profiles_player1_fastest(shape), rows, strict=True):
        for i in range(n):
            payoffs[(i, *profile)] = values[i]
    leftover = reader.peek()
    if leftover is not None:
        raise reader.error(
            f"unexpected {shorten(leftover.text, 40)!r} after the last payoff; the header "
            f"declares {num_profiles} profiles of {n} payoffs",
            leftover,
        )
    players = [name or f"Player {i + 1}" for i, name in enumerate(players)]
    # Gambit's labels of strategies given as counts, made only now that the payoffs show
    # the counts are real
    labels = [
        [str(k + 1) for k in range(s)]
        if isinstance(s, int)
        else [label or str(k + 1) for k, label in enumerate(s)]
        for s in strategies
    ]
    try:
        return NormalFormGame(payoffs, players, labels, title=title.strip())
    except GameError as err:
        raise FormatError(f"{where}: {err}") from None


def _read_strategies(reader: _Reader, n: int) -> list[list[str] | int]:
    """Each player's strategy labels, or their count when the file gives only that."""
    reader.expect("brace", "'{' opening the strategies (counts or label lists)", "{")
    strategies: list[list[str] | int] = []
    while not reader.at("brace", "}"):
        token = reader.peek()
        if token is not None and token.kind == "brace" and token.text == "{":
            strategies.append(
                reader.strings_in_braces(f"strategy labels of player {len(strategies) + 1}")
            )
        else:
            count = reader.expect("word", "a strategy count or a '{' list of labels")
            if (
                not _INTEGER.fullmatch(count.text)
                or check_number_text(count.text) is not None
                or not 1 <= int(count.text) <= MAX_PROFILES
            ):
                raise reader.error(
                    f"strategy count {shorten(count.text, 40)!r} must be a positive integer "
                    f"of at most {MAX_PROFILES:,}",
                    count,
                )
            strategies.append(int(count.text))
            check_profile_count(
                [s if isinstance(s, int) else len(s) for s in strategies], reader.where
            )
    closing = reader.next("'}'")
    if len(strategies) != n:
        raise reader.error(
            f"the strategies give {len(strategies)} players but the header names {n}", closing
        )
    for i, labels in enumerate(strategies):
        if labels == []:
            raise reader.error(f"player {i + 1} has no strategies; give at least one", closing)
    return strategies


def _read_outcome_form(
    reader: _Reader, n: int, num_profiles: int, shape: tuple[int, ...]
) -> list[list[Payoff]]:
    """The outcome list and one index per profile: each profile's payoffs, in Gambit's
    order."""
    reader.expect("brace", "'{' opening the outcome list", "{")
    outcomes: list[list[Payoff]] = []
    while not reader.at("brace", "}"):
        reader.expect("brace", f"'{{' opening outcome {len(outcomes) + 1}", "{")
        if reader.at("string"):
            reader.advance()  # outcome name
        values = []
        while not reader.at("brace", "}"):
            values.append(_payoff(reader.next(f"a payoff of outcome {len(outcomes) + 1}"), reader))
        closing = reader.next("'}'")
        if len(values) != n:
            raise reader.error(
                f"outcome {len(outcomes) + 1} has {len(values)} payoffs; give one per "
                f"player ({n})",
                closing,
            )
        outcomes.append(values)
    reader.advance()
    null: list[Payoff] = [0] * n
    rows = []
    for profile in _profiles_player1_fastest(shape):
        token = reader.next(
            f"the outcome index of profile {_one_based(profile)} ({num_profiles} indices, "
            "one per profile)"
        )
        if (
            not _INTEGER.fullmatch(token.text)
            or len(token.text) > 12
            or not 0 <= int(token.text) <= len(outcomes)
        ):
            raise reader.error(
                f"outcome index {shorten(token.text, 40)!r} must be an integer from 0 (null "
                f"outcome) to {len(outcomes)}",
                token,
            )
        k = int(token.text)
        rows.append(outcomes[k - 1] if k else null)
    return rows


def _profiles_player1_fastest(shape: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
    """All profiles, player 1's strategy changing fastest (Gambit's order)."""
    # an odometer, not itertools.product, which would first build a tuple of each range
    index = [0] * len(shape)
    while True:
        yield tuple(index)
        for i, s in enumerate(shape):
            index[i] += 1
            if index[i] < s:
                break
            index[i] = 0
        else:
            return


def _one_based(profile: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(k + 1 for k in profile)


def read_nfg(source: str | os.PathLike[str]) -> NormalFormGame:
    """Read a Gambit ``.nfg`` file, or parse ``.nfg`` text.

    Parameters
    ----------
    source : str or path-like
        A path, or the text of a file itself (a string whose first word is ``NFG``).

    Returns
    -------
    NormalFormGame
        See :func:`game_from_nfg`.

    Raises
    ------
    FormatError
        When the file cannot be read or parsed; the message names the file and the line.

    Examples
    --------
    >>> g = read_nfg('''NFG 1 R "Matching pennies" { "1" "2" }
    ... { { "H" "T" } { "H" "T" } } ""
    ... { { "" 1, -1 } { "" -1, 1 } }
    ... 1 2 2 1''')
    >>> g.strategies, g.payoffs[0].tolist()
    ((('H', 'T'), ('H', 'T')), [[1.0, -1.0], [-1.0, 1.0]])
    """
    if isinstance(source, str) and looks_like_nfg(source) and "{" in source:
        return game_from_nfg(source)
    return FORMAT.read_file(source)


def looks_like_nfg(text: str) -> bool:
    """Whether text starts like a Gambit strategic-form file (``NFG 1 ...``).

    Examples
    --------
    >>> looks_like_nfg('NFG 1 R "PD" { "1" "2" }'), looks_like_nfg("EFG 2 R")
    (True, False)
    """
    return re.match(r"\s*NFG\s+\d", text) is not None


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _nfg_number(value: object, decimal: bool = False) -> str:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        # a game that reads as decimals (0.3, -0.028) is written in decimals, exactly
        short = json_payoff(value, decimal=decimal)
        return str(value) if isinstance(short, str) else format(Decimal(repr(short)), "f")
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    f = float(value)  # type: ignore[arg-type]
    if f.is_integer():
        return str(int(f))
    # plain decimal text, no exponent: Gambit's reader does not take 1e-05
    return format(Decimal(repr(f)), "f")


def game_to_nfg(game: NormalFormGame) -> str:
    """The text of a Gambit ``.nfg`` file (payoff-vector form, labelled strategies).

    Exact payoffs are written as integers and fractions ``p/q`` (as plain decimals when
    the game reads as decimals: ``reads_as_decimals``); float payoffs as plain
    decimals of their shortest round-tripping form, so :func:`read_nfg` gives back equal
    payoffs.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, 0]], [["1/2", 2]], strategies=[["U"], ["L", "R"]])
    >>> print(game_to_nfg(g))
    NFG 1 R "" { "P1" "P2" }
    { { "U" }
    { "L" "R" }
    }
    ""
    <BLANKLINE>
    1 1/2 0 2
    <BLANKLINE>
    """
    source = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    lines = [
        f"NFG 1 R {_quote(game.title)} {{ {' '.join(_quote(p) for p in game.players)} }}",
        "{ "
        + "\n".join(
            "{ " + " ".join(_quote(label) for label in labels) + " }" for labels in game.strategies
        ),
        "}",
        '""',
        "",
    ]
    decimal = game.exact_payoffs is not None and reads_as_decimals(game.exact_payoffs)
    numbers = [
        _nfg_number(source[(i, *profile)], decimal)
        for profile in _profiles_player1_fastest(game.shape)
        for i in range(game.num_players)
    ]
    per_line = game.num_players * 8
    for start in range(0, len(numbers), per_line):
        lines.append(" ".join(numbers[start : start + per_line]))
    return "\n".join(lines) + "\n"


def write_nfg(game: NormalFormGame, path: str | os.PathLike[str]) -> None:
    """Write a game as a Gambit ``.nfg`` file, atomically (temporary file + ``os.replace``).

    Raises
    ------
    FormatError
        When the file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bos.nfg"
    >>> bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> write_nfg(bos, p)
    >>> read_nfg(p).payoffs.tolist() == bos.payoffs.tolist()
    True
    """
    atomic_write_text(path, game_to_nfg(game))


#: Gambit's strategic-form format, for the registry.
FORMAT = GameFormat(
    name="nfg",
    suffixes=(".nfg",),
    description="Gambit strategic-form file",
    game_type=NormalFormGame,
    read=game_from_nfg,
    write=game_to_nfg,
    sniff=looks_like_nfg,
    signature="a Gambit file with 'NFG'",
)
