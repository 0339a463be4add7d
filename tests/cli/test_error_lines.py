"""The command line's last line of defence: whatever goes wrong inside a command ends as
one ``error:`` line, with status 2 for the input's fault and 70 for a bug, and library
warnings never reach the terminal."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

import multivector.solver as solve_module
from multivector.cli import common
from tests.fuzz.cases import BOS, Case, problems, run_case


def _run(tmp_path: Path, *args: str) -> Any:
    return run_case(
        Case("errors", ["solve", "{dir}/bos.json", *args], {"bos.json": BOS}), tmp_path
    )


def _raising(exc: BaseException) -> Any:
    def solve(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return solve


def test_an_internal_error_is_one_line_with_status_70(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(solve_module, "solve", _raising(ValueError("a bug\nwith two lines")))
    outcome = _run(tmp_path)
    assert outcome.status == common.EXIT_INTERNAL_ERROR == 70
    assert outcome.stderr.count("\n") == 1 and outcome.stdout == ""
    assert outcome.stderr.startswith("error: internal error (ValueError: a bug with two lines)")
    assert "MULTIVECTOR_DEBUG=1" in outcome.stderr


def test_the_debug_variable_shows_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(solve_module, "solve", _raising(ValueError("a bug")))
    monkeypatch.setenv(common.DEBUG_VARIABLE, "1")
    outcome = _run(tmp_path)
    assert outcome.status is None and outcome.escaped == "ValueError: a bug"


def test_running_out_of_memory_is_the_input_s_fault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(solve_module, "solve", _raising(MemoryError()))
    outcome = _run(tmp_path)
    assert outcome.status == 2 and problems(outcome) == []
    assert "out of memory" in outcome.stderr and "lemke-howson" in outcome.stderr


def test_library_warnings_are_kept_off_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = solve_module.solve

    def noisy(*args: Any, **kwargs: Any) -> Any:
        warnings.warn("overflow encountered in multiply", RuntimeWarning, stacklevel=1)
        return original(*args, **kwargs)

    monkeypatch.setattr(solve_module, "solve", noisy)
    outcome = _run(tmp_path, "-f", "json")
    assert outcome.status == 0 and outcome.stderr == ""
    assert [str(w.message) for w in common.CAUGHT_WARNINGS] == ["overflow encountered in multiply"]
    assert problems(outcome) == [
        "library warnings: ['RuntimeWarning: overflow encountered in multiply']"
    ]
