"""Fuzz cases: what to run (arguments, files, standard input), how to run it in this
process, and how to judge what came out.

A case starts from a valid input (a game file in one of the formats, a parametric file,
an observed-choices file, a corridor table, or a command's options) and applies a few
mutations drawn from what breaks readers: numbers with huge exponents or digits, deep
nesting, duplicate keys, other encodings, cut or spliced bytes, option values out of range.
:func:`make_case` builds case ``k`` from ``random.Random(k)``, so every case can be
replayed; :func:`generate` takes any ``random.Random`` (hypothesis passes its own).

:func:`run_case` runs the command line in this process (the same ``Group.main`` as the
``multivector`` script) with its output captured; :func:`problems` lists how the outcome
breaks the property: status 0 with a clean stderr, or status 2 with exactly one
``error:`` line and nothing else, within :data:`CASE_SECONDS` and :data:`CASE_MEMORY_MB`.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import random
import re
import resource
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CASE_MEMORY_MB",
    "CASE_SECONDS",
    "COMMAND_OPTIONS",
    "HANG_SECONDS",
    "Case",
    "Outcome",
    "generate",
    "make_case",
    "problems",
    "run_case",
    "waited",
]

#: The property's time bound per case, in seconds.
CASE_SECONDS = 2.0
#: The property's memory bound, in MB (peak resident memory of the process).
CASE_MEMORY_MB = 500.0
#: A case still running after this many seconds is stopped and reported as a hang.
HANG_SECONDS = 20.0

# ---------------------------------------------------------------------- value pools
NASTY_NUMBERS = [
    "1e999999999",
    "-1e999999999",
    "1e-999999999",
    "1e10000000",
    "1e400",
    "1e309",
    "1e308",
    "1.7976931348623157e308",
    "-1.7e308",
    "9" * 5000,
    "9" * 1001,
    "1" + "0" * 400,
    "1/0",
    "0/0",
    "1/" + "9" * 5000,
    "NaN",
    "Infinity",
    "-Infinity",
    "nan",
    "inf",
    "-0",
    "1e-320",
    "4.9e-324",
    "0x1F",
    "1_000",
    "00012",
    "+5",
    ".5",
    "5.",
    "1e",
    "--1",
    "6000000000",
    "2147483648",
    "99999999999999999999",
    "1e15",
    "1e13",
    "123456789.123456789",
    "3/4",
    "-2/3",
    "true",
    "null",
    '"7"',
    "[]",
    "{}",
]
NASTY_STRINGS = [
    "",
    " ",
    "\n",
    "a\nb",
    "\t",
    "é",
    "\U0001f642",
    "\u202e",
    "x" * 10000,
    '"',
    "\\",
    "{",
    "[",
    "a,b",
    "s1",
    "P1",
    "\ud800",
    "\x7f",
    "NFG 1 R",
    "=",
    "--help",
]
LABELS = ["a", "b", "c", "opera", "football", "balance", "coerce", "s1", "s2", "é", "Ж", "x y"]
PLAYERS = ["Ann", "Bob", "Cy", "P1", "P2", "Kazakhstan", "Russia", "Я"]
SCENARIOS = ["kz-russia", "great-powers", "mediation", "nowhere", ""]

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?:/\d+)?")
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


# ---------------------------------------------------------------------- cases
@dataclass
class Case:
    """One run of the command line.

    ``args`` may name files of the case's folder as ``{dir}/name``; ``files`` are written
    there first; ``env`` is set for the run.
    """

    kind: str
    args: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    stdin: bytes | None = None
    env: dict[str, str] = field(default_factory=dict)
    index: int | None = None

    def describe(self) -> str:
        """The case for a report: its number, kind and arguments, file sizes."""
        sizes = ", ".join(f"{k} ({len(v)} bytes)" for k, v in self.files.items())
        shown = " ".join(repr(a) if len(a) < 80 else repr(a[:77] + "...") for a in self.args)
        extra = f"; stdin {len(self.stdin)} bytes" if self.stdin is not None else ""
        env = f"; env {self.env}" if self.env else ""
        return f"case {self.index} [{self.kind}] multivector {shown}; files: {sizes}{extra}{env}"


@dataclass
class Outcome:
    """What a case did."""

    status: int | None
    stdout: str
    stderr: str
    seconds: float
    rss_mb: float
    escaped: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: CPU time of the process while the case ran (every thread); None: not measured
    cpu_seconds: float | None = None


# ---------------------------------------------------------------------- valid inputs
def _payoff(rng: random.Random) -> Any:
    kind = rng.random()
    if kind < 0.55:
        return rng.randint(-9, 9)
    if kind < 0.7:
        return rng.choice(["2/3", "-7/4", "1/10", "0.125", "-2.5"])
    if kind < 0.85:
        return round(rng.uniform(-10, 10), rng.randint(0, 6))
    return rng.choice([1e6, -3e9, 6000000000, 0.1, 1e-7, 1e12])


def _labels(rng: random.Random, k: int, pool: list[str]) -> list[str]:
    chosen = rng.sample(pool, k) if k <= len(pool) else [f"t{i}" for i in range(k)]
    return chosen


def _game_dict(rng: random.Random) -> dict[str, Any]:
    """A small valid JSON game file, in one of its three layouts."""
    import numpy as np

    n = rng.choice([2, 2, 2, 3])
    shape = [rng.randint(1, 4 if n == 2 else 2) for _ in range(n)]
    players = _labels(rng, n, PLAYERS)
    strategies = [_labels(rng, s, LABELS) for s in shape]
    tensor = np.empty((n, *shape), dtype=object)
    for idx in np.ndindex(*tensor.shape):
        tensor[idx] = _payoff(rng)
    d: dict[str, Any] = {}
    if rng.random() < 0.5:
        d["title"] = rng.choice(["Battle", "", "Un jeu é", "x" * 50])
    layout = rng.choice(["payoffs", "table"] + (["bimatrix"] if n == 2 else []))
    if layout != "table" or rng.random() < 0.5:
        d["players"] = players
    if rng.random() < 0.7:
        d["strategies"] = (
            {p: s for p, s in zip(players, strategies, strict=True)}
            if rng.random() < 0.5
            else strategies
        )
    if layout == "payoffs":
        d["payoffs"] = tensor.tolist()
    elif layout == "bimatrix":
        d["bimatrix"] = {"A": tensor[0].tolist(), "B": tensor[1].tolist()}
        if rng.random() < 0.2:
            del d["bimatrix"]["B"]
    else:
        d["players"] = players
        d["table"] = [
            {
                "profile": [strategies[i][k] for i, k in enumerate(prof)],
                "payoffs": [tensor[(i, *prof)] for i in range(n)],
            }
            for prof in np.ndindex(*shape)
        ]
    return d


_PARAMETRIC_TOML = """title = "Chicken with a crash cost"
players = ["Row", "Col"]

[strategies]
Row = ["swerve", "straight"]
Col = ["swerve", "straight"]

[parameters]
crash = {{ default = {crash}, min = 0, max = 100, unit = "index", source = "judged" }}
win = {win}

[calibrations.high]
crash = {{ value = 50, source = "x" }}

[[table]]
profile = ["swerve", "swerve"]
payoffs = [0, 0]

[[table]]
profile = ["swerve", "straight"]
payoffs = ["-win", "win"]

[[table]]
profile = ["straight", "swerve"]
payoffs = ["win", "-win"]

[[table]]
profile = ["straight", "straight"]
payoffs = ["-crash", "{expr}"]
"""

_EXPRESSIONS = ["-crash", "max(-crash, -win * 2)", "abs(win) - crash", "crash / 2 ** 2", "-crash"]


def _parametric(rng: random.Random) -> tuple[str, bytes]:
    crash, win, expr = (
        rng.choice([10, 0.5, 99]),
        rng.choice([1, 2, "3.5"]),
        rng.choice(_EXPRESSIONS),
    )
    text = _PARAMETRIC_TOML.format(crash=crash, win=win, expr=expr)
    if rng.random() < 0.3:  # the same as JSON
        import tomllib

        data = tomllib.loads(text)
        return ".json", json.dumps(data).encode()
    return ".toml", text.encode()


def _nfg_outcome_form(rng: random.Random) -> str:
    m, n = rng.randint(1, 3), rng.randint(1, 3)
    outcomes = [(rng.randint(-5, 5), rng.randint(-5, 5)) for _ in range(rng.randint(1, 4))]
    body = " ".join(f'{{ "o{k}" {a}, {b} }}' for k, (a, b) in enumerate(outcomes))
    indices = " ".join(str(rng.randint(0, len(outcomes))) for _ in range(m * n))
    return (
        f'NFG 1 R "outcomes" {{ "P1" "P2" }} {{ {m} {n} }}\n"a comment"\n{{ {body} }}\n{indices}\n'
    )


def valid_game_file(rng: random.Random) -> tuple[str, bytes]:
    """A valid game file: its suffix and bytes (JSON, TOML, .nfg, parametric)."""
    from multivector.games.formats import game_from_dict, game_to_nfg
    from multivector.games.formats.json_format import game_to_json
    from multivector.games.formats.toml_format import game_to_toml

    kind = rng.random()
    if kind < 0.12:
        return _parametric(rng)
    if kind < 0.2:
        return ".nfg", _nfg_outcome_form(rng).encode()
    d = _game_dict(rng)
    if kind < 0.55:
        return ".json", json.dumps(d, ensure_ascii=rng.random() < 0.5).encode()
    game = game_from_dict(d)
    if kind < 0.75:
        return ".toml", game_to_toml(game, layout=rng.choice(["table", "payoffs"])).encode()
    if kind < 0.95:
        return ".nfg", game_to_nfg(game).encode()
    return ".json", game_to_json(game, layout="table").encode()


def _counts_for(rng: random.Random) -> bytes:
    """An observed-choices file for the Battle of the Sexes (the game of qre --fit)."""
    d: dict[str, Any] = {
        "Ann": {"opera": rng.randint(0, 50), "football": rng.uniform(0, 30)},
        "Bob": [rng.randint(0, 40), rng.randint(0, 40)],
    }
    if rng.random() < 0.3:
        d["Bob"] = {"opera": 3}
    return json.dumps(d).encode()


BOS = json.dumps(
    {
        "title": "Battle of the Sexes",
        "players": ["Ann", "Bob"],
        "strategies": {"Ann": ["opera", "football"], "Bob": ["opera", "football"]},
        "bimatrix": {"A": [[2, 0], [0, 1]], "B": [[1, 0], [0, 2]]},
    }
).encode()
PD_NFG = b'NFG 1 R "PD" { "Row" "Col" } { { "C" "D" } { "C" "D" } } 3 3 0 5 5 0 1 1\n'
THREE = json.dumps(
    {
        "players": ["A", "B", "C"],
        "payoffs": [
            [[[3, 2], [1, 0]], [[2, 2], [0, 1]]],
            [[[2, 1], [3, 1]], [[1, 0], [2, 2]]],
            [[[2, 1], [2, 0]], [[1, 1], [0, 0]]],
        ],
    }
).encode()


@functools.cache
def _shipped_csv(name: str) -> bytes:
    from importlib import resources

    return resources.files("multivector.network").joinpath("data", name).read_bytes()


# ---------------------------------------------------------------------- mutations
def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate: its bytes, which are not UTF-8
        return text.encode("utf-8", "surrogatepass")


def _replace_match(rng: random.Random, pattern: re.Pattern[str], data: bytes, new: str) -> bytes:
    text = _text(data)
    found = list(pattern.finditer(text))
    if not found:
        return data
    m = rng.choice(found)
    return _bytes(text[: m.start()] + new + text[m.end() :])


def _m_number(rng: random.Random, data: bytes) -> bytes:
    return _replace_match(rng, _NUMBER, data, rng.choice(NASTY_NUMBERS))


def _m_quoted_number(rng: random.Random, data: bytes) -> bytes:
    return _replace_match(rng, _NUMBER, data, json.dumps(rng.choice(NASTY_NUMBERS)))


def _m_string(rng: random.Random, data: bytes) -> bytes:
    new = json.dumps(rng.choice(NASTY_STRINGS), ensure_ascii=rng.random() < 0.5)
    return _replace_match(rng, _STRING, data, new)


def _m_nest(rng: random.Random, data: bytes) -> bytes:
    k = rng.choice([50, 99, 101, 1000, 100_000])
    open_, close = rng.choice([("[", "]"), ("{", "}"), ('{"a":', "}")])
    inner = open_ * k + "1" + (close * k if rng.random() < 0.8 else "")
    text = _text(data)
    at = rng.randint(0, len(text))
    return _bytes(text[:at] + inner + text[at:])


def _m_duplicate_key(rng: random.Random, data: bytes) -> bytes:
    text = _text(data)
    found = list(re.finditer(r'("[^"\n]{1,40}"\s*:\s*[^,{}\[\]\n]+)', text))
    if not found:
        return data
    m = rng.choice(found)
    return _bytes(text[: m.end()] + ", " + m.group(1) + text[m.end() :])


def _m_delete(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.choice([1, 2, 5, 20, 200]))
    return data[:a] + data[b:]


def _m_insert(rng: random.Random, data: bytes) -> bytes:
    at = rng.randint(0, len(data))
    junk = rng.choice(
        [
            bytes([rng.randrange(256)]),
            b"\x00",
            b"\xff",
            b"\xc3",
            b"{",
            b"}",
            b"]",
            b",",
            b'"',
            b"\n",
            b"=",
            b"[[table]]\n",
            b"#",
            b"\\",
            b"0" * 30,
            b" " * rng.randint(1, 50),
        ]
    )
    return data[:at] + junk + data[at:]


def _m_flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]


def _m_splice(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 2:
        return data
    a, b = sorted(rng.sample(range(len(data)), 2))
    times = rng.choice([2, 3, 10, 100])
    return data[:b] + data[a:b] * times + data[b:]


def _m_truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def _m_encoding(rng: random.Random, data: bytes) -> bytes:
    text = _text(data)
    how = rng.choice(["utf-16", "utf-16-le", "utf-32", "latin-1", "bom", "crlf", "cp1252"])
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "crlf":
        return data.replace(b"\n", b"\r\n")
    return text.encode(how, "replace")


def _m_nfg_count(rng: random.Random, data: bytes) -> bytes:
    text = _text(data)
    m = re.search(r"\{\s*(\d+)\s+(\d+)", text)
    if m is None:
        return data
    new = rng.choice(["99999999999999999999", "0", "-1", "9" * 5000, "1e3", "16777217", "4000"])
    g = rng.choice([1, 2])
    return _bytes(text[: m.start(g)] + new + text[m.end(g) :])


def _m_grow(rng: random.Random, data: bytes) -> bytes:
    """Many payoffs or rows: a large but well-formed-looking input."""
    text = _text(data)
    m = re.search(r"\[\s*-?\d", text)
    if m is None:
        return data
    filler = ", ".join(["1"] * rng.choice([100, 1000, 20000]))
    return _bytes(text[: m.end()] + ", " + filler + text[m.end() :])


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    _m_number,
    _m_number,
    _m_quoted_number,
    _m_string,
    _m_nest,
    _m_duplicate_key,
    _m_delete,
    _m_insert,
    _m_flip,
    _m_splice,
    _m_truncate,
    _m_encoding,
    _m_nfg_count,
    _m_grow,
]


#: Largest mutated input, twice the default input limit: past the limit every reader
#: refuses it the same way, and three splices of a hundred copies made 191 MB cases whose
#: generation alone (in the harness, not in multivector) passed the memory bound.
MAX_CASE_BYTES = 16 * 2**20


def mutate(rng: random.Random, data: bytes, *, most: int = 3) -> bytes:
    """``data`` with 0 to ``most`` mutations (none in about one case in six), cut at
    :data:`MAX_CASE_BYTES`."""
    for _ in range(rng.choice([0, *range(1, most + 1), 1, 1])):
        data = rng.choice(MUTATIONS)(rng, data)[:MAX_CASE_BYTES]
    return data


# ---------------------------------------------------------------------- commands
#: Commands that take a game (``SCENARIO|FILE``), with the weight of each in file cases.
GAME_COMMANDS = {
    "solve": 30,
    "show": 5,
    "correlated": 5,
    "dominance": 5,
    "security": 5,
    "stackelberg": 4,
    "qre": 1,
    "selection": 4,
    "dynamics": 4,
    "ess": 4,
    "repeated": 1,
    "simulate": 3,
    "tournament": 2,
}
_FORMAT_COMMANDS = set(GAME_COMMANDS) - {"show"}

_INT_NASTY = ["-1", "0", "99999999999999999999", "9" * 5000, "1e3", "", "abc", "0x10", " 7 ",
              "2147483648", "1_000", "\u0663", "-0", "1.5"]  # fmt: skip
_FLOAT_NASTY = ["nan", "inf", "-inf", "-1", "1e308", "1e309", "1e-320", "1/2", "", "x",
                "1e999999999", "-0.0", "1" + "0" * 400]  # fmt: skip
_STR_NASTY = NASTY_STRINGS


def _pick(rng: random.Random, valid: list[str], nasty: list[str]) -> str:
    return rng.choice(valid) if rng.random() < 0.6 else rng.choice(nasty)


def _labels_option(rng: random.Random, pool: list[str], n: int) -> str:
    return ",".join(rng.choice(pool) for _ in range(n + rng.choice([-1, 0, 0, 0, 1])))


_METHODS = ["auto", "pure", "vertex", "exact", "lemke-howson", "lh-graph", "support-homotopy",
            "logit-trace", "nope", "Vertex", ""]  # fmt: skip
_STRATEGY_NAMES = ["tft", "grim", "punish-2", "punish-0", "punish-99999999999999999999",
                   "punish-" + "9" * 5000, "always-1", "always-opera", "always-", "wsls",
                   "gtft", "generous-tit-for-tat", "pavlov", "nonsense", "punish-x",
                   "always-99"]  # fmt: skip
_KZ_PARAMETERS = ["kazakhstan.weight.russia", "kazakhstan.autonomy_value", "russia.leverage"]


def _set_value(rng: random.Random) -> str:
    name = rng.choice([*_KZ_PARAMETERS, "nope", "", "crash", "win"])
    value = _pick(rng, ["0.5", "1", "0", "10"], [*_FLOAT_NASTY, *NASTY_NUMBERS[:12]])
    return rng.choice([f"{name}={value}", name, f"={value}", f"{name}=={value}"])


#: How to draw each option of each command (sweep belongs to its own tests):
#: ``(command, option) -> function(rng, labels, players) -> list of arguments``.
COMMAND_OPTIONS: dict[tuple[str, str], Callable[..., list[str]]] = {
    ("solve", "--era"): lambda r, lab, pl: ["--era", _pick(r, ["2014-2021", "2022-"], _STR_NASTY)],
    ("solve", "--set"): lambda r, lab, pl: ["--set", _set_value(r)],
    ("solve", "--method"): lambda r, lab, pl: ["--method", r.choice(_METHODS)],
    ("solve", "--exact"): lambda r, lab, pl: ["--exact"],
    ("solve", "--force"): lambda r, lab, pl: ["--force"],
    ("solve", "--label"): lambda r, lab, pl: ["--method", "lemke-howson", "--label",
                                               _pick(r, ["0", "1", "3", *lab], _INT_NASTY)],
    ("correlated", "--objective"): lambda r, lab, pl: [
        "--objective", _pick(r, ["welfare", "max-payoff", "min-payoff", "entropy"], _STR_NASTY)],
    ("correlated", "--player"): lambda r, lab, pl: ["--player", _pick(r, pl, _STR_NASTY)],
    ("correlated", "--coarse"): lambda r, lab, pl: ["--coarse"],
    ("dominance", "--weak"): lambda r, lab, pl: ["--weak"],
    ("dominance", "--pure-only"): lambda r, lab, pl: ["--pure-only"],
    ("dominance", "--sequential"): lambda r, lab, pl: ["--sequential"],
    ("stackelberg", "--leader"): lambda r, lab, pl: ["--leader", _pick(r, pl, _STR_NASTY)],
    ("stackelberg", "--commitment"): lambda r, lab, pl: [
        "--commitment", _pick(r, ["mixed", "pure"], _STR_NASTY)],
    ("stackelberg", "--tie-breaking"): lambda r, lab, pl: [
        "--tie-breaking", _pick(r, ["strong", "weak"], _STR_NASTY)],
    ("stackelberg", "--force"): lambda r, lab, pl: ["--force"],
    ("qre", "--lambda-max"): lambda r, lab, pl: [
        "--lambda-max", _pick(r, ["2", "10", "0.5"], _FLOAT_NASTY)],
    ("qre", "--points"): lambda r, lab, pl: ["--points", _pick(r, ["2", "5", "100"], _INT_NASTY)],
    ("qre", "--plot"): lambda r, lab, pl: ["--plot", _plot_path(r)],
    ("qre", "--fit"): lambda r, lab, pl: ["--fit", "{dir}/counts.json"],
    ("dynamics", "--rule"): lambda r, lab, pl: [
        "--rule", _pick(r, ["fictitious-play", "replicator"], _STR_NASTY)],
    ("dynamics", "--seed"): lambda r, lab, pl: ["--seed", _pick(r, ["0", "3", str(2**63 - 1)],
                                                                 _INT_NASTY)],
    ("dynamics", "--steps"): lambda r, lab, pl: ["--steps", _pick(r, ["1", "10", "1000"],
                                                                   [*_INT_NASTY, "10000001"])],
    ("dynamics", "--tol"): lambda r, lab, pl: ["--tol", _pick(r, ["1e-3", "0.1", "1e6"],
                                                               _FLOAT_NASTY)],
    ("show", "--era"): lambda r, lab, pl: ["--era", _pick(r, ["2014-2021", "2022-"], _STR_NASTY)],
    ("show", "--set"): lambda r, lab, pl: ["--set", _set_value(r)],
    ("params", "--era"): lambda r, lab, pl: ["--era", _pick(r, ["2014-2021", "high"], _STR_NASTY)],
    ("repeated", "--discount"): lambda r, lab, pl: [
        "--discount", _pick(r, ["0.9", "9/10", "0", "0.5"], [*_FLOAT_NASTY, *NASTY_NUMBERS])],
    ("repeated", "--target"): lambda r, lab, pl: ["--target", _labels_option(r, [*lab, ""], 2)],
    ("repeated", "--era"): lambda r, lab, pl: ["--era", _pick(r, ["2022-"], _STR_NASTY)],
    ("repeated", "--plot"): lambda r, lab, pl: ["--plot", _plot_path(r)],
    ("simulate", "--strategies"): lambda r, lab, pl: [
        "--strategies", _labels_option(r, _STRATEGY_NAMES, 2)],
    ("simulate", "--rounds"): lambda r, lab, pl: ["--rounds", _pick(r, ["1", "20", "500"],
                                                                     [*_INT_NASTY, "1000001"])],
    ("simulate", "--noise"): lambda r, lab, pl: ["--noise", _pick(r, ["0", "0.1", "1"],
                                                                   _FLOAT_NASTY)],
    ("simulate", "--seed"): lambda r, lab, pl: ["--seed", _pick(r, ["0", "7"], _INT_NASTY)],
    ("simulate", "--era"): lambda r, lab, pl: ["--era", _pick(r, ["2022-"], _STR_NASTY)],
    ("simulate", "--target"): lambda r, lab, pl: ["--target", _labels_option(r, lab, 2)],
    ("simulate", "--punishment"): lambda r, lab, pl: ["--punishment", _labels_option(r, lab, 2)],
    ("tournament", "--strategies"): lambda r, lab, pl: [
        "--strategies", _labels_option(r, _STRATEGY_NAMES, r.randint(1, 4))],
    ("tournament", "--rounds"): lambda r, lab, pl: ["--rounds", _pick(r, ["1", "20", "100"],
                                                                       [*_INT_NASTY, "1000001"])],
    ("tournament", "--noise"): lambda r, lab, pl: ["--noise", _pick(r, ["0", "0.05"],
                                                                     _FLOAT_NASTY)],
    ("tournament", "--seed"): lambda r, lab, pl: ["--seed", _pick(r, ["0", "7"], _INT_NASTY)],
    ("tournament", "--repetitions"): lambda r, lab, pl: [
        "--repetitions", _pick(r, ["1", "3"], [*_INT_NASTY, "100001", "100000"])],
    ("tournament", "--era"): lambda r, lab, pl: ["--era", _pick(r, ["2022-"], _STR_NASTY)],
    ("tournament", "--target"): lambda r, lab, pl: ["--target", _labels_option(r, lab, 2)],
    ("tournament", "--punishment"): lambda r, lab, pl: [
        "--punishment", _labels_option(r, lab, 2)],
    ("corridors", "--without"): lambda r, lab, pl: [
        "--without", _pick(r, ["Russia", "Kazakhstan", "Turkey"], _STR_NASTY)],
    ("corridors", "--scale"): lambda r, lab, pl: [
        "--scale", f"{_pick(r, ['Tengiz-Novorossiysk:oil', 'Kuryk-Alat'], _STR_NASTY)}="
        f"{_pick(r, ['0.5', '0', '2'], [*_FLOAT_NASTY, '-1'])}"],
    ("corridors", "--add"): lambda r, lab, pl: [
        "--add", f"{_pick(r, ['Kuryk-Alat', 'Tengiz-Aktau:oil'], _STR_NASTY)}="
        f"{_pick(r, ['5', '0.1'], [*_FLOAT_NASTY, '-5'])}"],
    ("corridors", "--plot"): lambda r, lab, pl: ["--plot", _plot_path(r)],
    ("corridors", "--nodes"): lambda r, lab, pl: ["--nodes", "{dir}/nodes.csv"],
    ("corridors", "--edges"): lambda r, lab, pl: ["--edges", "{dir}/edges.csv"],
    ("robustness", "--outcome"): lambda r, lab, pl: ["--outcome", _labels_option(r, lab, 2)],
    ("robustness", "--era"): lambda r, lab, pl: ["--era", _pick(r, ["2022-"], _STR_NASTY)],
    ("robustness", "--draws"): lambda r, lab, pl: ["--draws", _pick(r, ["0", "5", "20"],
                                                                     [*_INT_NASTY, "1000001"])],
    ("robustness", "--seed"): lambda r, lab, pl: ["--seed", _pick(r, ["0", "2"], _INT_NASTY)],
    ("robustness", "--spread"): lambda r, lab, pl: ["--spread", _pick(r, ["0.2", "1"],
                                                                       [*_FLOAT_NASTY, "101"])],
    ("tree", "--era"): lambda r, lab, pl: ["--era", _pick(r, ["2014-2021", "2022-"], _STR_NASTY)],
    ("tree", "--set"): lambda r, lab, pl: ["--set", _set_value(r)],
    ("tree", "--plot"): lambda r, lab, pl: ["--plot", _plot_path(r)],
    ("tree", "--solve"): lambda r, lab, pl: ["--solve"],
    ("tree", "--method"): lambda r, lab, pl: [
        "--method", _pick(r, ["auto", "backward-induction", "sequence-form", "subgame-perfect",
                              "pure"], _STR_NASTY)],
    ("tree", "--exact"): lambda r, lab, pl: ["--exact"],
    ("tree", "--equilibrium"): lambda r, lab, pl: [
        "--solve", "--equilibrium", _pick(r, ["1", "2"], _INT_NASTY)],
    ("tree", "--depth"): lambda r, lab, pl: ["--depth", _pick(r, ["0", "1", "3"], _INT_NASTY)],
    ("convert", "--reduced-normal-form"): lambda r, lab, pl: ["--reduced-normal-form"],
}  # fmt: skip
#: Commands whose options are fuzzed besides ``--format`` (sweep: its own tests).
OPTION_COMMANDS = sorted({c for c, _ in COMMAND_OPTIONS} | {"methods", "scenarios", "ess",
                                                             "security", "selection", "convert",
                                                             "forecasts"})  # fmt: skip
#: Commands of fixed, long work (the article's forecasts: seconds), run in few cases.
RARE_COMMANDS = ("forecasts",)


def _plot_path(rng: random.Random) -> str:
    return rng.choice(
        ["{dir}/f.png", "{dir}/f.svg", "{dir}/f.xyz", "{dir}", "{dir}/no/such/f.png", "{dir}/f"]
    )


def _format(rng: random.Random) -> list[str]:
    return ["--format", _pick(rng, ["json", "json", "table", "csv", "JSON"], _STR_NASTY)]


def _game_case(rng: random.Random) -> Case:
    suffix, data = valid_game_file(rng)
    data = mutate(rng, data)
    suffix = rng.choice([suffix] * 6 + [".txt", "", ".JSON", ".toml", ".nfg", ".json"])
    if suffix.lower() == ".json" and b"parameters" in data and rng.random() < 0.3:
        command = "params"
    else:
        command = rng.choices(list(GAME_COMMANDS), weights=list(GAME_COMMANDS.values()))[0]
    name = f"game{suffix}"
    args = [command, f"{{dir}}/{name}"]
    args += _game_options(rng, command)
    if rng.random() < 0.06:
        out = "{dir}/out" + rng.choice([".json", ".toml", ".nfg", ".txt"])
        return Case("convert", ["convert", f"{{dir}}/{name}", out], {name: data})
    return Case("file", args, {name: data})


def _game_options(rng: random.Random, command: str) -> list[str]:
    """The options a file case runs the command with: none that make it slow."""
    args: list[str] = []
    if command in _FORMAT_COMMANDS and rng.random() < 0.7:
        args += ["--format", "json"]
    if command == "stackelberg":
        args += ["--leader", rng.choice(PLAYERS)]
    if command == "dynamics":
        args += ["--steps", "2000"]
    if command == "tournament":
        args += ["--rounds", "20"]
    if command == "qre":  # (the branch is traced further in the options' cases)
        args += ["--lambda-max", "5"]
    return args


def _stdin_case(rng: random.Random) -> Case:
    _, data = valid_game_file(rng)
    command = rng.choices(list(GAME_COMMANDS), weights=list(GAME_COMMANDS.values()))[0]
    return Case("stdin", [command, "-", *_game_options(rng, command)], {}, mutate(rng, data))


def _counts_case(rng: random.Random) -> Case:
    counts = mutate(rng, _counts_for(rng))
    return Case(
        "counts",
        ["qre", "{dir}/bos.json", "--fit", "{dir}/counts.json", "--lambda-max", "10", "-f",
         "json"],
        {"bos.json": BOS, "counts.json": counts},
    )  # fmt: skip


def _csv_case(rng: random.Random) -> Case:
    which = rng.choice(["nodes", "edges", "both"])
    files = {
        "nodes.csv": _shipped_csv("nodes.csv"),
        "edges.csv": _shipped_csv("edges.csv"),
    }
    args = ["corridors", "--format", "json"]
    for name in ("nodes", "edges"):
        if which in (name, "both"):
            files[f"{name}.csv"] = mutate(rng, files[f"{name}.csv"], most=2)
        args += [f"--{name}", f"{{dir}}/{name}.csv"]
    return Case("csv", args, files)


def _options_case(rng: random.Random) -> Case:
    command = rng.choice(OPTION_COMMANDS)
    files: dict[str, bytes] = {
        "bos.json": BOS,
        "pd.nfg": PD_NFG,
        "three.json": THREE,
        "counts.json": mutate(rng, _counts_for(rng), most=1),
    }
    suffix, chicken = _parametric(rng)
    files[f"chicken{suffix}"] = chicken
    target_pool = ["{dir}/bos.json", "{dir}/pd.nfg", "{dir}/three.json",
                   f"{{dir}}/chicken{suffix}", "kz-russia", "{dir}/missing.json", "nowhere",
                   "-"]  # fmt: skip
    labels = [
        "opera",
        "football",
        "C",
        "D",
        "swerve",
        "straight",
        "balance",
        "coerce",
        "accommodate",
    ]
    players = ["Ann", "Bob", "Row", "Col", "A", "Kazakhstan", "Russia"]
    args = [command]
    if command in ("methods", "scenarios", *RARE_COMMANDS):
        if command in RARE_COMMANDS and rng.random() < 0.98:
            command = "methods"
            args = [command]
    elif command == "convert":
        args += [rng.choice(target_pool), "{dir}/out" + rng.choice([".json", ".toml", ".nfg", ""])]
    elif command == "corridors":
        files["nodes.csv"] = _shipped_csv("nodes.csv")
        files["edges.csv"] = _shipped_csv("edges.csv")
    elif command == "robustness":
        # a scenario's margins take seconds (18 parameters); the parametric file's, little
        args += [rng.choice([f"{{dir}}/chicken{suffix}"] * 8 + ["kz-russia", "nowhere"])]
    elif command == "params":
        args += [rng.choice(target_pool)]
    else:
        args += [rng.choice(target_pool)]
    for (cmd, _option), draw in COMMAND_OPTIONS.items():
        if cmd == command and rng.random() < 0.5:
            args += draw(rng, labels, players)
    if command == "robustness" and "--draws" not in args:
        args += ["--draws", "0"]
    if command == "dynamics" and "--steps" not in args:
        args += ["--steps", "2000"]
    if command in ("tournament", "simulate") and "--rounds" not in args:
        args += ["--rounds", "20"]
    if command == "stackelberg" and "--leader" not in args:
        args += ["--leader", rng.choice(players)]
    if command not in ("show", "convert", "robustness") and rng.random() < 0.5:
        args += _format(rng)
    if rng.random() < 0.05:  # an unknown option, a missing value
        args += [rng.choice(["--frmat", "--seed", "-x", "--", "--format"])]
    stdin = BOS if "-" in args else None
    return Case("options", args, files, stdin)


def _limit_case(rng: random.Random) -> Case:
    """A game file larger than a (lowered) input limit, or a bad limit."""
    case = _game_case(rng)
    limit = rng.choice(["100", "1K", "abc", "0", "1G", "10"])
    case.env = {"MULTIVECTOR_MAX_INPUT_BYTES": limit}
    case.kind = "limit"
    return case


# ---------------------------------------------------------------------- library readers
# Readers with no command of their own (extensive-form files, scenario calibrations, the
# peers' game objects) run as "library" cases: the arguments name a reader (``@name``) and
# its file; a project error counts as the command line's one ``error:`` line, status 2.
_TREE_ACTIONS = ["l", "r", "m", "in", "out", "é", "x y"]


def _tree_node(rng: random.Random, players: list[str], depth: int) -> dict[str, Any]:
    if depth == 0 or rng.random() < 0.25:
        return {"payoffs": [_payoff(rng) for _ in players]}
    k = rng.randint(1, 3)
    labels = rng.sample(_TREE_ACTIONS, k)
    kids = {a: _tree_node(rng, players, depth - 1) for a in labels}
    if rng.random() < 0.2:
        return {"chance": {a: f"1/{k}" for a in labels}, "actions": kids}
    node: dict[str, Any] = {"player": rng.choice(players), "actions": kids}
    if rng.random() < 0.2:
        node["label"] = rng.choice(LABELS)
    return node


def _toml_value(value: Any) -> str:
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value)


def _efg_text(tree: dict[str, Any], players: list[str]) -> str:
    """The tree in Gambit's ``.efg`` format, nodes in prefix order."""
    lines = [f'EFG 2 R "fuzz" {{ {" ".join(json.dumps(p) for p in players)} }} ""']
    counters = {"set": 0, "chance": 0, "outcome": 0}

    def walk(node: dict[str, Any]) -> None:
        if "payoffs" in node:
            counters["outcome"] += 1
            pays = ", ".join(str(v) for v in node["payoffs"])
            lines.append(f't "" {counters["outcome"]} "" {{ {pays} }}')
            return
        acts = list(node["actions"])
        if "chance" in node:
            counters["chance"] += 1
            body = " ".join(f"{json.dumps(a)} {node['chance'][a]}" for a in acts)
            lines.append(f'c "" {counters["chance"]} "" {{ {body} }} 0')
        else:
            counters["set"] += 1
            who = players.index(node["player"]) + 1
            body = " ".join(json.dumps(a) for a in acts)
            lines.append(f'p "" {who} {counters["set"]} "" {{ {body} }} 0')
        for a in acts:
            walk(node["actions"][a])

    walk(tree)
    return "\n".join(lines) + "\n"


def valid_extensive_file(rng: random.Random) -> tuple[str, bytes]:
    """A small valid extensive-form game: ``.efg``, a JSON tree or a TOML tree."""
    players = _labels(rng, rng.choice([1, 2, 2, 3]), PLAYERS)
    tree = _tree_node(rng, players, rng.randint(1, 3))
    data: dict[str, Any] = {"title": "fuzz", "players": players, "tree": tree}
    form = rng.random()
    if form < 0.35:
        return ".efg", _efg_text(tree, players).encode()
    if rng.random() < 0.3:  # a parameter in one payoff
        data["parameters"] = {"c": {"default": 2, "min": 0, "max": 10, "meaning": "a cost"}}
        node = tree
        while "payoffs" not in node:
            node = node["actions"][next(iter(node["actions"]))]
        node["payoffs"][0] = rng.choice(["-c", "c - 1", "2 * c", "c / 0", "c ** 999"])
    if form < 0.7:
        return ".json", json.dumps(data).encode()
    body = "\n".join(f"{k} = {_toml_value(v)}" for k, v in data.items())
    return ".toml", (body + "\n").encode()


def _extensive_case(rng: random.Random) -> Case:
    suffix, data = valid_extensive_file(rng)
    name = f"game{suffix}"
    return Case("extensive", ["@extensive", f"{{dir}}/{name}"], {name: mutate(rng, data)})


def _calibration_case(rng: random.Random) -> Case:
    from importlib import resources

    name = rng.choice(["kz_russia.toml", "coercion.toml", "great_powers.toml"])
    data = resources.files("multivector.games.scenarios").joinpath("data", name).read_bytes()
    return Case("calibration", ["@calibration", f"{{dir}}/{name}"], {name: mutate(rng, data)})


def _interop_value(rng: random.Random) -> Any:
    if rng.random() < 0.7:
        return _payoff(rng)
    return rng.choice(
        [float("nan"), float("inf"), -float("inf"), 1e308, -1.7e308, 10**20, 10**400,
         10**5000, "1e999999999", "abc", "2/3", None, True, [1, 2], (1,), 1j]
    )  # fmt: skip


def _interop_case(rng: random.Random) -> Case:
    """Payoff arrays handed to ``from_nashpy`` or ``from_quantecon``, as user code builds
    them: values of every type, ragged rows, wrong shapes."""
    import pickle

    layout = rng.choice(["nashpy", "quantecon", "quantecon-square"])
    rows, cols = rng.randint(1, 3), rng.randint(1, 3)
    if layout == "nashpy":
        obj: Any = [[[_interop_value(rng) for _ in range(cols)] for _ in range(rows)]
                    for _ in range(2)]  # fmt: skip
    elif layout == "quantecon":
        obj = [[tuple(_interop_value(rng) for _ in range(2)) for _ in range(cols)]
               for _ in range(rows)]  # fmt: skip
    else:
        obj = [[_interop_value(rng) for _ in range(rows)] for _ in range(rows)]
    if rng.random() < 0.2 and obj and isinstance(obj[-1], list) and obj[-1]:
        obj[-1].pop()  # ragged
    files = {"payoffs.pickle": pickle.dumps(obj)}
    return Case("interop", [f"@{layout.split('-')[0]}", "{dir}/payoffs.pickle"], files)


def _run_library(args: list[str]) -> int:
    """A library case: the reader ``args[0]`` on the file ``args[1]``; 0 when it returns,
    2 (with one ``error:`` line on stderr) for a project error; anything else escapes."""
    import pickle
    from types import SimpleNamespace

    from multivector.errors import MultivectorError, ScenarioError

    try:
        if args[0] == "@extensive":
            from multivector.games.formats.tree import read_tree_file

            read_tree_file(args[1])
        elif args[0] == "@calibration":
            from multivector.files import read_text
            from multivector.games.scenarios import get_scenario, load_calibrations

            text = read_text(args[1], expected="a calibration file", error=ScenarioError)
            load_calibrations(text, get_scenario("kz-russia").parameters, where=args[1])
        else:
            from multivector.games.interop import from_nashpy, from_quantecon

            with open(args[1], "rb") as f:
                obj = pickle.load(f)
            if args[0] == "@nashpy":
                from_nashpy(SimpleNamespace(payoff_matrices=tuple(obj)))
            else:
                from_quantecon(obj)
    except MultivectorError as err:
        from multivector.cli.common import one_line

        print(f"error: {one_line(str(err))}", file=sys.stderr)  # as the command line does
        return 2
    return 0


KINDS: dict[str, tuple[Callable[[random.Random], Case], int]] = {
    "file": (_game_case, 50),
    "stdin": (_stdin_case, 10),
    "options": (_options_case, 28),
    "counts": (_counts_case, 5),
    "csv": (_csv_case, 3),
    "limit": (_limit_case, 2),
    "extensive": (_extensive_case, 8),
    "calibration": (_calibration_case, 2),
    "interop": (_interop_case, 3),
}


def generate(
    rng: random.Random, index: int | None = None, kind: str | None = None, *, quick: bool = False
) -> Case:
    """A case drawn with ``rng`` (of one ``kind``, or any).

    ``quick`` (for CI) leaves out the valid runs that take seconds whatever the input (a
    scenario's robustness margins, the forecasts, drawing a figure); the options are still
    parsed, and refused ones still tested.
    """
    if kind is None:
        kind = rng.choices(list(KINDS), weights=[w for _, w in KINDS.values()])[0]
    case = KINDS[kind][0](rng)
    case.index = index
    if quick:
        _make_quick(case)
    return case


_SLOW_VALID = {"forecasts": ["methods"]}


def _make_quick(case: Case) -> None:
    """Drop the seconds-long valid work from a case, keeping its input handling."""
    args = case.args
    if args and args[0] in _SLOW_VALID:
        args[:] = _SLOW_VALID[args[0]]
    if args and args[0] == "robustness" and len(args) > 1 and args[1] == "kz-russia":
        args[1] = "nowhere"
    for k, a in enumerate(args[:-1]):
        if a == "--plot" and args[k + 1] in ("{dir}/f.png", "{dir}/f.svg", "{dir}/f"):
            args[k + 1] = "{dir}/f.xyz"
        if a == "--lambda-max" and args[k + 1] in ("5", "10"):
            args[k + 1] = "0.5"  # (a game's payoffs of 6e9 make the branch stiff beyond)


def make_case(index: int) -> Case:
    """Case number ``index``: the same case every time."""
    return generate(random.Random(index), index)


# ---------------------------------------------------------------------- running
class CaseTimeout(BaseException):
    """A case ran past :data:`HANG_SECONDS` (a BaseException, so that no handler of the
    command line catches it)."""


@functools.cache
def _command() -> Any:
    import typer

    from multivector.cli import app

    return typer.main.get_command(app)


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise :class:`CaseTimeout` in this process after ``seconds`` of its CPU time.

    CPU time, not wall time: on a machine busy with other work a case can wait for the
    processor far longer than it runs, and that is not a hang. A case stuck without using
    the CPU is the driver's to kill (``--kill-after``)."""

    def expire(signum: int, frame: Any) -> None:
        raise CaseTimeout(f"still running after {seconds:g} s of CPU")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@contextlib.contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def warm_up(folder: Path) -> None:
    """Run once what the commands import lazily (matplotlib for --plot, the LP solver,
    the corridor network, the compiled kernels), so that a case's time is its own work,
    not a first import."""
    warm = [
        Case("warm", ["qre", "{dir}/bos.json", "--plot", "{dir}/f.png", "--lambda-max", "10"],
             {"bos.json": BOS}),
        Case("warm", ["corridors", "--plot", "{dir}/m.png"]),
        Case("warm", ["repeated", "{dir}/bos.json", "--plot", "{dir}/r.png"], {"bos.json": BOS}),
        Case("warm", ["correlated", "{dir}/bos.json"], {"bos.json": BOS}),
        Case("warm", ["solve", "kz-russia", "--exact"]),
        Case("warm", ["solve", "{dir}/three.json"], {"three.json": THREE}),
        Case("warm", ["solve", "{dir}/bos.json", "-m", "lemke-howson"], {"bos.json": BOS}),
        Case("warm", ["solve", "{dir}/bos.json", "-m", "lh-graph"], {"bos.json": BOS}),
        Case("warm", ["robustness", "kz-russia", "--draws", "3", "--outcome", "balance"]),
    ]  # fmt: skip
    for case in warm:
        run_case(case, folder)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_case(case: Case, folder: Path, *, hang_seconds: float = HANG_SECONDS) -> Outcome:
    """Run a case's command line in this process, in ``folder`` (emptied first)."""
    from multivector.cli.common import CAUGHT_WARNINGS

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_dir():
            import shutil

            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()
    for name, data in case.files.items():
        (folder / name).write_bytes(data)
    args = [a.replace("{dir}", str(folder)) for a in case.args]
    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(case.stdin or b""), encoding="utf-8")
    saved_stdin = sys.stdin
    escaped = None
    status: int | None = None
    start = time.perf_counter()
    cpu_start = time.process_time()
    try:
        sys.stdin = stdin
        with (
            _environment(case.env),
            _alarm(hang_seconds),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            if args and args[0].startswith("@"):
                status = _run_library(args)
            else:
                status = _command().main(args, prog_name="multivector", standalone_mode=False)
    except CaseTimeout as exc:
        escaped = f"hang: {exc}"
    except BaseException as exc:  # anything that escapes the command line is a finding
        escaped = f"{type(exc).__name__}: {exc}"
    finally:
        sys.stdin = saved_stdin
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    return Outcome(
        status=status,
        stdout=out.getvalue(),
        stderr=err.getvalue(),
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        rss_mb=peak_rss_mb(),
        escaped=escaped,
        warnings=[f"{w.category.__name__}: {w.message}" for w in CAUGHT_WARNINGS],
    )


def waited(outcome: Outcome, *, seconds: float = CASE_SECONDS) -> bool:
    """Over the time bound in wall time only: the case waited for the CPU, it did not use
    it (counted by the long run, not a finding)."""
    return (
        outcome.seconds > seconds
        and outcome.cpu_seconds is not None
        and outcome.cpu_seconds <= seconds
    )


def problems(outcome: Outcome, *, seconds: float = CASE_SECONDS) -> list[str]:
    """How an outcome breaks the property (empty when it holds).

    Status 0 with nothing on stderr, or status 2 with exactly one line on stderr that
    starts with ``error:`` and nothing on stdout; no exception out of the command line,
    no library warning; at most ``seconds`` of CPU time (of wall time when the CPU time
    was not measured). (Memory, :data:`CASE_MEMORY_MB`, is the driver's to judge.)

    The time bound is on the work the case did: on a machine shared with other work the
    wall time also measures the neighbours (:func:`waited` says when only it is over).
    """
    found = []
    if outcome.escaped is not None:
        found.append(f"escaped the command line: {outcome.escaped[:300]}")
    elif outcome.status == 0:
        if outcome.stderr:
            found.append(f"status 0 but stderr: {outcome.stderr[:300]!r}")
    elif outcome.status == 2:
        lines = outcome.stderr.split("\n")
        if lines[-1] == "":
            lines.pop()
        if len(lines) != 1 or not lines[0].startswith("error: "):
            found.append(f"status 2 without exactly one error line: {outcome.stderr[:300]!r}")
        if outcome.stdout:
            found.append(f"status 2 with output on stdout: {outcome.stdout[:200]!r}")
    else:
        found.append(f"status {outcome.status}: {outcome.stderr[:300]!r}")
    if outcome.warnings:
        found.append(f"library warnings: {outcome.warnings[:3]}")
    used = outcome.seconds if outcome.cpu_seconds is None else outcome.cpu_seconds
    if used > seconds:
        found.append(
            f"took {used:.2f} s of CPU ({outcome.seconds:.2f} s wall; limit {seconds:g} s; "
            f"status {outcome.status})"
        )
    # (memory: the process's peak covers every case it ran; the long run measures a case
    # that raises it alone, in a new process, see tests.fuzz.driver)
    return found
