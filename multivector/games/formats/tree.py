"""Extensive-form games as nested JSON or TOML trees.

A tree file names the players and nests the nodes as they are drawn::

    title = "Chain store, one market (Selten 1978)"
    players = ["Entrant", "Incumbent"]

    [tree]
    player = "Entrant"

    [tree.actions.out]
    payoffs = [0, 2]

    [tree.actions.in]
    player = "Incumbent"

    [tree.actions.in.actions.fight]
    payoffs = [-1, -1]

    [tree.actions.in.actions.accommodate]
    payoffs = [1, 1]

A node is one of:

* a decision node: ``player``, ``actions`` (action label -> node, in order), and
  optionally ``infoset``: nodes of one player with the same ``infoset`` name form one
  information set (they must have the same actions);
* a chance node: ``chance`` (action label -> probability) and ``actions`` (action label
  -> node), with the same labels in the same order;
* a terminal node: ``payoffs``, a list in player order or a table player -> payoff.

Any node may have a ``label``. A game of imperfect recall needs the top-level key
``perfect_recall = false``. With a ``parameters`` table (the syntax of parametric
game files, see ``docs/file-format.md``), payoffs and probabilities may be arithmetic
expressions of the parameters, such as ``"p"``, ``"1 - p"`` or ``"v - c"``; they are
evaluated at the parameters' defaults unless :func:`read_tree` is given other values.
Numbers (and strings such as ``"1/3"``) are kept exactly.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from multivector.errors import FormatError, GameError, ScenarioError
from multivector.files import NumberTextError, exact_number, parse_json_text, shorten
from multivector.games.extensive.builder import Chance, Decision, Node, Terminal, from_tree
from multivector.games.extensive.tree import CHANCE, ExtensiveFormGame
from multivector.games.formats.parametric import compile_expression, parameter_set_from_table

__all__ = [
    "MAX_TREE_NODES",
    "load_extensive",
    "read_tree",
    "sniff",
    "tree_from_dict",
    "tree_to_dict",
    "write_tree",
]

_NODE_KEYS = {"player", "actions", "infoset", "chance", "payoffs", "label"}
_TOP_KEYS = {"title", "players", "parameters", "tree", "perfect_recall"}
_FLOAT_MAX = Fraction(sys.float_info.max)
#: Most nodes of a tree file read (Leduc hold'em has about 9,500): building the game takes
#: about 1 s for 10,000 nodes, more than proportionally beyond.
MAX_TREE_NODES = 20_000
_TOML_TREE = re.compile(r"^\s*(\[tree[\].]|tree\s*=)", re.MULTILINE)


def sniff(text: str) -> bool:
    """True when ``text`` looks like a JSON or TOML tree file (it has a ``tree``).

    Examples
    --------
    >>> sniff('{"players": ["A"], "tree": {"payoffs": [1]}}')
    True
    >>> sniff('players = ["A", "B"]\\n[tree]\\nplayer = "A"')
    True
    >>> sniff('{"players": ["A", "B"], "payoffs": []}')
    False
    """
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return '"tree"' in text
    return bool(_TOML_TREE.search(text))


def _parse(text: str, source: str) -> Any:
    if text.lstrip().startswith("{"):
        # nesting, digits, exponents and duplicate keys checked before conversion
        return parse_json_text(text, source)
    from multivector.games.formats.toml_format import parse_toml

    return parse_toml(text, source=source)


def read_tree(
    text: str, *, source: str = "<tree>", values: Mapping[str, Any] | None = None
) -> ExtensiveFormGame:
    """Read an extensive-form game from the text of a JSON or TOML tree file.

    Parameters
    ----------
    text : str
    source : str
        The file name, for messages.
    values : mapping, optional
        Parameter values overriding the defaults of the file's ``parameters`` table.

    Raises
    ------
    FormatError
        For invalid JSON/TOML, an unknown key, a node that is neither a decision, a
        chance nor a terminal node, an expression that is refused, a parameter value out
        of its bounds, and every check of the game (naming the node by its path of
        actions).

    Examples
    --------
    >>> g = read_tree('''
    ... players = ["Entrant", "Incumbent"]
    ... [parameters]
    ... c = { default = 2, min = 0, meaning = "cost of a fight" }
    ... [tree]
    ... player = "Entrant"
    ... [tree.actions.out]
    ... payoffs = [0, 2]
    ... [tree.actions.in]
    ... player = "Incumbent"
    ... [tree.actions.in.actions.fight]
    ... payoffs = ["-c", "-c"]
    ... [tree.actions.in.actions.accommodate]
    ... payoffs = [1, 1]
    ... ''', values={"c": 3})
    >>> g.terminal_payoffs[g.terminals].tolist()
    [[0.0, 2.0], [-3.0, -3.0], [1.0, 1.0]]
    """
    return tree_from_dict(_parse(text, source), source=source, values=values)


def load_extensive(
    path: str | os.PathLike[str], *, values: Mapping[str, Any] | None = None
) -> ExtensiveFormGame:
    """Read an extensive-form game from a file: Gambit's ``.efg`` or a JSON or TOML tree.

    The file is read through the input boundary (:func:`multivector.files.read_text`: a
    size limit, UTF-8 only); the format is chosen by its contents (``EFG`` at the start,
    else a tree file).

    Parameters
    ----------
    path : str or path-like
    values : mapping, optional
        Parameter values of a tree file with a ``parameters`` table.

    Raises
    ------
    FormatError
        For a file that cannot be read, is over the input limit or not UTF-8, and every
        problem :func:`read_tree` or :func:`~multivector.games.formats.efg.read_efg`
        names.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "entry.efg"
    >>> _ = path.write_text('''EFG 2 R "entry" { "Entrant" "Incumbent" } ""
    ... p "" 1 1 "" { "out" "in" } 0
    ... t "" 1 "stay out" { 0, 2 }
    ... p "" 2 1 "" { "fight" "accommodate" } 0
    ... t "" 2 "war" { -1, -1 }
    ... t "" 3 "peace" { 1, 1 }
    ... ''')
    >>> load_extensive(path).num_terminals
    3
    >>> _ = path.write_text('{"players": ["A"], "tree": {"payoffs": [1e999999999]}}')
    >>> load_extensive(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: .../entry.efg: line 1: the exponent of 1e999999999 is ...
    """
    from multivector.files import read_text
    from multivector.games.formats import efg

    name = os.fspath(path)
    text = read_text(name, expected="an extensive-form game file (.efg, JSON or TOML tree)")
    if efg.sniff(text):
        if values:
            raise FormatError(f"{name}: an .efg file has no parameters to set")
        return efg.read_efg(text, source=name)
    if not sniff(text):
        raise FormatError(
            f"{name}: not an extensive-form game file: an .efg file starts with EFG 2 R, a "
            "tree file has 'players' and 'tree'"
        )
    return read_tree(text, source=name, values=values)


def tree_from_dict(
    data: Any,
    *,
    source: str = "<tree>",
    values: Mapping[str, Any] | None = None,
    max_nodes: float = MAX_TREE_NODES,
) -> ExtensiveFormGame:
    """An extensive-form game from parsed tree-file contents (see :func:`read_tree`).

    A tree of more than ``max_nodes`` nodes (:data:`MAX_TREE_NODES`) is refused as it is
    read, before the game is built; pass ``max_nodes=math.inf`` to build larger ones.
    """
    if not isinstance(data, Mapping):
        raise FormatError(f"{source}: a tree file is a table with 'players' and 'tree'")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise FormatError(
            f"{source}: unknown top-level key(s) {shorten(str(unknown), 80)}; a tree file has "
            f"{sorted(_TOP_KEYS)}"
        )
    players = data.get("players")
    if (
        not isinstance(players, list)
        or not players
        or not all(isinstance(p, str) for p in players)
    ):
        raise FormatError(f"{source}: 'players' must be a list of player names")
    if "tree" not in data:
        raise FormatError(f"{source}: no 'tree': give the root node as [tree]")
    params = None
    resolved: dict[str, float] = {}
    if "parameters" in data:
        params = parameter_set_from_table(data["parameters"], source=source)
        try:
            resolved = params.resolve(values)
        except ScenarioError as err:
            raise FormatError(f"{source}: {err}") from None
    elif values:
        raise FormatError(f"{source}: parameter values given, but the file has no parameters")
    names = frozenset(resolved)

    def finite(value: Any, where: str) -> Any:
        if not (math.isfinite(value) if isinstance(value, float) else abs(value) <= _FLOAT_MAX):
            raise FormatError(
                f"{source}: {where}: {shorten(str(value), 30)} is beyond the floating-point "
                "range (about 1.8e308); rescale the payoffs"
            )
        return value

    def number(value: Any, where: str) -> Any:
        if isinstance(value, bool):
            raise FormatError(f"{source}: {where}: {value!r} is not a number")
        if isinstance(value, (int, Fraction, float)):
            return finite(value, where)
        if isinstance(value, str):
            try:
                # digits and exponent checked before the value is computed
                return finite(exact_number(value), where)
            except NumberTextError as err:
                if err.limit:
                    raise FormatError(f"{source}: {where}: {err}") from None
            expr = compile_expression(value, names, where=f"{source}: {where}: ")
            return finite(float(expr.evaluate(resolved, where=f"{source}: {where}: ")), where)
        raise FormatError(
            f"{source}: {where}: {shorten(repr(value), 40)} is not a number or an expression"
        )

    count = 0

    def build(node: Any, path: tuple[str, ...]) -> Node:
        nonlocal count
        where = "the root" if not path else "node " + shorten(" > ".join(path), 200)
        count += 1
        if count > max_nodes:
            raise FormatError(
                f"{source}: the tree has more than {max_nodes:,} nodes (at {where}); building "
                "a game that large takes seconds to minutes. Read it in Python with "
                "tree_from_dict(..., max_nodes=math.inf) if it is meant"
            )
        if not isinstance(node, Mapping):
            raise FormatError(f"{source}: {where}: a node must be a table")
        extra = sorted(set(node) - _NODE_KEYS)
        if extra:
            raise FormatError(
                f"{source}: {where}: unknown key(s) {shorten(str(extra), 80)}; "
                f"a node has {sorted(_NODE_KEYS)}"
            )
        label = str(node.get("label", ""))
        if "payoffs" in node:
            if set(node) - {"payoffs", "label"}:
                raise FormatError(
                    f"{source}: {where}: a terminal node has only 'payoffs' (and 'label')"
                )
            pay = node["payoffs"]
            if isinstance(pay, Mapping):
                return Terminal({k: number(v, where) for k, v in pay.items()}, label)
            if not isinstance(pay, list):
                raise FormatError(f"{source}: {where}: payoffs must be a list or a table")
            return Terminal([number(v, where) for v in pay], label)
        actions = node.get("actions")
        if not isinstance(actions, Mapping) or not actions:
            raise FormatError(
                f"{source}: {where}: a node needs 'payoffs' (terminal) or 'actions' "
                "(decision or chance)"
            )
        kids = {str(a): build(c, (*path, str(a))) for a, c in actions.items()}
        if "chance" in node:
            probs = node["chance"]
            if "player" in node or not isinstance(probs, Mapping):
                raise FormatError(
                    f"{source}: {where}: a chance node has 'chance' (action -> probability) "
                    "and no 'player'"
                )
            if [str(k) for k in probs] != list(kids):
                raise FormatError(
                    f"{source}: {where}: 'chance' lists {list(probs)} but 'actions' lists "
                    f"{list(kids)}; give the same labels in the same order"
                )
            return Chance(
                {a: (number(p, where), kids[str(a)]) for a, p in probs.items()},
                label,
                infoset=node.get("infoset"),
            )
        if "player" not in node:
            raise FormatError(f"{source}: {where}: a decision node needs a 'player'")
        infoset = node.get("infoset")
        return Decision(
            str(node["player"]), kids, None if infoset is None else str(infoset), label
        )

    root = build(data["tree"], ())
    try:
        return from_tree(
            players,
            root,
            title=str(data.get("title", "")),
            perfect_recall=bool(data.get("perfect_recall", True)),
        )
    except GameError as err:
        raise FormatError(f"{source}: {err}") from None


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else str(value)
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return int(f) if f.is_integer() and abs(f) < 2**53 else f
    return value


def _unique(labels: tuple[str, ...]) -> list[str]:
    """Labels made unique (a chance move may repeat a label; a table cannot)."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label}#{seen[label]}")
    return out


def tree_to_dict(game: ExtensiveFormGame) -> dict[str, Any]:
    """The nested form of ``game``: ``{"title", "players", "tree"}``.

    Payoffs collected along the way (Gambit outcomes at inner nodes) are written at the
    terminal nodes; information sets of more than one node get an ``infoset`` name; a
    label repeated among a chance move's actions gets a ``#k`` suffix.
    """
    exact = game.exact_terminal_payoffs()
    probs = game.exact_action_probs
    starts = game.infoset_action_start
    fc, nc = game.first_child, game.num_children
    sizes = np.bincount(game.node_infoset[game.node_infoset >= 0], minlength=game.num_infosets)
    names = game.infoset_names

    def node(n: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if game.node_labels is not None and game.node_labels[n]:
            out["label"] = game.node_labels[n]
        h = int(game.node_infoset[n])
        if h < 0:
            row = exact[n] if exact is not None else game.terminal_payoffs[n]
            out["payoffs"] = [_plain(v) for v in row]
            return out
        lo, hi = int(starts[h]), int(starts[h + 1])
        labels = _unique(game.action_labels[lo:hi])
        p = int(game.infoset_player[h])
        if p == CHANCE:
            out["chance"] = {
                labels[a - lo]: _plain(probs[a] if probs is not None else game.action_probs[a])
                for a in range(lo, hi)
            }
        else:
            out["player"] = game.players[p]
            if sizes[h] > 1:
                out["infoset"] = names[h]
        out["actions"] = {labels[k]: node(int(fc[n]) + k) for k in range(int(nc[n]))}
        return out

    out: dict[str, Any] = {"title": game.title, "players": list(game.players)}
    if not game.perfect_recall:
        out["perfect_recall"] = False
    out["tree"] = node(0)
    return out


def write_tree(game: ExtensiveFormGame) -> str:
    """The JSON text of a tree file for ``game`` (see :func:`tree_to_dict`).

    Examples
    --------
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["A", "B"], Decision("A", {"l": Terminal([1, 0]),
    ...                                          "r": Terminal(["1/2", 2])}))
    >>> print(write_tree(g))
    {
      "title": "",
      "players": [
        "A",
        "B"
      ],
      "tree": {
        "player": "A",
        "actions": {
          "l": {
            "payoffs": [
              1,
              0
            ]
          },
          "r": {
            "payoffs": [
              "1/2",
              2
            ]
          }
        }
      }
    }
    """
    return json.dumps(tree_to_dict(game), indent=2, ensure_ascii=False)
