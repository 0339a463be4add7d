"""The fuzz suite in CI: about two thousand cases drawn by hypothesis, each held to the
property of :func:`tests.fuzz.cases.problems` (a parsed game or one ``error:`` line with
status 2). The cases leave out the valid runs that take seconds whatever their input
(``quick``); the long run keeps them.

Hypothesis drives the same generators as ``python -m tests.fuzz`` through its own
``random.Random``, so a failure shrinks and is saved in hypothesis' database. The time
bound here is a hang catcher (:data:`CI_SECONDS`): these tests never time anything, and the
2 s bound of the property is measured by the long run (docs/fuzzing.md).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multivector.cli import app
from tests.fuzz.cases import (
    COMMAND_OPTIONS,
    KINDS,
    OPTION_COMMANDS,
    Case,
    generate,
    make_case,
    problems,
    run_case,
)
from tests.fuzz.driver import main as fuzz_main
from tests.fuzz.driver import summary

#: A case past this is a hang, in CI (the machine may be shared and slow).
CI_SECONDS = 20.0

FUZZ = settings(
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _check(case: Case, folder: Path) -> None:
    outcome = run_case(case, folder / "case", hang_seconds=CI_SECONDS)
    found = problems(outcome, seconds=CI_SECONDS)
    assert not found, f"{case.describe()}\n{found}\nstderr: {outcome.stderr[:500]!r}"


@pytest.mark.parametrize(
    ("kind", "examples"),
    [("file", 600), ("stdin", 200), ("options", 700), ("counts", 150), ("csv", 50),
     ("limit", 100), ("extensive", 300), ("calibration", 100), ("interop", 150)],
)  # fmt: skip
def test_every_case_is_a_game_or_one_error_line(kind: str, examples: int, folder: Path) -> None:
    @settings(FUZZ, max_examples=examples)
    @given(st.randoms(use_true_random=False))
    def check(rnd: random.Random) -> None:
        _check(generate(rnd, kind=kind, quick=True), folder)

    check()


def test_the_fuzz_covers_every_option_of_every_command() -> None:
    """A new option (sweep aside, which has its own tests) gets a generator, or this fails."""
    group = typer.main.get_command(app)
    options = {
        (name, param.opts[0])
        for name, command in group.commands.items()  # type: ignore[attr-defined]
        for param in command.params
        if param.param_type_name == "option" and param.opts[0] != "--format"
    }
    commands = set(group.commands) - {"sweep"}  # type: ignore[attr-defined]
    assert {o for o in options if o[0] != "sweep"} == set(COMMAND_OPTIONS)
    assert commands <= set(OPTION_COMMANDS) | {"show", "params"}
    assert set(KINDS) == {
        "file", "stdin", "options", "counts", "csv", "limit", "extensive", "calibration",
        "interop",
    }  # fmt: skip


def test_cases_are_replayable() -> None:
    assert make_case(12345) == make_case(12345)
    assert make_case(1) != make_case(2)


def test_the_driver_runs_resumes_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The long-run command on 40 cases, in this process: two sessions (the second
    resumes, running nothing twice), then its report."""
    state = tmp_path / "state"
    run = ["--chunk", "10", "--jobs", "0", "--no-warm-up", "--state", str(state)]
    assert fuzz_main(["--cases", "20", *run]) == 0
    assert fuzz_main(["--cases", "40", *run]) == 0
    from tests.fuzz.driver import _load

    records = _load(state / "progress.jsonl")
    ranges = sorted((r["first"], r["last"]) for r in records if "first" in r)
    assert ranges == [(0, 10), (10, 20), (20, 30), (30, 40)]
    totals = summary(records, 40)
    assert totals["cases"] == 40 and totals["findings"] == 0
    assert totals["peak_rss_mb"] > 0 and totals["wall_seconds"] > 0
    assert fuzz_main(["--cases", "40", "--state", str(state), "--report"]) == 0
    assert "40 of 40 cases" in capsys.readouterr().out
