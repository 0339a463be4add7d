"""The failures of issue 15 that reach the input boundary, each now one ``error:`` line and
status 2, within 2 s and 500 MB: numbers whose exact value would be enormous, an .nfg
header of 10**20 strategies, endless and huge inputs, deep nesting, other encodings,
integers past 4,300 digits, duplicate keys, bad option values, payoffs near the floating
point range, malformed observed-choice and corridor files.

Each case runs the command line in this process (as ``multivector`` does) under a 2 s
alarm (a limit, not a measurement); the riskiest ones also run as a real process whose
peak memory the kernel reports (``os.wait4``).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from tests.fuzz.cases import BOS, Case, problems, run_case

ROOT = Path(__file__).resolve().parents[2]

#: The property's bounds.
SECONDS = 2.0
MEMORY_MB = 500.0

CHICKEN_TOML = """players = ["Row", "Col"]
[strategies]
Row = ["swerve", "straight"]
Col = ["swerve", "straight"]
[parameters]
crash = {{ default = {default}, min = 0 }}
[bimatrix]
A = [[0, -1], [1, "-crash"]]
B = [[0, 1], [-1, "-crash"]]
"""


def _game_json(a00: object) -> bytes:
    return ('{"bimatrix": {"A": [[' + str(a00) + ', 0], [0, 1]], "B": [[1, 0], [0, 2]]}}').encode()


def _outcome(case: Case, folder: Path) -> tuple[str, list[str]]:
    outcome = run_case(case, folder, hang_seconds=SECONDS)
    return outcome.stderr, problems(outcome, seconds=SECONDS) + (
        [] if outcome.status == 2 else [f"status {outcome.status}, not 2"]
    )


# (id, arguments, files, standard input, a fragment of the message)
CASES: list[tuple[str, list[str], dict[str, bytes], bytes | None, str]] = [
    # numbers: the exponent is checked on the text, never expanded
    ("json-number-1e999999999", ["solve", "{dir}/g.json"], {"g.json": _game_json("1e999999999")},
     None, "exponent of 1e999999999"),
    ("json-string-1e999999999", ["solve", "{dir}/g.json"],
     {"g.json": _game_json('"1e999999999"')}, None, "exponent of 1e999999999"),
    ("json-1e10000000", ["solve", "{dir}/g.json"], {"g.json": _game_json("1e10000000")}, None,
     "exponent"),
    ("json-1e-999999999", ["solve", "{dir}/g.json"], {"g.json": _game_json("1e-999999999")},
     None, "exponent"),
    ("toml-1e999999999", ["solve", "{dir}/g.toml"],
     {"g.toml": b"[bimatrix]\nA = [[1e999999999, 0], [0, 1]]\n"}, None, "exponent"),
    ("nfg-1e999999999", ["solve", "{dir}/g.nfg"],
     {"g.nfg": b'NFG 1 R "" { "a" "b" } { 2 2 } 1e999999999 0 0 0 0 0 0 0\n'}, None,
     "exponent"),
    ("expression-1e-999999999", ["correlated", "{dir}/c.toml"],
     {"c.toml": CHICKEN_TOML.replace('"-crash"]]\nB', '"-crash * 1e-999999999"]]\nB')
      .format(default=2).encode()}, None, "exponent of 1e-999999999"),
    ("stdin-1e999999999", ["solve", "-"], {}, _game_json("1e999999999"), "exponent"),
    ("discount-1e-999999999", ["repeated", "{dir}/g.json", "--discount", "1e-999999999"],
     {"g.json": BOS}, None, "exponent"),
    # an .nfg header of 10**20 strategies, refused before anything is allocated
    ("nfg-header-10**20", ["solve", "{dir}/g.nfg"],
     {"g.nfg": b'NFG 1 R "" { "a" "b" } { 99999999999999999999 2 } 0 0\n'}, None,
     "strategy count"),
    ("nfg-header-2**24", ["solve", "{dir}/g.nfg"],
     {"g.nfg": b'NFG 1 R "" { "a" "b" } { 16777216 1 } 0 0\n'}, None, "file ends"),
    ("nfg-header-product", ["solve", "{dir}/g.nfg"],
     {"g.nfg": b'NFG 1 R "" { "a" "b" "c" } { 4096 4096 4096 } 0 0\n'}, None,
     "strategy profiles"),
    # a TOML file of a million numbers: Python's TOML parser would take seconds
    ("toml-over-512KiB", ["solve", "{dir}/g.toml"],
     {"g.toml": b"[bimatrix]\nA = [[" + b"1, " * 200_000 + b"1]]\n"}, None, "TOML text of"),
    # endless and huge inputs: at most the limit is read
    ("dev-zero", ["solve", "/dev/zero"], {}, None, "input limit of 8 MiB"),
    ("stdin-over-the-limit", ["solve", "-"], {}, b" " * (8 * 2**20 + 1), "input limit"),
    # deep nesting, refused before a parser recurses
    ("json-nested-1e5", ["solve", "{dir}/g.json"],
     {"g.json": b'{"payoffs": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"}, None,
     "nested more than 100 levels"),
    ("toml-nested-1e5", ["solve", "{dir}/g.toml"],
     {"g.toml": b"payoffs = " + b"[" * 100_000 + b"]" * 100_000 + b"\n"}, None,
     "nested more than 100 levels"),
    ("toml-dotted-1e5", ["solve", "{dir}/g.toml"],
     {"g.toml": b"payoffs" + b".a" * 100_000 + b" = 1\n"}, None, "nested more than 100"),
    ("stdin-nested-1e5", ["solve", "-"], {}, b"[" * 100_000, "nested"),
    # other encodings, named
    ("utf-16-bom", ["solve", "{dir}/g.json"], {"g.json": BOS.decode().encode("utf-16")}, None,
     "UTF-16"),
    ("utf-16-no-bom", ["solve", "{dir}/g.json"], {"g.json": BOS.decode().encode("utf-16-le")},
     None, "UTF-16"),
    ("utf-32", ["solve", "{dir}/g.json"], {"g.json": BOS.decode().encode("utf-32")}, None,
     "UTF-32"),
    ("latin-1", ["solve", "{dir}/g.json"],
     {"g.json": '{"title": "caf\xe9", "bimatrix": {"A": [[1]]}}'.encode("latin-1")}, None,
     "Latin-1"),
    # integers past Python's 4,300 digits (and past ours, 1,000)
    ("json-payoff-5000-digits", ["solve", "{dir}/g.json"], {"g.json": _game_json("9" * 5000)},
     None, "digits"),
    ("json-fraction-5000-digits", ["solve", "{dir}/g.json"],
     {"g.json": _game_json('"1/' + "9" * 5000 + '"')}, None, "digits"),
    ("toml-payoff-5000-digits", ["solve", "{dir}/g.toml"],
     {"g.toml": b"[bimatrix]\nA = [[" + b"9" * 5000 + b", 0], [0, 1]]\n"}, None, "digits"),
    ("nfg-count-5000-digits", ["solve", "{dir}/g.nfg"],
     {"g.nfg": b'NFG 1 R "" { "a" "b" } { ' + b"9" * 5000 + b" 2 } 0 0\n"}, None,
     "strategy count"),
    ("nfg-payoff-5000-digits", ["solve", "{dir}/g.nfg"],
     {"g.nfg": b'NFG 1 R "" { "a" "b" } { 1 1 } ' + b"9" * 5000 + b" 0\n"}, None, "digits"),
    ("json-string-5000-leading-zeros", ["solve", "{dir}/g.json"],
     {"g.json": _game_json('"0.' + "0" * 5000 + '1"')}, None, "digits"),
    ("nfg-count-5000-leading-zeros", ["solve", "{dir}/g.nfg"],
     {"g.nfg": b'NFG 1 R "" { "a" "b" } { ' + b"0" * 5000 + b"1 2 } 0 0\n"}, None,
     "strategy count"),
    ("parameter-default-5000-digits", ["solve", "{dir}/c.toml"],
     {"c.toml": CHICKEN_TOML.format(default="9" * 5000).encode()}, None, "digits"),
    ("parameter-default-beyond-floats", ["solve", "{dir}/c.toml"],
     {"c.toml": CHICKEN_TOML.format(default="9" * 400).encode()}, None,
     "floating-point range"),
    ("label-index-5000-digits", ["solve", "{dir}/g.json", "-m", "lemke-howson", "--label",
                                 "9" * 5000], {"g.json": BOS}, None, "--label"),
    # duplicate keys, refused (the last one used to win silently)
    ("json-duplicate-key", ["solve", "{dir}/g.json"],
     {"g.json": b'{"bimatrix": {"A": [[1]]}, "bimatrix": {"A": [[2]]}}'}, None, "given twice"),
    ("json-duplicate-nested-key", ["solve", "{dir}/g.json"],
     {"g.json": b'{"bimatrix": {"A": [[1]], "A": [[2]]}}'}, None, "'A' is given twice"),
    # option values, checked where they are parsed
    ("dynamics-seed--1", ["dynamics", "{dir}/g.json", "--seed", "-1"], {"g.json": BOS}, None,
     "--seed -1"),
    ("simulate-seed--1", ["simulate", "{dir}/g.json", "--seed", "-1"], {"g.json": BOS}, None,
     "--seed -1"),
    ("tournament-seed--1", ["tournament", "{dir}/g.json", "--seed", "-1"], {"g.json": BOS},
     None, "--seed -1"),
    ("robustness-seed--1", ["robustness", "kz-russia", "--seed", "-1"], {}, None, "--seed -1"),
    ("punish-10**20", ["simulate", "{dir}/g.json", "--strategies",
                       "punish-99999999999999999999,tft"], {"g.json": BOS}, None, "K must be"),
    ("unknown-strategy", ["tournament", "{dir}/g.json", "--strategies", "tft,nice"],
     {"g.json": BOS}, None, "unknown strategy 'nice'"),
    ("rounds-too-many", ["simulate", "{dir}/g.json", "--rounds", "10000000"], {"g.json": BOS},
     None, "--rounds"),
    ("tournament-too-large", ["tournament", "{dir}/g.json", "--rounds", "100000",
                              "--repetitions", "100000"], {"g.json": BOS}, None, "limit"),
    ("tournament-match-too-long", ["tournament", "{dir}/g.json", "--rounds", "10001"],
     {"g.json": BOS}, None, "rounds per match"),
    ("tournament-too-many-rounds", ["tournament", "{dir}/g.json", "--rounds", "10000",
                                    "--repetitions", "28"], {"g.json": BOS}, None,
     "more than the limit of 10,000,000"),
    ("noise-nan", ["simulate", "{dir}/g.json", "--noise", "nan"], {"g.json": BOS}, None,
     "--noise nan"),
    ("discount-1", ["repeated", "{dir}/g.json", "--discount", "1"], {"g.json": BOS}, None,
     "--discount"),
    ("steps-too-many", ["dynamics", "{dir}/g.json", "--steps", "99999999999"],
     {"g.json": BOS}, None, "--steps"),
    ("lambda-max-inf", ["qre", "{dir}/g.json", "--lambda-max", "inf"], {"g.json": BOS}, None,
     "--lambda-max"),
    ("points-1", ["qre", "{dir}/g.json", "--points", "1"], {"g.json": BOS}, None, "--points"),
    ("draws-negative", ["robustness", "kz-russia", "--draws", "-5"], {}, None, "--draws"),
    ("outcome-unknown-strategy", ["robustness", "kz-russia", "--outcome", "nonsense",
                                  "--draws", "0"], {}, None, "no strategy 'nonsense'"),
    ("spread-nan", ["robustness", "kz-russia", "--spread", "nan"], {}, None, "--spread"),
    # observed choices of qre --fit, checked against the game
    ("counts-not-json", ["qre", "{dir}/g.json", "--fit", "{dir}/c.json"],
     {"g.json": BOS, "c.json": b"Ann: 3"}, None, "invalid JSON"),
    ("counts-list", ["qre", "{dir}/g.json", "--fit", "{dir}/c.json"],
     {"g.json": BOS, "c.json": b"[1, 2]"}, None, "JSON object"),
    ("counts-unknown-player", ["qre", "{dir}/g.json", "--fit", "{dir}/c.json"],
     {"g.json": BOS, "c.json": b'{"Cy": {"opera": 1}}'}, None, "not a player"),
    ("counts-unknown-strategy", ["qre", "{dir}/g.json", "--fit", "{dir}/c.json"],
     {"g.json": BOS, "c.json": b'{"Ann": {"ballet": 1}}'}, None, "not a strategy"),
    ("counts-negative", ["qre", "{dir}/g.json", "--fit", "{dir}/c.json"],
     {"g.json": BOS, "c.json": b'{"Ann": {"opera": -1}}'}, None, "not a count"),
    ("counts-string", ["qre", "{dir}/g.json", "--fit", "{dir}/c.json"],
     {"g.json": BOS, "c.json": b'{"Ann": {"opera": "3"}}'}, None, "not a count"),
    ("counts-bool", ["qre", "{dir}/g.json", "--fit", "{dir}/c.json"],
     {"g.json": BOS, "c.json": b'{"Ann": {"opera": true}}'}, None, "not a count"),
    ("counts-nested", ["qre", "{dir}/g.json", "--fit", "{dir}/c.json"],
     {"g.json": BOS, "c.json": b'{"Ann": {"opera": [1]}}'}, None, "not a count"),
    ("counts-wrong-length", ["qre", "{dir}/g.json", "--fit", "{dir}/c.json"],
     {"g.json": BOS, "c.json": b'{"Ann": [1, 2, 3]}'}, None, "3 counts for 2 strategies"),
    ("counts-all-zero", ["qre", "{dir}/g.json", "--fit", "{dir}/c.json"],
     {"g.json": BOS, "c.json": b'{"Ann": [0, 0]}'}, None, "every count is zero"),
    ("counts-1e999999999", ["qre", "{dir}/g.json", "--fit", "{dir}/c.json"],
     {"g.json": BOS, "c.json": b'{"Ann": [1e999999999, 0]}'}, None, "exponent"),
    # sweeps: points, draws, seeds, workers and ranges checked before any work
    ("sweep-10**20-points", ["sweep", "kz-russia", "--vary",
                             "russia.leverage=0:1:99999999999999999999", "--out", "{dir}/s.csv"],
     {}, None, "past the budget of 10,000,000 points"),
    ("sweep-grid-product", ["sweep", "kz-russia", "--vary", "russia.leverage=0:1:4000",
                            "--vary", "kazakhstan.weight.russia=0:0.6:4000"], {}, None,
     "16,000,000 points"),
    ("sweep-5000-digit-count", ["sweep", "kz-russia", "--vary",
                                "russia.leverage=0:1:" + "9" * 5000], {}, None, "--max-points"),
    ("sweep-1e999999999", ["sweep", "kz-russia", "--vary", "russia.leverage=0:1e999999999:3"],
     {}, None, "exponent"),
    ("sweep-workers-200", ["sweep", "kz-russia", "--vary", "russia.leverage=0:1:3",
                           "--workers", "200"], {}, None, "cores this process may use"),
    ("sweep-seed--1", ["sweep", "kz-russia", "--vary", "russia.leverage=0:1", "--draws", "3",
                       "--seed", "-1"], {}, None, "--seed -1"),
    ("sweep-draws-10**11", ["sweep", "kz-russia", "--vary", "russia.leverage=0:1", "--draws",
                            "99999999999"], {}, None, "--draws"),
    ("sweep-draws-outside-bounds", ["sweep", "kz-russia", "--vary", "russia.leverage=-5:7",
                                    "--draws", "3"], {}, None, "outside the bounds"),
    ("sweep-grid-outside-bounds", ["sweep", "kz-russia", "--vary", "russia.leverage=-5:7:3"],
     {}, None, "outside its bounds"),
    ("sweep-out-in-a-missing-folder", ["sweep", "kz-russia", "--vary", "russia.leverage=0:1:3",
                                       "--out", "{dir}/nowhere/s.csv"], {}, None,
     "does not exist"),
    ("sweep-chunk-0", ["sweep", "kz-russia", "--vary", "russia.leverage=0:1:3", "--chunk", "0"],
     {}, None, "--chunk"),
    # a corridor table past the csv module's field limit
    ("csv-huge-cell", ["corridors", "--nodes", "{dir}/n.csv"],
     {"n.csv": b"id,name,kind,country,lat,lon,throughput,throughput_unit,source\n"
      b'a,"' + b"x" * 200_000 + b'",origin,K,0,0,,,s\n'}, None, "not a valid CSV table"),
]  # fmt: skip

#: Payoffs near the floating-point range, under every command that computes.
EXTREME_COMMANDS = [
    ["solve"],
    ["solve", "-m", "pure"],
    ["solve", "-m", "lemke-howson"],
    ["repeated"],
    ["correlated"],
    ["security"],
    ["qre"],
    ["stackelberg", "--leader", "P1"],
    ["dominance"],
    ["selection"],
    ["dynamics"],
    ["ess"],
    ["simulate"],
    ["tournament"],
]
EXTREME_GAMES = {
    # the span overflows: refused when the game is built
    "span-overflows": (b'{"bimatrix": {"A": [[1.7e308, -1.7e308], [0, 1]], '
                       b'"B": [[-1.7e308, 1.7e308], [1, 0]]}}', "span beyond"),
    # within the float range, past what the solvers compute with
    "near-1.8e308": (b'{"bimatrix": {"A": [[1.7e308, 0], [0, 1]], "B": [[1, 0], [0, 2]]}}',
                     "beyond 1e+12"),
    "1e13": (b'{"bimatrix": {"A": [[1e13, 0], [0, 1]], "B": [[1, 0], [0, -1e13]]}}',
             "beyond 1e+12"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("args", "files", "stdin", "fragment"),
    [pytest.param(*c[1:], id=c[0]) for c in CASES],
)
def test_bad_input_is_one_error_line_in_time(
    tmp_path: Path, args: list[str], files: dict[str, bytes], stdin: bytes | None, fragment: str
) -> None:
    stderr, found = _outcome(Case("boundary", args, files, stdin), tmp_path)
    assert not found, (found, stderr)
    assert fragment in stderr, stderr


@pytest.mark.parametrize("game", sorted(EXTREME_GAMES))
@pytest.mark.parametrize("command", EXTREME_COMMANDS, ids=" ".join)
def test_payoffs_near_the_float_range_are_refused_without_warnings(
    tmp_path: Path, command: list[str], game: str
) -> None:
    data, fragment = EXTREME_GAMES[game]
    args = [command[0], "{dir}/g.json", *command[1:]]
    stderr, found = _outcome(Case("extreme", args, {"g.json": data}), tmp_path)
    assert not found, (found, stderr)  # no RuntimeWarning either (problems() checks)
    assert fragment in stderr and "rescale" in stderr, stderr


def test_a_sweep_piped_leaves_stderr_empty(tmp_path: Path) -> None:
    """The progress bar is drawn on a terminal only: piped, it left a blank line."""
    args = ["sweep", "kz-russia", "--vary", "russia.leverage=0:1:3", "--out", "{dir}/s.csv"]
    outcome = run_case(Case("sweep", args), tmp_path, hang_seconds=60)
    assert outcome.status == 0 and outcome.stderr == "", outcome.stderr
    assert outcome.stdout.startswith("3 rows")


def test_payoffs_within_the_range_are_solved(tmp_path: Path) -> None:
    """The rule refuses only past 1e12: a game with payoffs of 1e12 is solved."""
    data = b'{"bimatrix": {"A": [[1e12, 0], [0, 1]], "B": [[1e12, 0], [0, 2]]}}'
    outcome = run_case(Case("extreme", ["solve", "{dir}/g.json", "-f", "json"], {"g.json": data}),
                       tmp_path, hang_seconds=SECONDS)  # fmt: skip
    assert problems(outcome, seconds=SECONDS) == [] and outcome.status == 0
    assert len(json.loads(outcome.stdout)["equilibria"]) == 3
    # and showing a game computes nothing, so any finite payoff is shown
    data = b'{"bimatrix": {"A": [[1.7e308, 0], [0, 1]]}}'
    outcome = run_case(Case("show", ["show", "{dir}/g.json"], {"g.json": data}), tmp_path)
    assert outcome.status == 0 and "1.7e+308" in outcome.stdout


# ---------------------------------------------------------------------- as real processes
def _run_measured(
    args: list[str], *, stdin: bytes = b"", env: dict[str, str] | None = None, limit: float = 120
) -> tuple[int, str, float]:
    """Run ``python -m multivector ARGS`` (killed after ``limit`` s, a hang catcher); its
    status, stderr and peak resident memory in MB.

    The process writes its own high-water mark (``VmHWM``, where Linux has it) to a file
    as it exits: the ``ru_maxrss`` that ``wait4`` returns starts from this process's
    resident size at the fork, so a test worker grown large would be measured instead.
    """
    peak_file = Path(tempfile.mkdtemp(prefix="multivector-peak-")) / "peak"
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(
            [sys.executable, "-c", _REPORT_PEAK, str(peak_file), *args],
            stdin=subprocess.PIPE,
            stdout=null,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )
        timer = threading.Timer(limit, proc.kill)
        timer.start()
        try:
            assert proc.stdin is not None and proc.stderr is not None
            with contextlib.suppress(BrokenPipeError):  # it stopped reading: its limit
                proc.stdin.write(stdin)
            proc.stdin.close()
            stderr = proc.stderr.read()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            timer.cancel()
    peak = usage.ru_maxrss / 1024
    if peak_file.exists():
        peak = float(peak_file.read_text())
        peak_file.unlink()
    peak_file.parent.rmdir()
    return proc.returncode, stderr.decode(), peak


# ``python -c`` this with a file and the command's arguments: ``python -m multivector``,
# writing its peak resident memory in MB (VmHWM) to the file as it exits
_REPORT_PEAK = """
import atexit, runpy, sys
from pathlib import Path

out = Path(sys.argv[1])


def report():
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                out.write_text(str(int(line.split()[1]) / 1024))


atexit.register(report)
sys.argv = ["multivector", *sys.argv[2:]]
runpy.run_module("multivector", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize(
    ("args", "content", "stdin", "fragment"),
    [
        pytest.param(["solve", "{path}"], _game_json("1e999999999"), b"", "exponent",
                     id="1e999999999"),
        pytest.param(["solve", "{path}"],
                     b'NFG 1 R "" { "a" "b" } { 99999999999999999999 2 } 0 0', b"",
                     "strategy count", id="nfg-header"),
        pytest.param(["solve", "{path}"], b'NFG 1 R "" { "a" "b" } { 16777216 1 } 0 0', b"",
                     "file ends", id="nfg-header-at-the-limit"),
        pytest.param(["solve", "/dev/zero"], b"", b"", "input limit", id="dev-zero"),
        pytest.param(["solve", "-"], b"", b"0" * (9 * 2**20), "input limit", id="stdin-9MiB"),
        pytest.param(["solve", "{path}"], b"[" * 100_000, b"", "nested", id="nested"),
        pytest.param(["sweep", "kz-russia", "--vary", "russia.leverage=0:1:99999999999999999999"],
                     b"", b"", "points", id="sweep-10**20-points"),
    ],
)  # fmt: skip
def test_a_real_process_stays_within_500_mb(
    tmp_path: Path, args: list[str], content: bytes, stdin: bytes, fragment: str
) -> None:
    path = tmp_path / "game.json" if not content.startswith(b"NFG") else tmp_path / "g.nfg"
    path.write_bytes(content)
    status, stderr, peak = _run_measured([a.replace("{path}", str(path)) for a in args],
                                         stdin=stdin)  # fmt: skip
    assert status == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("error: ") and fragment in stderr
    assert peak < MEMORY_MB, f"peak resident memory {peak:.0f} MB"


def test_the_input_limit_is_named_and_can_be_raised(tmp_path: Path) -> None:
    path = tmp_path / "bos.json"
    path.write_bytes(BOS + b" " * 2000)
    status, stderr, _ = _run_measured(
        ["solve", str(path)], env={"MULTIVECTOR_MAX_INPUT_BYTES": "1K"}
    )
    assert status == 2 and "input limit of 1 KiB" in stderr
    assert "MULTIVECTOR_MAX_INPUT_BYTES=" in stderr
    status, stderr, _ = _run_measured(
        ["solve", str(path)], env={"MULTIVECTOR_MAX_INPUT_BYTES": "4K"}
    )
    assert status == 0, stderr
    status, stderr, _ = _run_measured(
        ["solve", str(path)], env={"MULTIVECTOR_MAX_INPUT_BYTES": "lots"}
    )
    assert status == 2 and "is not a size" in stderr


def test_a_game_on_standard_input_meets_the_payoff_range_rule() -> None:
    """A payoff of 1e308 read from ``-`` is refused as it is from a file (the fuzz found it
    solved, with an 'equilibrium' whose regret of 1e6 passed a tolerance scaled by 1e308)."""
    from typer.testing import CliRunner

    from multivector.cli import app

    game = json.loads(BOS)
    game["bimatrix"]["A"][0][0] = 1e308
    res = CliRunner().invoke(app, ["solve", "-", "--format", "json"], input=json.dumps(game))
    assert res.exit_code == 2, res.output
    lines = res.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: payoff 1e+308"), res.output


def test_telling_a_toml_tree_from_a_toml_game_parses_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # a fuzz finding: the format sniffers parsed a 2.4 MB TOML file twice (4 s) before
    # its reader refused it by size; they now read lines, and the reader refuses at once
    import tomllib

    from multivector.errors import FormatError
    from multivector.games.formats.registry import recognise_format
    from multivector.games.formats.tree import read_tree_file

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a sniffer parsed the TOML text")

    big = 'players = ["A", "B"]\ntree = { player = "A", payoffs = [' + "1, " * 900_000 + "1] }\n"
    game = 'players = ["A", "B"]\n[strategies]\ntree = ["x"]\n'
    with monkeypatch.context() as m:
        m.setattr(tomllib, "loads", no_parsing)
        assert recognise_format(big, ".toml").name == "tree-toml"
        assert recognise_format(game, ".toml").name == "toml"
    path = tmp_path / "big.toml"
    path.write_text(big)
    with pytest.raises(FormatError, match="past the limit of 512 KiB for TOML"):
        read_tree_file(path)


def test_a_lone_surrogate_in_json_text_is_refused_where_it_is_read(tmp_path: Path) -> None:
    # a fuzz finding: a title of "\ud800" (a JSON escape of half a UTF-16 pair) was read,
    # and writing it with `convert` ended in an internal error (UnicodeEncodeError)
    from multivector.errors import FormatError
    from multivector.files import parse_json_text

    src = tmp_path / "g.json"
    src.write_text('{"title": "\\ud800", "payoffs": [[[7]], [[-6]]]}')
    case = Case("file", ["convert", str(src), str(tmp_path / "out.nfg")], {})
    outcome = run_case(case, tmp_path / "run")
    assert outcome.status == 2 and "lone UTF-16 surrogate" in outcome.stderr
    assert not problems(outcome, seconds=math.inf)
    with pytest.raises(FormatError, match="lone UTF-16 surrogate"):
        parse_json_text('["ok", {"k": "\\udc00"}]')
    assert parse_json_text('"\\ud83d\\ude00"') == "\U0001f600"  # a pair is a character
