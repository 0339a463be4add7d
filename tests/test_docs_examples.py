"""The documentation's examples run: every command of README.md and docs/*.md, from
``examples/``, prints what the documentation says; the files it shows are the files
shipped; the command table names every command."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from multivector.cli.app import COMMAND_MODULES
from multivector.games.formats.toml_format import parse_toml
from tests.doc_commands import (
    DOC_FILES,
    EXAMPLES,
    REPO,
    DocCommand,
    copy_examples,
    doc_commands,
    matches,
    run_command,
    words,
)

COMMANDS = doc_commands()
_FILE = re.compile(r"^[\w.-]+\.(json|toml|nfg|png|csv)$")


def _id(command: DocCommand) -> str:
    return f"{command.source} {command.command}"


def test_the_docs_show_commands_of_every_group() -> None:
    shown = {c.args[0] for c in COMMANDS if not c.is_pipeline}
    registered = {name for module in COMMAND_MODULES for name, _ in module.commands}
    assert registered - shown == set(), "commands no documentation example runs"


@pytest.mark.parametrize("command", COMMANDS, ids=_id)
def test_documented_command_prints_what_the_docs_say(command: DocCommand, tmp_path: Path) -> None:
    if "jq " in command.command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    cwd = copy_examples(tmp_path)
    for earlier in command.before:  # a block's commands run in one folder, in order
        run_command(earlier, cwd)
    done = run_command(command, cwd, columns=command.columns or 80)
    expected = command.expected
    if expected is not None and expected[0].startswith("error:"):
        assert done.status == 2, (done.stdout, done.stderr)
        assert matches(words("\n".join(expected)), words(done.stderr)), done.stderr
        return
    assert done.status == 0, done.stderr
    assert done.stdout.strip(), "the command printed nothing"
    if expected is not None:
        shown, got = words("\n".join(expected)), words(done.stdout)
        assert matches(shown, got), (
            f"{command.source}: the docs show\n"
            + "\n".join(expected)
            + f"\nbut the command prints\n{done.stdout}"
        )
    # every file the command names is in examples/ or was written by it
    for token in command.command.split():
        if _FILE.match(token):
            path = cwd / token
            assert path.is_file() and path.stat().st_size > 0, f"{token} is missing"


def _examples_named_before(text: str, start: int) -> list[str]:
    """Example files named in the paragraph just before a code block."""
    before = text[:start].rstrip().rsplit("\n\n", 1)[-1]
    return [name for name in re.findall(r"`([\w.-]+\.(?:json|toml))`", before)]


def test_files_shown_in_the_docs_are_the_shipped_examples() -> None:
    checked = []
    for path in DOC_FILES:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"^```(json|toml)\n(.*?)^```", text, re.S | re.M):
            for name in _examples_named_before(text, match.start()):
                shipped = EXAMPLES / name
                if not shipped.exists() or shipped.suffix != f".{match.group(1)}":
                    continue
                if match.group(1) == "json":
                    assert json.loads(match.group(2)) == json.loads(shipped.read_text()), name
                else:
                    assert parse_toml(match.group(2)) == parse_toml(shipped.read_text()), name
                checked.append(name)
    assert {"bos.json", "chicken.json", "my.toml"} <= set(checked)


def test_every_example_file_is_used_by_the_docs() -> None:
    used = {t for c in COMMANDS for t in c.command.split()}
    text = "\n".join(p.read_text(encoding="utf-8") for p in DOC_FILES)
    for path in EXAMPLES.iterdir():
        if path.suffix in (".json", ".toml", ".nfg"):
            assert path.name in used or f"`{path.name}`" in text, path.name


def test_cli_command_table_lists_every_command() -> None:
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    table = "\n".join(line for line in text.splitlines() if line.startswith("| `multivector"))
    listed = set(re.findall(r"`(?:multivector )?([a-z-]+)", table))
    registered = {name for module in COMMAND_MODULES for name, _ in module.commands}
    assert registered - listed == set()


def _hypothesis_example() -> str:
    text = (REPO / "docs" / "explore.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)
    (code,) = [b for b in blocks if "@given" in b]
    return code


@pytest.mark.slow
def test_explore_hypothesis_example_holds_as_written() -> None:
    exec(compile(_hypothesis_example(), "docs/explore.md", "exec"), {})


@pytest.mark.slow
def test_explore_hypothesis_example_widened_reports_a_counter_example() -> None:
    # docs/explore.md: with the premium's bound widened to 1.0 the property fails, and the
    # falsifying calibration has bandwagon-west in an equilibrium, above the premium at
    # which `multivector robustness` says the outcome changes.
    from multivector.explore.sweep import solve_points
    from multivector.games.scenarios import get_scenario

    code = _hypothesis_example()
    narrow = '"kazakhstan.bandwagon_premium": (0.0, 0.1)'
    assert narrow in code
    wide = code.replace(narrow, '"kazakhstan.bandwagon_premium": (0.0, 1.0)')
    with pytest.raises(AssertionError) as failure:
        exec(compile(wide, "docs/explore.md", "exec"), {})
    notes = "\n".join(getattr(failure.value, "__notes__", []))
    premium = float(re.search(r"'kazakhstan.bandwagon_premium': ([\d.e-]+)", notes).group(1))  # type: ignore[union-attr]
    leverage = float(re.search(r"'russia.leverage': ([\d.e-]+)", notes).group(1))  # type: ignore[union-attr]
    assert premium > 0.1 and 0.5 <= leverage <= 1.0
    scenario = get_scenario("great-powers")
    values = scenario.values("latest")
    values.update({"kazakhstan.bandwagon_premium": premium, "russia.leverage": leverage})
    (equilibria,) = solve_points(scenario, {k: [v] for k, v in values.items()})
    assert any(e[0] == "bandwagon-west" for e in equilibria)
