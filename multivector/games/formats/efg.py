"""Gambit's extensive-form file format (``.efg``, version 2 "R"): read and write.

A file starts with ``EFG 2 R "title" { "Player 1" "Player 2" }`` and an optional comment
string, then lists the nodes in prefix (depth-first) order, one entry each:

* ``c "name" k "set name" { "a" 1/2 "b" 1/2 } o ...``: a chance node in chance's
  information set ``k``, with each action's probability;
* ``p "name" i k "set name" { "a" "b" } o ...``: a decision node of player ``i`` in her
  information set ``k``;
* ``t "name" o "outcome name" { u_1, u_2 }``: a terminal node.

Each entry ends with an outcome number ``o`` (``0`` for none) and, the first time that
outcome appears, its name and payoffs. Information sets and outcomes may repeat; a repeat
may omit the description or repeat it exactly. Outcomes at non-terminal nodes add to the
payoffs of every terminal node below them. Numbers are integers, decimals (``.8``,
``1.5e3``) or fractions (``19/20``), all kept exactly.

The reader follows Gambit's documentation of the format (``doc/formats.efg.rst``) and its
lexer's rules for quoted labels (``\\"`` inside a label is a quote).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from multivector.errors import FormatError, GameError
from multivector.files import NumberTextError, check_text_size, exact_number, shorten
from multivector.games.extensive.tree import CHANCE, ExtensiveFormGame
from multivector.games.formats.registry import GameFormat

__all__ = ["FORMAT", "MAX_EFG_CHARS", "MAX_EFG_INTEGER", "read_efg", "sniff", "write_efg"]

_TOKEN = re.compile(
    r"""
    (?P<space>[\s,]+)
  | (?P<string>"[^"\\]*(?:\\.[^"\\]*)*")
  | (?P<lbrace>\{)
  | (?P<rbrace>\})
  | (?P<word>[^\s{}",]+)
    """,
    re.VERBOSE | re.DOTALL,
)
_NUMBER = re.compile(r"[+-]?(?:\d+/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_INT = re.compile(r"\d+")
#: Largest ``.efg`` text read, in characters (256 KiB, 25 times Gambit's largest example
#: game), unless the input limit is set: the reader takes about 5 s a megabyte.
MAX_EFG_CHARS = 256 * 2**10
#: Largest player, information-set or outcome number read (Gambit's own are C ints).
MAX_EFG_INTEGER = 2**31 - 1
_FLOAT_MAX = Fraction(sys.float_info.max)


def sniff(text: str) -> bool:
    """True when ``text`` looks like a Gambit ``.efg`` file.

    Examples
    --------
    >>> sniff('EFG 2 R "a game" { "A" "B" }')
    True
    >>> sniff('NFG 1 R "a game" { "A" "B" } { 2 2 }')
    False
    """
    return text.lstrip().startswith("EFG")


class _Cursor:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        toks: list[tuple[str, str, int]] = []
        line = 1
        pos = 0
        n = len(text)
        match = _TOKEN.match
        while pos < n:
            m = match(text, pos)
            if m is None:
                raise FormatError(
                    f"{source}: line {line}: unterminated string; close it with a double quote"
                )
            kind = m.lastgroup
            value = m.group()
            if kind != "space":
                if kind == "string":
                    value = value[1:-1].replace('\\"', '"')
                toks.append((str(kind), value, line))
            line += value.count("\n") if kind != "string" else m.group().count("\n")
            pos = m.end()
        self.toks = toks
        self.pos = 0

    def error(self, problem: str) -> FormatError:
        at = f"line {self.toks[self.pos][2]}" if self.pos < len(self.toks) else "end of file"
        return FormatError(f"{self.source}: {at}: {problem}")

    def peek(self) -> tuple[str, str, int] | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self, kind: str, what: str) -> str:
        tok = self.peek()
        if tok is None:
            raise self.error(f"the file ends where {what} was expected")
        if tok[0] != kind:
            shown = repr(shorten(tok[1])) if tok[0] == "string" else shorten(tok[1])
            raise self.error(f"expected {what}, found {shown}")
        self.pos += 1
        return tok[1]

    def at(self, kind: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == kind

    def integer(self, what: str) -> int:
        word = self.take("word", what)
        if not _INT.fullmatch(word):
            self.pos -= 1
            raise self.error(f"expected {what} (a non-negative integer), found {shorten(word)}")
        digits = word.lstrip("0") or "0"
        if len(digits) > 10 or int(digits) > MAX_EFG_INTEGER:
            self.pos -= 1
            raise self.error(
                f"{what} {shorten(word, 30)} is beyond {MAX_EFG_INTEGER:,}, Gambit's range "
                "of numbers; number players, information sets and outcomes from 1"
            )
        return int(digits)

    def number(self, what: str) -> Fraction:
        word = self.take("word", what)
        if not _NUMBER.fullmatch(word):
            self.pos -= 1
            raise self.error(
                f"expected {what} (an integer, a decimal such as .5 or a fraction such as "
                f"1/3), found {shorten(word)}"
            )
        try:
            # digits and exponent are checked before the value is computed, so that
            # 1e999999999 is refused at once instead of expanded
            value = Fraction(exact_number(word))
        except NumberTextError as err:
            self.pos -= 1
            raise self.error(f"{what}: {err}") from None
        if abs(value) > _FLOAT_MAX:
            self.pos -= 1
            raise self.error(
                f"{what} {shorten(word, 30)} is beyond the floating-point range (about "
                "1.8e308); rescale the payoffs"
            )
        return value


def read_efg(text: str, *, source: str = "<efg>") -> ExtensiveFormGame:
    """Read a game from the text of a Gambit ``.efg`` file.

    Parameters
    ----------
    text : str
        The file's contents.
    source : str
        The file name, for messages.

    Returns
    -------
    ExtensiveFormGame
        Games of imperfect recall are accepted (as Gambit does) and marked with
        ``perfect_recall=False``. Gambit's labels, information-set numbers and outcomes
        are kept, so that :func:`write_efg` gives back an equivalent file.

    Raises
    ------
    FormatError
        On a syntax error (naming the line), a repeated information set or outcome whose
        description differs, an outcome used but never given payoffs, and any check of
        :class:`~multivector.games.extensive.ExtensiveFormGame` (naming the node by its
        path of actions).

    Examples
    --------
    >>> g = read_efg('''EFG 2 R "entry" { "Entrant" "Incumbent" } ""
    ... p "" 1 1 "" { "out" "in" } 0
    ... t "" 1 "stay out" { 0, 2 }
    ... p "" 2 1 "" { "fight" "accommodate" } 0
    ... t "" 2 "war" { -1, -1 }
    ... t "" 3 "peace" { 1, 1 }
    ... ''')
    >>> g.num_terminals, g.terminal_payoffs[g.terminals].tolist()
    (3, [[0.0, 2.0], [-1.0, -1.0], [1.0, 1.0]])
    """
    check_text_size(
        text,
        source,
        limit=MAX_EFG_CHARS,
        kind=".efg",
        advice="its reader takes about 5 s a megabyte; write a large tree as a JSON tree",
    )
    cur = _Cursor(text, source)
    head = cur.take("word", "the header EFG")
    if head != "EFG":
        raise cur.error("not an .efg file: it must start with EFG 2 R")
    version = cur.take("word", "the version number 2")
    if version != "2":
        raise cur.error(f"only version 2 of the .efg format is known, not {version}")
    kind = cur.take("word", "R (rational) or D (decimal)")
    if kind not in ("R", "D"):
        raise cur.error(f"expected R or D after the version, found {kind}")
    title = cur.take("string", "the quoted title")
    cur.take("lbrace", "'{' opening the player list")
    players: list[str] = []
    while not cur.at("rbrace"):
        players.append(cur.take("string", "a quoted player name"))
    cur.take("rbrace", "'}'")
    comment = cur.take("string", "") if cur.at("string") else ""
    n_players = len(players)
    if n_players == 0:
        raise cur.error("the game has no players")

    # parsed nodes in file (prefix) order
    kinds: list[str] = []
    names: list[str] = []
    node_set: list[int] = []
    node_out: list[int] = []
    children: list[list[int]] = []
    sets: dict[tuple[int, int], int] = {}
    set_player: list[int] = []
    set_number: list[int] = []
    set_label: list[str] = []
    set_actions: list[tuple[str, ...]] = []
    set_probs: dict[int, list[Fraction]] = {}
    outcome_ids: dict[int, int] = {}
    outcome_number: list[int] = []
    outcome_label: list[str] = []
    outcome_pay: list[list[Fraction] | None] = []
    stack: list[tuple[int, int]] = []  # (node, children still to read)

    def outcome(node_line: str) -> int:
        number = cur.integer(f"the outcome number of this {node_line}")
        if number == 0:
            return -1
        if cur.at("string"):
            label = cur.take("string", "the outcome's name")
            cur.take("lbrace", "'{' opening the outcome's payoffs")
            pays = []
            while not cur.at("rbrace"):
                pays.append(cur.number("a payoff"))
            cur.take("rbrace", "'}'")
            if len(pays) != n_players:
                raise cur.error(
                    f"outcome {number} has {len(pays)} payoffs for {n_players} players"
                )
        else:
            label, pays = "", None
        if number in outcome_ids:
            o = outcome_ids[number]
            if pays is not None:
                if outcome_pay[o] is not None and (
                    outcome_pay[o] != pays or outcome_label[o] != label
                ):
                    raise cur.error(
                        f"outcome {number} is declared again with a different name or "
                        "payoffs; a repeated outcome must match its first declaration"
                    )
                outcome_pay[o], outcome_label[o] = pays, label
            return o
        o = len(outcome_number)
        outcome_ids[number] = o
        outcome_number.append(number)
        outcome_label.append(label)
        outcome_pay.append(pays)
        return o

    while True:
        tok = cur.peek()
        if tok is None:
            break
        if tok[0] != "word" or tok[1] not in ("c", "p", "t"):
            raise cur.error(
                f"expected a node (c, p or t), found {tok[1]!r}"
                if not stack and kinds
                else f"expected a node entry c, p or t, found {tok[1]!r}"
            )
        if not stack and kinds:
            raise cur.error("more nodes than the tree has room for: the tree is complete")
        cur.pos += 1
        k = tok[1]
        node = len(kinds)
        kinds.append(k)
        names.append(cur.take("string", "the node's quoted name"))
        children.append([])
        if stack:
            parent, left = stack.pop()
            children[parent].append(node)
            if left > 1:
                stack.append((parent, left - 1))
        if k == "t":
            node_set.append(-1)
            node_out.append(outcome("terminal node"))
            continue
        player = CHANCE if k == "c" else cur.integer("the player number")
        if k == "p" and not 1 <= player <= n_players:
            cur.pos -= 1
            raise cur.error(f"player number {player} is not between 1 and {n_players}")
        p_index = CHANCE if k == "c" else player - 1
        number = cur.integer("the information set number")
        actions: list[str] | None = None
        probs: list[Fraction] | None = None
        label = ""
        if cur.at("string"):
            label = cur.take("string", "the information set's name")
            cur.take("lbrace", "'{' opening the actions")
            actions, probs = [], ([] if k == "c" else None)
            while not cur.at("rbrace"):
                actions.append(cur.take("string", "a quoted action name"))
                if probs is not None:
                    probs.append(cur.number("the action's probability"))
            cur.take("rbrace", "'}'")
            if not actions:
                raise cur.error("an information set needs at least one action")
        key = (p_index, number)
        if key in sets:
            h = sets[key]
            if actions is not None and (
                tuple(actions) != set_actions[h]
                or label != set_label[h]
                or (probs is not None and probs != set_probs[h])
            ):
                who = "chance" if k == "c" else f"player {player}"
                raise cur.error(
                    f"information set {number} of {who} is declared again with different "
                    f"actions, name or probabilities ({actions} here, "
                    f"{list(set_actions[h])} before); the nodes of an information set "
                    "share its actions"
                )
        else:
            if actions is None:
                who = "chance" if k == "c" else f"player {player}"
                raise cur.error(
                    f"information set {number} of {who} first appears without its actions"
                )
            h = len(set_player)
            sets[key] = h
            set_player.append(p_index)
            set_number.append(number)
            set_label.append(label)
            set_actions.append(tuple(actions))
            if probs is not None:
                set_probs[h] = probs
        node_set.append(h)
        node_out.append(outcome("node"))
        stack.append((node, len(set_actions[h])))
    if not kinds:
        raise cur.error("the file has no nodes")
    if stack:
        raise cur.error("the file ends before the tree is complete: nodes are missing")
    missing = [outcome_number[o] for o, p in enumerate(outcome_pay) if p is None]
    if missing:
        raise FormatError(
            f"{source}: outcome {missing[0]} is used but its payoffs are never given"
        )

    # breadth-first order, children kept in action order
    order = [0]
    for n in order:
        order.extend(children[n])
    perm = np.array(order, dtype=np.int64)
    ns = np.array(node_set, dtype=np.int64)[perm]
    no = np.array(node_out, dtype=np.int64)[perm]
    node_names = [names[n] for n in order]
    try:
        return ExtensiveFormGame(
            players,
            ns,
            set_player,
            set_actions,
            set_probs,
            no,
            outcome_pay,
            infoset_labels=set_label,
            infoset_numbers=set_number,
            outcome_labels=outcome_label,
            node_labels=node_names if any(node_names) else None,
            title=title,
            comment=comment,
            perfect_recall=False,
        )
    except GameError as err:
        raise FormatError(f"{source}: {err}") from None


def _quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def _number(value: Fraction | float) -> str:
    if isinstance(value, Fraction):
        return str(value)
    f = float(value)
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return repr(f)


def _decimal(value: Fraction) -> str:
    """An exact rational as its shortest decimal when that decimal is exact, else ``p/q``."""
    text = _number(float(value))
    return text if Fraction(text) == value else str(value)


def _strict(text: str) -> str:
    text = "".join(c if 32 <= ord(c) < 127 else "?" for c in text)
    return " ".join(text.split())


def _dedupe(labels: Any, group: Callable[[int], int]) -> list[str]:
    seen: dict[tuple[int, str], int] = {}
    out = []
    for k, label in enumerate(labels):
        key = (group(k), label)
        seen[key] = seen.get(key, 0) + 1
        out.append(label if not label or seen[key] == 1 else f"{label}#{seen[key]}")
    return out


def write_efg(game: ExtensiveFormGame, *, strict_labels: bool = False) -> str:
    """The text of a Gambit ``.efg`` file for ``game``.

    Labels, information-set numbers and outcomes (shared by several nodes, or at
    non-terminal nodes) are written as they are in the game; exact probabilities and
    payoffs as fractions, floats in their shortest exact decimal form.

    Parameters
    ----------
    game : ExtensiveFormGame
    strict_labels : bool
        Write labels that Gambit 16.4 and later accept: spaces trimmed and never doubled,
        other characters outside printable ASCII replaced by ``?``, and repeated non-empty
        node labels (or information-set labels repeated within a player) suffixed
        ``#k``. Older Gambit wrote files without these rules (9 of the 86 example games of
        Gambit's contrib folder).

    Examples
    --------
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["A", "B"], Decision("A", {"l": Terminal([1, 0]),
    ...                                          "r": Terminal(["1/2", 2])}))
    >>> print(write_efg(g))
    EFG 2 R "" { "A" "B" }
    ""
    <BLANKLINE>
    p "" 1 1 "" { "l" "r" } 0
    t "" 1 "" { 1, 0 }
    t "" 2 "" { 1/2, 2 }
    <BLANKLINE>
    """
    lines = [
        "",
        _quote(game.comment),
        "",
    ]
    exact_pay = game.exact_outcome_payoffs
    exact_prob = game.exact_action_probs
    labels = game.node_labels
    set_labels = list(game.infoset_labels)
    clean: Callable[[str], str] = _strict if strict_labels else (lambda t: t)
    players = " ".join(_quote(clean(p)) for p in game.players)
    lines[0] = f"EFG 2 R {_quote(clean(game.title))} {{ {players} }}"
    if strict_labels:
        labels = None if labels is None else tuple(_dedupe(map(_strict, labels), lambda k: 0))
        set_labels = _dedupe(
            [_strict(t) for t in set_labels], lambda h: int(game.infoset_player[h])
        )
    starts = game.infoset_action_start
    fc, nc = game.first_child, game.num_children

    def payoff_text(o: int) -> str:
        row: Any = exact_pay[o] if exact_pay is not None else game.outcome_payoffs[o]
        return ", ".join(_number(v) for v in row)

    def outcome_text(n: int) -> str:
        o = int(game.node_outcome[n])
        if o < 0:
            return "0"
        return f"{o + 1} {_quote(clean(game.outcome_labels[o]))} {{ {payoff_text(o)} }}"

    prob_of: Callable[[int], str]
    if exact_prob is not None:

        def prob_of(a: int) -> str:
            value = exact_prob[a]
            return _number(value if value is not None else Fraction(0))
    else:
        # a reader takes the written decimals exactly, so floats that sum to 1 only up to
        # rounding (0.8 and 1 - 0.8) would be refused: the last action of each chance move
        # gets the exact rest, which differs from its float by a rounding error alone
        rest: dict[int, str] = {}
        for h in range(game.num_infosets):
            if int(game.infoset_player[h]) != CHANCE:
                continue
            lo, hi = int(starts[h]), int(starts[h + 1])
            given = sum(Fraction(_number(float(game.action_probs[a]))) for a in range(lo, hi - 1))
            last = Fraction(1) - given
            if last >= 0 and abs(float(last) - float(game.action_probs[hi - 1])) <= 1e-9:
                rest[hi - 1] = _decimal(last)

        def prob_of(a: int) -> str:
            return rest.get(a) or _number(float(game.action_probs[a]))

    stack = [0]
    while stack:
        n = stack.pop()
        name = _quote(labels[n] if labels is not None else "")
        h = int(game.node_infoset[n])
        if h < 0:
            lines.append(f"t {name} {outcome_text(n)}")
            continue
        lo, hi = int(starts[h]), int(starts[h + 1])
        p = int(game.infoset_player[h])
        number = int(game.infoset_numbers[h])
        set_label = _quote(set_labels[h])
        if p == CHANCE:
            acts = " ".join(
                f"{_quote(clean(game.action_labels[a]))} {prob_of(a)}" for a in range(lo, hi)
            )
            lines.append(f"c {name} {number} {set_label} {{ {acts} }} {outcome_text(n)}")
        else:
            acts = " ".join(_quote(clean(game.action_labels[a])) for a in range(lo, hi))
            lines.append(f"p {name} {p + 1} {number} {set_label} {{ {acts} }} {outcome_text(n)}")
        stack.extend(range(int(fc[n] + nc[n]) - 1, int(fc[n]) - 1, -1))
    return "\n".join(lines) + "\n"


def _read(text: str, *, source: str | None = None) -> ExtensiveFormGame:
    return read_efg(text, source=source or "<efg>")


#: Gambit's extensive-form format, for the registry.
FORMAT = GameFormat(
    name="efg",
    suffixes=(".efg",),
    description="Gambit extensive-form file",
    game_type=ExtensiveFormGame,
    read=_read,
    write=write_efg,
    sniff=sniff,
    signature="a Gambit file with 'EFG'",
)
