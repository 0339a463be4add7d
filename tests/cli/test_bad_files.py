"""Every command that reads a file refuses a non-UTF-8, a binary and an empty file with
one ``error:`` line naming the file and exit status 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from multivector.cli import app

#: Contents that no reader may take: text in Latin-1, a PNG header, nothing.
BAD_CONTENTS = {
    "latin1": '{"title": "caf\xe9", "bimatrix": {"A": [[1]]}}'.encode("latin-1"),
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    "empty": b"",
}

CHICKEN = (
    '{"players": ["A", "B"], "strategies": {"A": ["swerve", "straight"], '
    '"B": ["swerve", "straight"]}, '
    '"bimatrix": {"A": [[0, -1], [1, -10]], "B": [[0, 1], [-1, -10]]}}'
)

#: Each command and file parameter, with arguments that read the bad file ``{bad}``
#: (``{good}`` is a valid game file, ``{out}`` a file to write).
CASES: dict[tuple[str, str], list[str]] = {
    ("solve", "target"): ["solve", "{bad}.json"],
    ("tree", "target"): ["tree", "{bad}.efg"],
    ("show", "target"): ["show", "{bad}.json"],
    ("params", "target"): ["params", "{bad}.json"],
    ("convert", "source"): ["convert", "{bad}.json", "{out}.toml"],
    ("correlated", "target"): ["correlated", "{bad}.json"],
    ("dominance", "target"): ["dominance", "{bad}.json"],
    ("security", "target"): ["security", "{bad}.json"],
    ("stackelberg", "target"): ["stackelberg", "{bad}.json", "--leader", "A"],
    ("qre", "target"): ["qre", "{bad}.json"],
    ("qre", "fit"): ["qre", "{good}", "--fit", "{bad}.json"],
    ("selection", "target"): ["selection", "{bad}.json"],
    ("dynamics", "target"): ["dynamics", "{bad}.json"],
    ("ess", "target"): ["ess", "{bad}.json"],
    ("repeated", "target"): ["repeated", "{bad}.json"],
    ("simulate", "target"): ["simulate", "{bad}.json"],
    ("tournament", "target"): ["tournament", "{bad}.json"],
    ("sweep", "target"): ["sweep", "{bad}.toml", "--vary", "x=0:1:2"],
    ("sweep", "out"): [
        "sweep",
        "great-powers",
        "--vary",
        "kazakhstan.autonomy_value=0:0.3:2",
        "--out",
        "{bad}.csv",
        "--resume",
    ],
    ("robustness", "target"): ["robustness", "{bad}.toml", "--draws", "0"],
    ("corridors", "nodes"): ["corridors", "--nodes", "{bad}.csv"],
    ("corridors", "edges"): ["corridors", "--edges", "{bad}.csv"],
}

#: The metavars of parameters that name a file to read (``--out`` is read by --resume).
INPUT_METAVARS = {"SCENARIO|FILE", "FILE", "IN", "CSV", "COUNTS.json", "FILE.csv"}

#: Commands whose SCENARIO|FILE may be ``-``, a game file on standard input.
STDIN_COMMANDS = sorted(
    {command for (command, param) in CASES if param == "target"}
    - {"params", "sweep", "robustness"}
)


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def _assert_one_error_line(args: list[str], result: object, name: str) -> None:
    exception = getattr(result, "exception", None)
    assert exception is None or isinstance(exception, SystemExit), (args, exception)
    assert getattr(result, "exit_code", None) == 2, (args, result)
    stderr: str = getattr(result, "stderr", "")
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), (args, stderr)
    assert "Traceback" not in stderr and name in lines[0], (args, stderr)


def test_every_command_that_reads_a_file_is_covered() -> None:
    group = typer.main.get_command(app)
    reads_files = {
        (name, param.name)
        for name, command in group.commands.items()  # type: ignore[attr-defined]
        for param in command.params
        if getattr(param, "metavar", None) in INPUT_METAVARS
    }
    assert reads_files == set(CASES)


@pytest.mark.parametrize("kind", sorted(BAD_CONTENTS))
@pytest.mark.parametrize("case", sorted(CASES), ids=lambda c: f"{c[0]}-{c[1]}")
def test_bad_file_is_one_error_line(tmp_path: Path, case: tuple[str, str], kind: str) -> None:
    good = tmp_path / "chicken.json"
    good.write_text(CHICKEN, encoding="utf-8")
    bad = tmp_path / f"bad-{kind}"
    args = [a.format(bad=bad, good=good, out=tmp_path / "out") for a in CASES[case]]
    bad_file = next(Path(a) for a in args if a.startswith(str(bad)))
    bad_file.write_bytes(BAD_CONTENTS[kind])
    result = _runner().invoke(app, args)
    _assert_one_error_line(args, result, bad_file.name)
    assert not (tmp_path / "out.toml").exists()


@pytest.mark.parametrize("kind", sorted(BAD_CONTENTS))
@pytest.mark.parametrize("command", STDIN_COMMANDS)
def test_bad_standard_input_is_one_error_line(command: str, kind: str) -> None:
    args = [command, "-", *(["--leader", "A"] if command == "stackelberg" else [])]
    result = _runner().invoke(app, args, input=BAD_CONTENTS[kind])
    _assert_one_error_line(args, result, "<stdin>")


#: Tree files that read as text but do not describe a valid tree, each with a word its
#: error must contain: a truncated .efg (a node's second child missing), an .efg whose
#: chance probabilities sum to 3/4, and a JSON tree with a payoff missing.
MALFORMED_TREES = {
    "efg-truncated": (
        ".efg",
        'EFG 2 R "cut" { "A" "B" }\n""\n\np "" 1 1 "a" { "L" "R" } 0\nt "" 1 "" { 1, 2 }\n',
    ),
    "efg-chance": (
        ".efg",
        'EFG 2 R "odds" { "A" "B" }\n""\n\nc "" 1 "" { "h" 1/2 "t" 1/4 } 0\n'
        't "" 1 "" { 1, 2 }\nt "" 2 "" { 2, 1 }\n',
    ),
    "json-payoff": (
        ".json",
        '{"players": ["A", "B"], "tree": {"player": "A", "actions": '
        '{"L": {"payoffs": [1, 2]}, "R": {"payoffs": [3]}}}}',
    ),
}

#: The commands that read a game file as their first argument, with the arguments after
#: it (a command that takes normal-form games only must refuse a tree in one line too).
TREE_READERS = {
    command: CASES[(command, param)][2:]
    for (command, param) in CASES
    if param in ("target", "source") and CASES[(command, param)][1] == "{bad}.json"
}


@pytest.mark.parametrize("kind", sorted(MALFORMED_TREES))
@pytest.mark.parametrize("command", sorted({*TREE_READERS, "tree"}))
def test_malformed_tree_file_is_one_error_line(tmp_path: Path, command: str, kind: str) -> None:
    suffix, text = MALFORMED_TREES[kind]
    bad = tmp_path / f"bad{suffix}"
    bad.write_text(text, encoding="utf-8")
    rest = [a.format(out=tmp_path / "out") for a in TREE_READERS.get(command, [])]
    args = [command, str(bad), *rest]
    result = _runner().invoke(app, args)
    _assert_one_error_line(args, result, bad.name)
    assert not (tmp_path / "out.toml").exists()


@pytest.mark.parametrize("command", ["solve", "tree"])
def test_malformed_tree_on_standard_input_is_one_error_line(command: str) -> None:
    args = [command, "-"]
    result = _runner().invoke(app, args, input=MALFORMED_TREES["efg-truncated"][1])
    _assert_one_error_line(args, result, "<stdin>")
