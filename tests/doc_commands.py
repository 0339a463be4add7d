"""The command lines shown in README.md and docs/*.md, and a way to run them.

Every ``console`` block of the documentation is a list of commands, run from the
``examples/`` folder. A line ``$ COMMAND`` may be followed by what the command prints
(up to the next ``$`` line or the end of the block); a block without ``$`` lines lists
commands alone, each possibly followed by a ``# comment``. A line ending in ``\\``
continues on the next. Lines that install or develop the package (``pip``, ``pytest``,
``ruff``, ``mypy``) are not commands of the tool and are skipped.

Commands run in-process through typer's ``CliRunner`` (pipelines through a shell, with
``multivector`` replaced by ``python -m multivector``), at a width given by ``COLUMNS``
(None: unset, as when the output goes to a pipe or a file).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from multivector.cli import app

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
DOC_FILES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

_SKIP = ("pip ", "pytest", "ruff ", "mypy")
_COMMENT = re.compile(r"\s{2,}#.*$")
_BLOCK = re.compile(r"^```(\w*)[ \t]*\n(.*?)^```", re.S | re.M)
#: Box-drawing characters of rich's tables: not words.
_BOX = re.compile("[\u2500-\u257f]")


@dataclass(frozen=True)
class DocCommand:
    """One command of the documentation and what the documentation says it prints."""

    source: str  # "docs/cli.md:123"
    command: str
    expected: tuple[str, ...] | None  # None: the docs show no output
    columns: int | None = None  # the width the docs ask for (COLUMNS=60 multivector ...)
    before: tuple[DocCommand, ...] = ()  # the block's earlier commands, run first

    @property
    def is_pipeline(self) -> bool:
        return "|" in self.command or not self.command.startswith("multivector")

    @property
    def args(self) -> list[str]:
        """The arguments after ``multivector`` (single commands only)."""
        return shlex.split(self.command)[1:]


def _join_continuations(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for number, line in lines:
        if pending is not None:
            number, line = pending[0], pending[1] + " " + line.strip()
            pending = None
        if line.rstrip().endswith("\\"):
            pending = (number, line.rstrip()[:-1].rstrip())
            continue
        out.append((number, line))
    if pending is not None:
        out.append(pending)
    return out


_WIDTH = re.compile(r"^COLUMNS=(\d+)\s+")


def _is_command(text: str) -> bool:
    text = _WIDTH.sub("", text)
    return text.startswith(("multivector", "cat ")) and not text.startswith(_SKIP)


def _command(
    source: str,
    text: str,
    expected: tuple[str, ...] | None,
    before: tuple[DocCommand, ...] = (),
) -> DocCommand:
    width = _WIDTH.match(text)
    columns = int(width.group(1)) if width else None
    return DocCommand(source, _WIDTH.sub("", text), expected, columns, before)


def doc_commands() -> list[DocCommand]:
    """Every command of every ``console`` block, in document order."""
    found: list[DocCommand] = []
    for path in DOC_FILES:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(REPO).as_posix()
        for match in _BLOCK.finditer(text):
            if match.group(1) != "console":
                continue
            first_line = text.count("\n", 0, match.start(2)) + 1
            lines = [(first_line + k, line) for k, line in enumerate(match.group(2).splitlines())]
            lines = _join_continuations(lines)
            prompted = any(line.startswith("$ ") for _, line in lines)
            if not prompted:
                for number, line in lines:
                    command = _COMMENT.sub("", line).strip()
                    if _is_command(command):
                        found.append(_command(f"{name}:{number}", command, None))
                continue
            current: tuple[int, str] | None = None
            output: list[str] = []
            block: list[DocCommand] = []
            for number, line in [*lines, (0, "$ ")]:
                if line.startswith("$ "):
                    if current is not None and _is_command(current[1]):
                        expected = tuple(output) if any(o.strip() for o in output) else None
                        block.append(
                            _command(f"{name}:{current[0]}", current[1], expected, tuple(block))
                        )
                        found.append(block[-1])
                    current = (number, _COMMENT.sub("", line[2:]).strip())
                    output = []
                else:
                    output.append(line)
    return found


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click >= 8.2 keeps stderr apart and has no mix_stderr
        return CliRunner()


@dataclass(frozen=True)
class Run:
    status: int
    stdout: str
    stderr: str


def run_command(
    command: DocCommand, cwd: Path, columns: int | None = 80, *, timeout: float = 300
) -> Run:
    """Run a documented command in ``cwd`` at a width of ``columns`` (None: unset).

    Give ``columns=command.columns or 80`` to run it at the width the docs ask for.
    """
    if command.is_pipeline:
        env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
        env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
        if columns is not None:
            env["COLUMNS"] = str(columns)
        python = shlex.quote(sys.executable)
        shell = re.sub(r"(^|\|\s*)multivector\b", rf"\1{python} -m multivector", command.command)
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", shell],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return Run(done.returncode, done.stdout, done.stderr)
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = _runner().invoke(
            app, command.args, env={"COLUMNS": None if columns is None else str(columns)}
        )
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def copy_examples(target: Path) -> Path:
    """A copy of ``examples/`` to run commands in (they write files)."""
    folder = target / "examples"
    shutil.copytree(EXAMPLES, folder)
    return folder


def words(text: str) -> list[str]:
    """The words of some output: its tokens between white space, table borders removed."""
    return _BOX.sub(" ", text).split()


def matches(expected: list[str], actual: list[str]) -> bool:
    """True when ``actual`` is ``expected``, where a word ``...`` stands for any words."""
    memo: dict[tuple[int, int], bool] = {}

    def match(i: int, j: int) -> bool:
        key = (i, j)
        if key not in memo:
            if i == len(expected):
                memo[key] = j == len(actual)
            elif expected[i] == "...":
                memo[key] = any(match(i + 1, k) for k in range(j, len(actual) + 1))
            else:
                memo[key] = j < len(actual) and expected[i] == actual[j] and match(i + 1, j + 1)
        return memo[key]

    return match(0, 0)
