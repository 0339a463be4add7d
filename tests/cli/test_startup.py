"""What the command line imports to start: the heavy optional libraries only when a
command needs them.

The CPU time of start-up is measured in ``benchmarks/bench_startup.py``; these tests
check the property behind it, in a fresh interpreter each: ``--help`` needs neither numpy
nor any solver library, and a 2x2 ``solve`` needs numpy and nothing heavier (not scipy,
not numba, whose kernels only large games load, nor the pydantic of typer's coercion).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEAVY = ("scipy", "numba", "matplotlib", "networkx", "pandas", "nashpy", "hypothesis", "dask")

# runs the command line in-process, then prints the top-level modules it imported
_SCRIPT = """
import contextlib, io, json, sys
from multivector.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit as done:
        status = done.code
print(json.dumps({"status": status, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _imports_of(*args: str) -> tuple[int, set[str]]:
    """Exit status of ``multivector *args`` and the top-level modules it imported."""
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(run.stdout.strip().splitlines()[-1])
    return found["status"], set(found["modules"])


def test_help_imports_no_numpy_and_no_solver_library() -> None:
    status, modules = _imports_of("--help")
    assert status == 0
    assert "typer" in modules  # the probe sees what was imported
    assert modules.isdisjoint({"numpy", "pydantic", *HEAVY})


@pytest.mark.parametrize(
    "args",
    [
        ("solve", str(EXAMPLES / "bos.json")),
        ("solve", str(EXAMPLES / "bos.json"), "-m", "lemke-howson", "--label", "2"),
        ("solve", str(EXAMPLES / "bos.json"), "--format", "json"),
    ],
    ids=["vertex", "lemke-howson", "json"],
)
def test_a_2x2_solve_imports_numpy_and_nothing_heavier(args: tuple[str, ...]) -> None:
    status, modules = _imports_of(*args)
    assert status == 0
    assert "numpy" in modules
    assert modules.isdisjoint({"pydantic", *HEAVY}), sorted(modules & {"pydantic", *HEAVY})


def test_a_command_runs_alone_as_in_the_whole_app() -> None:
    """``multivector solve`` builds the solve command alone; its help and its errors are
    those of the whole app's."""
    from typer.testing import CliRunner

    from multivector.cli.app import _app_for, app

    single = _app_for(["solve"])
    assert single is not app
    assert _app_for(["--help"]) is app
    assert _app_for(["no-such-command"]) is app
    runner = CliRunner()
    for args in (["solve", "--help"], ["solve", str(EXAMPLES / "bos.json"), "-m", "nope"]):
        alone, whole = runner.invoke(single, args), runner.invoke(app, args)
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)


def test_plain_coercion_gives_typer_s_own_values() -> None:
    """Every parameter of every command, at its default and at a sample string, reads
    the same through the plain coercion as through typer's own (pydantic) coercion."""
    import typer

    from multivector.cli.app import app
    from multivector.cli.common import _PlainCoercion

    coercion = pytest.importorskip("typer._coercion")
    group = typer.main.get_command(app)
    ctx = group.make_context("multivector", ["solve"], resilient_parsing=True)
    compared = 0
    for command in group.commands.values():
        for param in command.get_params(ctx):
            plain = param.get_runtime_param()
            assert isinstance(plain, _PlainCoercion)
            full = coercion.build_runtime_param(param.type_descriptor)
            samples = [param.default]
            annotation = param.type_descriptor.annotation
            if annotation is str:
                samples.append("Battle of the Sexes")
            if annotation is int:
                samples += ["3", "0", "-2", "+7", "1e3", "", " 4", "99999999999999999999"]
            if annotation is Path:
                samples += [str(EXAMPLES / "bos.json"), str(EXAMPLES / "no-such.csv"), ""]
            for value in samples:
                if value is None or isinstance(value, bool) or callable(value):
                    continue
                assert _outcome(plain, value, param, ctx) == _outcome(full, value, param, ctx), (
                    command.name,
                    param.name,
                    value,
                )
                compared += 1
    assert compared > 40


def _outcome(coercion: object, value: object, param: object, ctx: object) -> object:
    """A coercion's value, or its error's type and message."""
    try:
        return coercion.coerce(value, param=param, ctx=ctx)  # type: ignore[attr-defined]
    except Exception as exc:
        return type(exc).__name__, str(exc)


def test_a_small_sweep_imports_neither_pydantic_nor_networkx(tmp_path: Path) -> None:
    # a sweep's fixed start-up (issue: under 0.5 s): Russia's leverage comes from the
    # figures kept with the shipped network, and the options' values skip pydantic
    out = tmp_path / "s.csv"
    status, modules = _imports_of(
        "sweep",
        "great-powers",
        "--vary",
        "kazakhstan.autonomy_value=0:0.3:2",
        "--vary",
        "kazakhstan.bandwagon_premium=0:1:2",
        "--workers",
        "1",
        "--out",
        str(out),
    )
    assert status == 0 and out.exists()
    assert modules.isdisjoint({"pydantic", "networkx", *HEAVY}), sorted(
        modules & {"pydantic", "networkx", *HEAVY}
    )
