"""`multivector sweep` as a user meets it: one error line, the command that starts over,
option values refused before any work, an interruption that can be resumed."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.cli import explore as cli_explore
from multivector.cli.app import app
from multivector.explore import sweep as sweep_module

REPO = Path(__file__).resolve().parents[2]
# wide enough that the summary line (wrapped at the width) stays one line
ENV = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "1000"}
KZ = ["sweep", "kz-russia", "--vary", "russia.leverage=0:1:5"]


def _run(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "multivector", *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
        **kw,  # type: ignore[arg-type]
    )


def test_errors_are_one_line_with_the_command_that_starts_over(tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    first = _run(*KZ, "--out", str(out))
    assert first.returncode == 0 and first.stderr == ""
    assert first.stdout == f"5 rows -> {out} (vertex; balance: 5)\n"
    again = _run(
        "sweep", "kz-russia", "--vary", "russia.leverage=0:0.2:50", "--method", "pure",
        "--era", "2014-2021", "--out", str(out), "--resume",
    )  # fmt: skip
    assert again.returncode == 2 and again.stdout == ""
    assert again.stderr.count("\n") == 1 and again.stderr.startswith(f"error: {out}: ")
    for differs in ("--era", "--method", "--vary"):
        assert differs + ": the file's is" in again.stderr
    command = again.stderr.rstrip("\n").split("; to start over: ")[1]
    assert command.endswith("--force") and "--resume" not in command
    words = shlex.split(command)
    assert words[:2] == ["multivector", "sweep"]
    redo = _run(*words[1:])
    assert redo.returncode == 0 and redo.stdout.startswith(f"50 rows -> {out} (pure;")


def test_without_out_the_rows_go_to_standard_output(tmp_path: Path) -> None:
    piped = _run(*KZ)
    assert piped.returncode == 0 and piped.stderr == ""
    _run(*KZ, "--out", str(tmp_path / "f.csv"))
    assert piped.stdout == (tmp_path / "f.csv").read_text()
    assert [p.name for p in tmp_path.glob("f.csv.*")] == ["f.csv.sweep.json"]


REFUSED = {
    "a negative seed": (
        ["--vary", "russia.leverage=0:1", "--draws", "5", "--seed", "-1"],
        "--seed",
    ),
    "a huge seed": (
        ["--vary", "russia.leverage=0:1", "--draws", "5", "--seed", "9" * 50],
        "--seed",
    ),
    "no draws": (["--vary", "russia.leverage=0:1", "--draws", "0"], "--draws"),
    "draws outside the bounds": (
        ["--vary", "russia.leverage=0:3", "--draws", "5"],
        "outside the bounds [0, 1]",
    ),
    "a grid outside the bounds": (["--vary", "russia.leverage=-1:1:5"], "outside its bounds"),
    "no workers": (["--vary", "russia.leverage=0:1:5", "--workers", "0"], "--workers"),
    "more workers than cores": (["--vary", "russia.leverage=0:1:5", "--workers", "999"], "cores"),
    "a huge grid": (
        ["--vary", "russia.leverage=0:1:99999999999999999999"],
        "past the budget of 10,000,000 points (--max-points)",
    ),
    "a grid of 5,000 digits": (["--vary", "russia.leverage=0:1:" + "9" * 5000], "--max-points"),
    "a budget": (["--vary", "russia.leverage=0:1:50", "--max-points", "49"], "--max-points to 50"),
    "a plot of random draws": (
        ["--vary", "russia.leverage=0:1", "--draws", "40000", "--plot", "p.png"],
        "not random --draws",
    ),
    "a plot of three parameters": (
        [
            "--vary",
            "russia.leverage=0:1:3",
            "--vary",
            "kazakhstan.exit_gain=0:1:3",
            "--vary",
            "kazakhstan.autonomy_value=0:0.3:3",
            "--plot",
            "p.png",
        ],
        "one or two --vary parameters; this one varies 3",
    ),
    "a plot format matplotlib does not write": (
        ["--vary", "russia.leverage=0:1:5", "--plot", "p.docx"],
        "does not write .docx files",
    ),
    "a plot in a missing folder": (
        ["--vary", "russia.leverage=0:1:5", "--plot", "nowhere/p.png"],
        "does not exist",
    ),
}
REFUSED_WITHOUT_OUT = {
    "--resume without --out": (["--vary", "russia.leverage=0:1:5", "--resume"], "--resume needs"),
}


@pytest.mark.parametrize("case", [*REFUSED, *REFUSED_WITHOUT_OUT])
def test_option_values_are_refused_in_one_line(tmp_path: Path, case: str) -> None:
    if case in REFUSED:
        args, phrase = REFUSED[case]
        args = [*args, "--out", str(tmp_path / "f.csv")]
    else:
        args, phrase = REFUSED_WITHOUT_OUT[case]
    res = CliRunner().invoke(app, ["sweep", "kz-russia", *args])
    assert res.exit_code == 2, res.output
    lines = res.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and phrase in lines[0]
    assert not list(tmp_path.iterdir())  # refused before any work


def test_force_lifts_the_core_limit_and_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    out.write_text("old\n")
    res = CliRunner().invoke(app, [*KZ, "--out", str(out)])
    assert res.exit_code == 2 and "--force replaces it" in res.output
    res = CliRunner().invoke(app, [*KZ, "--out", str(out), "--workers", "999", "--force"])
    assert res.exit_code == 0, res.output
    assert out.read_text().startswith("point,russia.leverage,")


def test_the_cli_budget_default_is_the_librarys() -> None:
    assert cli_explore.DEFAULT_MAX_POINTS == sweep_module.DEFAULT_MAX_POINTS


@pytest.mark.slow
def test_an_interrupted_sweep_says_so_and_resumes(tmp_path: Path) -> None:
    out = tmp_path / "big.csv"
    args = [
        "sweep", "great-powers", "--vary", "kazakhstan.autonomy_value=0:0.3:1000",
        "--vary", "kazakhstan.bandwagon_premium=0:1:1000", "--chunk", "5000", "--out", str(out),
    ]  # fmt: skip
    run = subprocess.Popen(
        [sys.executable, "-m", "multivector", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        # SIGINT at its default, as in a terminal: a test run started in the background by
        # a non-interactive shell passes it on ignored, and the sweep would never see it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    record = tmp_path / "big.csv.progress.json"
    deadline = time.monotonic() + 120
    while not record.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    run.send_signal(signal.SIGINT)
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 130, stderr
    assert stdout == "" and stderr.count("\n") == 1
    assert stderr.startswith("error: interrupted; ") and "with --resume continues" in stderr
    resumed = sweep_module.Sweep(
        "great-powers",
        grid=[
            sweep_module.grid_axis("kazakhstan.autonomy_value", 0, 0.3, 1000),
            sweep_module.grid_axis("kazakhstan.bandwagon_premium", 0, 1, 1000),
        ],
        chunk_size=5000,
    ).run(out, resume=True, max_chunks=1)
    assert not resumed.complete and len(resumed) >= 5000


def test_a_plot_without_matplotlib_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib fails
    out = tmp_path / "f.csv"
    res = CliRunner().invoke(app, [*KZ, "--out", str(out), "--plot", str(tmp_path / "p.png")])
    assert res.exit_code == 2, res.output
    lines = res.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "matplotlib" in lines[0]
    assert not list(tmp_path.iterdir())


def test_a_plot_is_drawn_after_the_rows(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out, plot = tmp_path / "f.csv", tmp_path / "p.png"
    res = CliRunner().invoke(app, [*KZ, "--out", str(out), "--plot", str(plot)])
    assert res.exit_code == 0, res.output
    # a long path is wrapped onto its own line; the words are kept whole
    said = " ".join(res.output.split())
    assert plot.read_bytes().startswith(b"\x89PNG") and f"plot -> {plot}" in said
