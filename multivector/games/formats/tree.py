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
from multivector.files import (
    NumberTextError,
    exact_number,
    parse_json_text,
    read_text,
    shorten,
)
from multivector.games.extensive.builder import Chance, Decision, Node, Terminal, from_tree
from multivector.games.extensive.tree import CHANCE, ExtensiveFormGame
from multivector.games.formats.parametric import compile_expression, parameter_set_from_table
from multivector.games.formats.registry import GameFormat, recognise_format
from multivector.games.formats.toml_format import looks_like_toml

__all__ = [
    "FORMAT",
    "MAX_TREE_NODES",
    "TOML_FORMAT",
    "read_tree",
    "read_tree_file",
    "sniff",
    "sniff_json",
    "sniff_toml",
    "tree_from_dict",
    "tree_to_dict",
    "tree_to_toml",
    "write_tree",
]

_NODE_KEYS = {"player", "actions", "infoset", "chance", "payoffs", "label"}
_TOP_KEYS = {"title", "players", "parameters", "tree", "perfect_recall"}
_FLOAT_MAX = Fraction(sys.float_info.max)
#: Most nodes of a tree file read (Leduc hold'em has about 9,500): building the game takes
#: about 1 s for 10,000 nodes, more than proportionally beyond.
MAX_TREE_NODES = 20_000
_TOML_TREE = re.compile(r"^\s*(\[tree[\].]|tree\s*=)", re.MULTILINE)
_TOML_TREE_TABLE = re.compile(r"\[\s*(tree|\"tree\"|'tree')\s*[\].]")
_TOML_TREE_KEY = re.compile(r"(tree|\"tree\"|'tree')\s*[=.]")
_JSON_TREE = re.compile(r'"tree"\s*:')


def sniff_json(text: str) -> bool:
    """True when ``text`` is a JSON tree file: a JSON object with a top-level ``tree``.

    Text that names a ``"tree"`` key but is not valid JSON counts as a tree file, so that
    the tree reader names its error.

    Examples
    --------
    >>> sniff_json('{"players": ["A"], "tree": {"payoffs": [1]}}')
    True
    >>> sniff_json('{"players": ["tree", "B"], "payoffs": []}')
    False
    """
    if not text.lstrip().startswith("{") or not _JSON_TREE.search(text):
        return False
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # the reader names the error, through the boundary
        return True
    return isinstance(data, dict) and "tree" in data


def sniff_toml(text: str) -> bool:
    """True when ``text`` is a TOML tree file: TOML with a top-level ``tree``.

    Read line by line, not parsed (tomllib reads about half a megabyte a second, and the
    reader parses the file anyway): a ``tree`` key before the first table header, or a
    ``[tree]`` table. A file this misjudges is still read by a reader that names what is
    wrong with it.

    Examples
    --------
    >>> sniff_toml('players = ["A", "B"]\\n[tree]\\nplayer = "A"')
    True
    >>> sniff_toml('players = ["A", "B"]\\ntree = { player = "A" }')
    True
    >>> sniff_toml('players = ["A", "B"]\\n[strategies]\\ntree = ["x"]')
    False
    """
    if not looks_like_toml(text) or not _TOML_TREE.search(text):
        return False
    top_level = True
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            if _TOML_TREE_TABLE.match(stripped):
                return True
            top_level = False
        elif top_level and _TOML_TREE_KEY.match(stripped):
            return True
    return False


def sniff(text: str) -> bool:
    """True when ``text`` is a JSON or TOML tree file (it has a top-level ``tree``).

    Examples
    --------
    >>> sniff('{"players": ["A"], "tree": {"payoffs": [1]}}')
    True
    >>> sniff('players = ["A", "B"]\\n[tree]\\nplayer = "A"')
    True
    >>> sniff('{"players": ["A", "B"], "payoffs": []}')
    False
    """
    return sniff_json(text) or sniff_toml(text)


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
    terminal nodes; information sets of more than one node, and labelled ones (chance's
    too), get an ``infoset`` name (unique within the player); a label repeated among a
    chance move's actions gets a ``#k`` suffix.
    """
    exact = game.exact_terminal_payoffs()
    probs = game.exact_action_probs
    starts = game.infoset_action_start
    fc, nc = game.first_child, game.num_children
    sizes = np.bincount(game.node_infoset[game.node_infoset >= 0], minlength=game.num_infosets)
    names = game.infoset_names
    set_labels = game.infoset_labels

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
        if sizes[h] > 1 or set_labels[h]:
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


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }"
    raise FormatError(f"cannot write {value!r} in a TOML tree file")


def tree_to_toml(game: ExtensiveFormGame) -> str:
    """The text of a TOML tree file for ``game`` (the data of :func:`tree_to_dict`).

    Each node is a table, ``[tree]`` for the root and ``[tree.actions.LABEL...]`` below
    it, written depth first so that a node's children follow it; chance probabilities
    and payoffs are inline. :func:`read_tree` reads it back to the same game.

    Examples
    --------
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["A", "B"], Decision("A", {"l": Terminal([1, 0]),
    ...                                          "no deal": Terminal(["1/2", 2])}))
    >>> print(tree_to_toml(g))
    title = ""
    players = ["A", "B"]
    <BLANKLINE>
    [tree]
    player = "A"
    <BLANKLINE>
    [tree.actions.l]
    payoffs = [1, 0]
    <BLANKLINE>
    [tree.actions."no deal"]
    payoffs = ["1/2", 2]
    <BLANKLINE>
    >>> read_tree(tree_to_toml(g)) == g
    True
    """
    data = tree_to_dict(game)
    lines = [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in data.items() if k != "tree"]
    stack: list[tuple[str, dict[str, Any]]] = [("tree", data["tree"])]
    while stack:
        header, node = stack.pop()
        lines += ["", f"[{header}]"]
        lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in node.items() if k != "actions"]
        children = list(node.get("actions", {}).items())
        for label, child in reversed(children):
            stack.append((f"{header}.actions.{_toml_key(label)}", child))
    return "\n".join(lines) + "\n"


def read_tree_file(
    path: str | os.PathLike[str], *, values: Mapping[str, Any] | None = None
) -> ExtensiveFormGame:
    """Read a tree from a file: Gambit ``.efg``, or a JSON or TOML tree file.

    The format is chosen by the suffix and, for ``.json`` and ``.toml`` (which may hold a
    normal-form game instead) or another suffix, by the content.

    Parameters
    ----------
    path : str or path-like
    values : mapping, optional
        Parameter values for a tree file with a ``parameters`` table (see
        :func:`read_tree`).

    Raises
    ------
    FormatError
        When the file cannot be read, is not a tree file (a normal-form game file is
        named as such), or does not describe a valid tree; for ``values`` given to a file
        without parameters. The text passes the input boundary first
        (:func:`multivector.files.read_text`: a size limit, UTF-8 only), and numbers are
        checked before they are converted.

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
    >>> read_tree_file(path).num_terminals
    3
    >>> path = path.with_suffix(".json")
    >>> _ = path.write_text('{"players": ["A"], "tree": {"payoffs": [1e999999999]}}')
    >>> read_tree_file(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.errors.FormatError: .../entry.json: line 1: the exponent of 1e999999999 is ...
    """
    name = os.fspath(path)
    text = read_text(name, expected="a tree file (.efg, .json or .toml)")
    fmt = recognise_format(text, os.path.splitext(name)[1])
    if fmt is None or not issubclass(fmt.game_type, ExtensiveFormGame):
        what = f"a {fmt.description}" if fmt is not None else "not a game file"
        raise FormatError(
            f"{name}: {what}, not a tree; a tree is a Gambit .efg file or a JSON/TOML "
            "file with a 'tree' (see docs/file-format.md)"
        )
    if fmt.name == "efg":
        if values:
            raise FormatError(f"{name}: parameter values given, but a .efg file has no parameters")
        return fmt.read(text, source=name)
    return read_tree(text, source=name, values=values)


def _read(text: str, *, source: str | None = None) -> ExtensiveFormGame:
    return read_tree(text, source=source or "<tree>")


#: JSON tree files, for the registry.
FORMAT = GameFormat(
    name="tree-json",
    suffixes=(".json",),
    description="JSON tree file",
    game_type=ExtensiveFormGame,
    read=_read,
    write=lambda game: write_tree(game) + "\n",
    sniff=sniff_json,
    signature="a JSON tree file is an object with a 'tree'",
)

#: TOML tree files, for the registry.
TOML_FORMAT = GameFormat(
    name="tree-toml",
    suffixes=(".toml",),
    description="TOML tree file",
    game_type=ExtensiveFormGame,
    read=_read,
    write=tree_to_toml,
    sniff=sniff_toml,
    signature="a TOML tree file has a [tree] table",
)
