"""Run many fuzz cases: ``python -m tests.fuzz --cases 1000000`` (this module's
:func:`main`).

Cases ``0 .. N-1`` (:func:`tests.fuzz.cases.make_case`) run in ``--jobs`` worker
processes, each running the command line in-process, chunk by chunk. Every finished chunk
is appended to ``STATE/progress.jsonl``, so an interrupted run resumes where it stopped
(run the same command again); ``--replay K`` runs case K alone and prints what it did.
A case still running after ``--kill-after`` seconds of its worker's CPU time, or ten times
that of wall time (stuck in compiled code, where the in-process alarm cannot reach, or
stuck without using the CPU), has its worker killed; it is reported as a hang and the
rest of its chunk runs in a new worker.

At the end (and with ``--report``) it prints the number of cases, the wall time, the
largest peak memory of a worker and the slowest case, and every finding: a case that
broke the property (see :func:`tests.fuzz.cases.problems`).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import pickle
import queue
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from tests.fuzz.cases import (
    CASE_MEMORY_MB,
    CASE_SECONDS,
    HANG_SECONDS,
    Case,
    make_case,
    peak_rss_mb,
    problems,
    run_case,
    waited,
    warm_up,
)

#: Chunks a worker runs before it is replaced by a fresh one (so that memory the
#: allocator keeps after large cases does not count against later ones).
CHUNKS_PER_WORKER = 10
#: A case that raises its worker's peak memory past this is run again alone, in a fresh
#: process, to measure its own peak (a worker's peak is an upper bound of every case's).
REPLAY_ABOVE_MB = 400.0


def peak_alone_mb(case: Case) -> float:
    """``case`` run alone in a new process (no warm-up, as the command would run): its
    peak resident memory.

    The case is handed over as a file, so that the measured process only loads and runs
    it: building a large case (a 16 MiB file from Python objects) costs more memory than
    the command that reads it, and is not the command's. The process reports its own
    high-water mark (``VmHWM``): the ``ru_maxrss`` that ``wait4`` returns starts from the
    parent's resident size at the fork, so a large worker would be measured, not the case.
    """
    with tempfile.TemporaryDirectory(prefix="multivector-fuzz-case-") as folder:
        saved = Path(folder) / "case.pickle"
        saved.write_bytes(pickle.dumps(case))
        subprocess.run(
            [sys.executable, "-m", "tests.fuzz", "--run-saved", str(saved), "--no-warm-up"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        peak = saved.with_suffix(".peak")
        return float(peak.read_text()) if peak.exists() else float("inf")


def _own_peak_mb() -> float:
    """This process's peak resident memory since it started its program (``VmHWM``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return peak_rss_mb()


def _cpu_seconds(pid: int) -> float | None:
    """A process's CPU time (user + system) from ``/proc``; None where there is none."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _stuck(pid: int, cpu_at_start: float, wall: float, kill_after: float) -> bool:
    """Whether a worker's case has run too long: ``kill_after`` seconds of the worker's
    CPU time (a case waiting for the processor on a busy machine is not stuck), or ten
    times that of wall time (stuck without using the CPU: a lock, a sleep). Without
    ``/proc``, ``kill_after`` seconds of wall time."""
    cpu = _cpu_seconds(pid)
    if cpu is None:
        return wall > kill_after
    return cpu - cpu_at_start > kill_after or wall > 10 * kill_after


def _worker(
    tasks: Any, results: Any, beat: Any, slot: int, seconds: float, warm: bool = True
) -> None:
    """Run the chunks of ``tasks``; report each chunk to ``results``."""
    folder = Path(tempfile.mkdtemp(prefix="multivector-fuzz-"))
    if warm:
        warm_up(folder)
    done_chunks = 0
    while done_chunks < CHUNKS_PER_WORKER:
        try:
            first, last = tasks.get(timeout=1)
        except queue.Empty:
            continue
        if first < 0:
            break
        results.put(_run_chunk(first, last, folder, beat, slot, seconds))
        done_chunks += 1
    shutil.rmtree(folder, ignore_errors=True)
    results.put({"retire": slot})


def _run_chunk(
    first: int, last: int, folder: Path, beat: Any, slot: int, seconds: float
) -> dict[str, Any]:
    """Run cases ``first .. last - 1``; their record for the progress file."""
    start = time.time()
    statuses: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    findings = []
    slowest = (0.0, first)
    slowest_cpu = (0.0, first)
    waits = 0
    longest_wait = 0.0
    peak = 0.0
    alone: dict[str, float] = {}
    before = peak_rss_mb()
    for k in range(first, last):
        beat[3 * slot] = k
        beat[3 * slot + 1] = time.time()
        beat[3 * slot + 2] = time.process_time()
        case = make_case(k)
        outcome = run_case(case, folder)
        statuses[str(outcome.status)] += 1
        kinds[case.kind] += 1
        peak = max(peak, outcome.rss_mb)
        if outcome.seconds > slowest[0]:
            slowest = (outcome.seconds, k)
        cpu = outcome.cpu_seconds or 0.0
        if cpu > slowest_cpu[0]:
            slowest_cpu = (cpu, k)
        if waited(outcome, seconds=seconds):
            waits += 1
            longest_wait = max(longest_wait, outcome.seconds)
        found = problems(outcome, seconds=seconds)
        if outcome.rss_mb > max(before, REPLAY_ABOVE_MB):
            # this case raised the worker's peak: measure it alone
            alone[str(k)] = own = peak_alone_mb(case)
            if own > CASE_MEMORY_MB:
                found.append(f"peak memory {own:.0f} MB alone (limit {CASE_MEMORY_MB:g} MB)")
        before = max(before, outcome.rss_mb)
        if found:
            findings.append(
                {
                    "case": k,
                    "kind": case.kind,
                    "status": outcome.status,
                    "problems": found,
                    "case_text": case.describe()[:500],
                    "stderr": outcome.stderr[:500],
                }
            )
    beat[3 * slot + 1] = 0.0
    return {
        "first": first,
        "last": last,
        "cases": last - first,
        "peak_alone_mb": alone,
        "statuses": dict(statuses),
        "kinds": dict(kinds),
        "max_seconds": slowest[0],
        "slowest_case": slowest[1],
        "max_cpu_seconds": slowest_cpu[0],
        "slowest_cpu_case": slowest_cpu[1],
        "waited": waits,
        "longest_wait": longest_wait,
        "peak_rss_mb": peak,
        "findings": findings,
        "wall": time.time() - start,
        "pid": os.getpid(),
    }


def _load(progress: Path) -> list[dict[str, Any]]:
    if not progress.exists():
        return []
    records = []
    for line in progress.read_text().splitlines():
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:  # a line cut by an interruption
                continue
    return records


def _remaining(records: list[dict[str, Any]], cases: int, chunk: int) -> list[tuple[int, int]]:
    done = bytearray(cases)
    for r in records:
        if "first" in r:
            a, b = max(0, r["first"]), min(cases, r["last"])
            done[a:b] = b"\x01" * max(0, b - a)
    ranges = []
    for start in range(0, cases, chunk):
        k = start
        end = min(cases, start + chunk)
        while k < end:
            if done[k]:
                k += 1
                continue
            j = k
            while j < end and not done[j]:
                j += 1
            ranges.append((k, j))
            k = j
    return ranges


def summary(records: list[dict[str, Any]], cases: int) -> dict[str, Any]:
    """Totals over the progress records of a run of ``cases`` cases."""
    chunks = [r for r in records if "first" in r and r["first"] < cases]
    statuses: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    findings = []
    for r in chunks:
        statuses.update(r["statuses"])
        kinds.update(r["kinds"])
        findings += r["findings"]
    ends: dict[float, float] = {}
    for r in records:
        if "session" in r:
            ends[r["session"]] = max(ends.get(r["session"], 0.0), r["t"])
    slowest = max(chunks, key=lambda r: r["max_seconds"], default=None)
    slowest_cpu = max(chunks, key=lambda r: r.get("max_cpu_seconds", 0.0), default=None)
    categories: Counter[str] = Counter()
    for f in findings:
        for p in f["problems"]:
            if p.startswith("took "):  # a valid run's work, or a refusal, past the bound
                categories[f"over the time bound, status {f['status']}"] += 1
            else:
                categories[p.split(":")[0].split(" (")[0][:40]] += 1
    return {
        "cases": sum(r["cases"] for r in chunks),
        "of": cases,
        "statuses": dict(statuses),
        "kinds": dict(kinds),
        "findings": len(findings),
        "finding_categories": dict(categories),
        "peak_rss_mb": max((r["peak_rss_mb"] for r in chunks), default=0.0),
        "peak_alone_mb": max(
            (v for r in chunks for v in r.get("peak_alone_mb", {}).values()), default=0.0
        ),
        "replayed_alone": sum(len(r.get("peak_alone_mb", {})) for r in chunks),
        "max_case_seconds": slowest["max_seconds"] if slowest else 0.0,
        "slowest_case": slowest["slowest_case"] if slowest else None,
        "max_case_cpu_seconds": slowest_cpu.get("max_cpu_seconds", 0.0) if slowest_cpu else 0.0,
        "slowest_cpu_case": slowest_cpu.get("slowest_cpu_case") if slowest_cpu else None,
        "waited": sum(r.get("waited", 0) for r in chunks),
        "longest_wait": max((r.get("longest_wait", 0.0) for r in chunks), default=0.0),
        "wall_seconds": sum(end - begin for begin, end in ends.items()),
        "cpu_seconds_in_chunks": sum(r["wall"] for r in chunks),
    }


def _duration(seconds: float) -> str:
    return f"{seconds / 3600:.2f} h" if seconds >= 3600 else f"{seconds:.0f} s"


def _print_summary(records: list[dict[str, Any]], cases: int, *, details: int = 30) -> None:
    s = summary(records, cases)
    print(
        f"{s['cases']:,} of {s['of']:,} cases; statuses {s['statuses']}; kinds {s['kinds']}\n"
        f"wall time {_duration(s['wall_seconds'])} over all sessions "
        f"({_duration(s['cpu_seconds_in_chunks'])} in the workers); largest peak memory of a "
        f"worker {s['peak_rss_mb']:.0f} MB; {s['replayed_alone']} cases that raised a "
        f"worker's peak past {REPLAY_ABOVE_MB:g} MB, run alone: largest "
        f"{s['peak_alone_mb']:.0f} MB; slowest case {s['slowest_case']} "
        f"({s['max_case_seconds']:.2f} s wall); most CPU case {s['slowest_cpu_case']} "
        f"({s['max_case_cpu_seconds']:.2f} s); {s['waited']} cases over "
        f"{CASE_SECONDS:g} s in wall time only, waiting for the CPU (longest "
        f"{s['longest_wait']:.2f} s)\n"
        f"findings: {s['findings']} {s['finding_categories']}"
    )
    shown = 0
    for r in records:
        for f in r.get("findings", []):
            if shown < details:
                print(f"  {f['case_text']}\n    -> {f['problems']}")
            shown += 1


def _replay(k: int | Case, seconds: float, warm: bool = True) -> int:
    case = make_case(k) if isinstance(k, int) else k
    print(case.describe())
    for name, data in case.files.items():
        print(f"--- {name} ({len(data)} bytes): {data[:400]!r}")
    if case.stdin is not None:
        print(f"--- stdin: {case.stdin[:400]!r}")
    folder = Path(tempfile.mkdtemp(prefix="multivector-fuzz-"))
    if warm:
        warm_up(folder)
    outcome = run_case(case, folder)
    print(f"status {outcome.status} in {outcome.seconds:.3f} s, peak {outcome.rss_mb:.0f} MB")
    print(f"stdout: {outcome.stdout[:1000]!r}\nstderr: {outcome.stderr!r}")
    if outcome.escaped:
        print(f"escaped: {outcome.escaped}")
    found = problems(outcome, seconds=seconds)
    print("problems:", found or "none")
    return 1 if found else 0


def _run_here(todo: list[tuple[int, int]], progress: Path, args: Any) -> int:
    """``--jobs 0``: every chunk in this process (no watchdog: for tests and replays)."""
    folder = Path(tempfile.mkdtemp(prefix="multivector-fuzz-"))
    if not args.no_warm_up:
        warm_up(folder)
    beat = [0.0, 0.0, 0.0]
    session = time.time()
    with progress.open("a") as out:
        for first, last in todo:
            record = _run_chunk(first, last, folder, beat, 0, args.seconds)
            record["session"], record["t"] = session, time.time()
            out.write(json.dumps(record) + "\n")
    _print_summary(_load(progress), args.cases)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000, help="run cases 0..N-1")
    parser.add_argument(
        "--jobs", type=int, default=2, help="worker processes (0: run in this process)"
    )
    parser.add_argument("--chunk", type=int, default=1000, help="cases per chunk")
    parser.add_argument("--state", type=Path, default=Path(".fuzz"), help="progress folder")
    parser.add_argument("--seconds", type=float, default=CASE_SECONDS, help="time bound")
    parser.add_argument(
        "--kill-after", type=float, default=3 * HANG_SECONDS, help="kill a stuck worker"
    )
    parser.add_argument(
        "--no-warm-up", action="store_true", help="skip the workers' warm-up (for tests)"
    )
    parser.add_argument("--replay", type=int, default=None, help="run case K alone")
    parser.add_argument(
        "--run-saved", type=Path, default=None, help="run a case saved by peak_alone_mb"
    )
    parser.add_argument("--report", action="store_true", help="print the summary and stop")
    args = parser.parse_args(argv)
    if args.replay is not None:
        return _replay(args.replay, args.seconds, warm=not args.no_warm_up)
    if args.run_saved is not None:
        saved = pickle.loads(args.run_saved.read_bytes())
        status = _replay(saved, args.seconds, warm=not args.no_warm_up)
        args.run_saved.with_suffix(".peak").write_text(f"{_own_peak_mb():.1f}")
        return status
    args.state.mkdir(parents=True, exist_ok=True)
    progress = args.state / "progress.jsonl"
    records = _load(progress)
    if args.report:
        try:
            _print_summary(records, args.cases)
        except BrokenPipeError:  # `--report | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    todo = _remaining(records, args.cases, args.chunk)
    if args.jobs == 0:
        return _run_here(todo, progress, args)
    ctx = multiprocessing.get_context("spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    for r in todo:
        tasks.put(r)
    # per worker: the case it runs, the wall time and its own CPU time when it began
    beat = ctx.Array("d", 3 * args.jobs, lock=False)
    workers: dict[int, Any] = {}

    def start(slot: int) -> None:
        beat[3 * slot] = -1
        beat[3 * slot + 1] = 0.0
        proc = ctx.Process(
            target=_worker,
            args=(tasks, results, beat, slot, args.seconds, not args.no_warm_up),
            daemon=True,
        )
        proc.start()
        workers[slot] = proc

    session_start = time.time()
    deaths = 0
    pending = len(todo)
    total_done = sum(r["cases"] for r in records if "first" in r and r["first"] < args.cases)
    print(f"{pending} chunks to run ({total_done:,} of {args.cases:,} cases done before)")
    for slot in range(min(args.jobs, max(pending, 1))):
        start(slot)
    with progress.open("a") as out:
        while pending > 0:
            try:
                record = results.get(timeout=1.0)
            except queue.Empty:
                record = None
            if record is not None and "retire" in record:
                slot = record["retire"]
                workers[slot].join()
                start(slot)
                continue
            if record is not None:
                record["session"], record["t"] = session_start, time.time()
                out.write(json.dumps(record) + "\n")
                out.flush()
                pending -= 1
                total_done += record["cases"]
                rate = record["cases"] / max(record["wall"], 1e-9)
                print(
                    f"cases {record['first']:,}..{record['last'] - 1:,} done "
                    f"({total_done:,}/{args.cases:,}); {rate:.0f} cases/s in a worker; "
                    f"findings {len(record['findings'])}; slowest {record['max_seconds']:.2f} s; "
                    f"peak {record['peak_rss_mb']:.0f} MB",
                    flush=True,
                )
            now = time.time()
            for slot, proc in list(workers.items()):
                case, since = int(beat[3 * slot]), beat[3 * slot + 1]
                if proc.exitcode == 0:
                    # it retired: its message is on its way through the results queue,
                    # whose handler joins it and starts the next worker in its slot
                    continue
                if not proc.is_alive() and not since:
                    # died between chunks, with an error (a crash of the worker itself):
                    # start another
                    deaths += 1
                    if deaths > 10:
                        raise SystemExit("fuzz workers keep dying; see their stderr")
                    start(slot)
                    continue
                if since and (
                    _stuck(proc.pid, beat[3 * slot + 2], now - since, args.kill_after)
                    or not proc.is_alive()
                ):
                    if proc.is_alive():
                        proc.kill()
                    proc.join()
                    chunk_end = min(args.cases, (case // args.chunk + 1) * args.chunk)
                    # the cases of this chunk before the stuck one are rerun with the rest
                    first = (case // args.chunk) * args.chunk
                    hung = {
                        "first": case,
                        "last": case + 1,
                        "cases": 1,
                        "statuses": {"killed": 1},
                        "kinds": {make_case(case).kind: 1},
                        "max_seconds": now - since,
                        "slowest_case": case,
                        "peak_rss_mb": 0.0,
                        "findings": [
                            {
                                "case": case,
                                "kind": make_case(case).kind,
                                "status": None,
                                "problems": [
                                    f"hang: killed after {now - since:.0f} s"
                                    if proc.exitcode is None or proc.exitcode < 0
                                    else f"crash: the worker ended (status {proc.exitcode})"
                                ],
                                "case_text": make_case(case).describe()[:500],
                                "stderr": "",
                            }
                        ],
                        "wall": now - since,
                        "session": session_start,
                        "t": now,
                    }
                    out.write(json.dumps(hung) + "\n")
                    out.flush()
                    if first < case:
                        tasks.put((first, case))
                        pending += 1
                    if case + 1 < chunk_end:
                        tasks.put((case + 1, chunk_end))
                        pending += 1
                    pending -= 1
                    print(f"case {case} hung; its worker was killed", flush=True)
                    start(slot)
    for _ in workers:
        tasks.put((-1, -1))
    for proc in workers.values():
        proc.join(timeout=10)
        if proc.is_alive():
            proc.kill()
    _print_summary(_load(progress), args.cases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
