"""Output that reads well at any width: no command of README.md or docs/*.md splits a word.

Each documented command that prints for people (not ``--format json``/``csv``, not an
error example) is run at a width where nothing needs to wrap, and at ``COLUMNS`` 60, 80
and 120 and unset (a pipe or a file: 80 columns). At each width every word of the wide
output appears whole (as often, or more often: the long layout repeats column names),
no word appears that the wide output does not have (a fragment of a split word), and no
line is longer than the width.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.doc_commands import DocCommand, copy_examples, doc_commands, run_command, words

WIDTHS = (60, 80, 120, None)
#: A width at which no documented output wraps.
WIDE = 1000

_EDGES = "#:,;()[]|\\'\""


def _for_people(command: DocCommand) -> bool:
    if command.is_pipeline:
        return False
    if command.expected is not None and command.expected[0].startswith("error:"):
        return False
    args = command.args
    return not any(
        a in ("--format", "-f") and i + 1 < len(args) and args[i + 1] in ("json", "csv")
        for i, a in enumerate(args)
    )


def _without_plot(command: DocCommand) -> DocCommand:
    """The command without ``--plot FILE`` (drawing does not change the text)."""
    text = re.sub(r"\s--plot\s+\S+", "", command.command)
    return DocCommand(command.source, text, command.expected)


COMMANDS = [_without_plot(c) for c in doc_commands() if _for_people(c)]


def _normal(text: str) -> Counter[str]:
    """The words of an output, with punctuation at their edges removed."""
    return Counter(w for w in (t.strip(_EDGES) for t in words(text)) if w)


def test_commands_of_every_group_are_checked() -> None:
    checked = {c.args[0] for c in COMMANDS}
    assert {"solve", "params", "repeated", "show", "corridors", "methods"} <= checked
    assert len(COMMANDS) >= 40


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: f"{c.source} {c.command}")
def test_no_word_is_split_at_any_width(command: DocCommand, tmp_path: Path) -> None:
    def fresh(name: str) -> Path:
        # each width runs in its own copy: a command that writes a file (``sweep --out``)
        # refuses to overwrite what an earlier width wrote
        cwd = copy_examples(tmp_path / name)
        for earlier in command.before:
            run_command(earlier, cwd)
        return cwd

    wide = run_command(command, fresh("wide"), columns=WIDE)
    assert wide.status == 0, wide.stderr
    reference = _normal(wide.stdout)
    assert len(reference) >= 3, f"the command printed almost nothing: {wide.stdout!r}"
    for columns in WIDTHS:
        done = run_command(command, fresh(str(columns)), columns=columns)
        assert done.status == 0, done.stderr
        width = columns or 80
        long_lines = [line for line in done.stdout.splitlines() if len(line) > width]
        assert not long_lines, f"at {width} columns: {long_lines[0]!r}"
        got = _normal(done.stdout)
        missing = reference - got
        assert not missing, f"at {columns} columns, words missing or split: {missing}"
        fragments = set(got) - set(reference)
        assert not fragments, f"at {columns} columns, pieces of words: {fragments}"


def test_a_table_prints_its_first_thousand_rows_and_counts_the_rest() -> None:
    import io

    from rich.console import Console

    from multivector.cli.render import MAX_TABLE_ROWS, print_table

    buffer = io.StringIO()
    out = Console(file=buffer, width=80, color_system=None)
    rows = [[f"s{k}", str(k)] for k in range(MAX_TABLE_ROWS + 5)]
    print_table(out, ["strategy", "value"], rows, more="--format json lists every one")
    text = buffer.getvalue()
    assert f"s{MAX_TABLE_ROWS - 1} " in text and f"s{MAX_TABLE_ROWS} " not in text
    assert "5 more rows not shown (a table shows 1,000); --format json lists every one" in text
