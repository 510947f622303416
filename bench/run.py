"""``make bench``: time bidkit build on a big generated bid against the I/O floor.

Prints the floor, a cold build (empty catalogue cache, no price lock) and a warm rebuild
(catalogues unchanged, one quantity edited), each the median of several runs, as seconds,
ratio to the floor (the median of the runs' ratios, each build over the floor timed in the
same run) and peak memory of the process; then ``bidkit price`` on the shipped
example and the big proposal's conversion to PDF with LibreOffice.
Targets: cold <= 2.5 x floor, warm <= 1.25 x floor, memory < 600 MB, price < 0.5 s,
PDF < 60 s.

Every job runs in a fresh process, like a user's command.  The runs of each job alternate
with the others', so a busy moment on the machine is spread over all of them.  Bytecode is
written once beforehand, as an installed package has it (the environment variable
PYTHONDONTWRITEBYTECODE is removed for the timed processes).

Environment: BENCH_RUNS (default 5), BENCH_DIR (default .bench), BENCH_PDF=0 to skip the PDF.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
TARGETS = {"cold": 2.5, "warm": 1.25}


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one command, which must succeed."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read().decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def working_copy(bid: Path, folder: Path) -> Path:
    """The generated bid in a folder of its own (its lock file lands there), catalogues by absolute path."""
    text = bid.read_text(encoding="utf-8")
    text = text.replace("catalogues: [catalogues]", f"catalogues: [{bid.parent / 'catalogues'}]")
    copy = folder / "bid.yaml"
    copy.write_text(text, encoding="utf-8")
    return copy


def edit_quantity(bid: Path) -> None:
    """Change the first item's quantity, as the export department does the night before."""
    text = bid.read_text(encoding="utf-8")
    found = re.search(r"qty: (\d+)\}", text)
    assert found is not None
    new = int(found.group(1)) % 399 + 1
    bid.write_text(text[: found.start(1)] + str(new) + text[found.end(1) :], encoding="utf-8")


def machine() -> str:
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = names[0] if names else model
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    root = Path(os.environ.get("BENCH_DIR", ROOT / ".bench")).resolve()
    print(f"generating inputs in {root} (once per seed) ...", flush=True)
    bid = generate(root)
    bidkit = str(Path(sys.executable).with_name("bidkit"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    floor_cmd = [sys.executable, str(HERE / "floor.py"), str(root)]
    results: dict[str, list[tuple[float, float]]] = {"floor": [], "cold": [], "warm": [], "price": []}
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        example = [bidkit, "price", str(ROOT / "examples" / "lviv-substations" / "bid.yaml")]
        runs = [("warm-up", -1)] + [(str(i), i) for i in range(RUNS)]
        print(f"timing {RUNS} runs of each job ...", flush=True)
        for name, number in runs:
            work = base / f"run-{name}"
            work.mkdir()
            copy = working_copy(bid, work)
            run_env = {**env, "BIDKIT_CACHE_DIR": str(work / "cache")}  # empty: the cold build fills it
            build = [bidkit, "build", str(copy), "--out", str(work / "out"), "--quiet"]
            jobs = {
                "floor": [*floor_cmd, str(work / "floor")],
                "cold": build,
                "warm": build,
                "price": example,
            }
            for job, cmd in jobs.items():
                if job == "warm":
                    edit_quantity(copy)
                if job == "price":  # as a user runs it again and again: its four catalogues cached
                    run_env = {**env, "BIDKIT_CACHE_DIR": str(base / "example-cache")}
                outcome = timed(cmd, run_env)
                if number >= 0:
                    results[job].append(outcome)
            last = work
        pdf = convert_pdf(last / "out", env) if os.environ.get("BENCH_PDF", "1") != "0" else None
        report(results, pdf)


def convert_pdf(out: Path, env: dict[str, str]) -> tuple[float, int]:
    """Seconds to print the big proposal with LibreOffice (bidkit's own conversion), and its pages."""
    proposal = next(out.glob("*-proposal.docx"))
    target = out / "proposal.pdf"
    code = "import sys; from pathlib import Path; from bidkit.outputs.proposal.pdf import docx_to_pdf; " \
           "docx_to_pdf(Path(sys.argv[1]), Path(sys.argv[2]))"  # fmt: skip
    seconds, _ = timed([sys.executable, "-c", code, str(proposal), str(target)], env)
    pages = 0
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=False).stdout
        found = re.search(r"^Pages:\s*(\d+)", info, re.M)
        pages = int(found.group(1)) if found else 0
    return seconds, pages


def report(results: dict[str, list[tuple[float, float]]], pdf: tuple[float, int] | None) -> None:
    floor = statistics.median(s for s, _ in results["floor"])
    names = {
        "floor": "floor (fastexcel read + raw XML)",
        "cold": "bidkit build, cold (empty cache)",
        "warm": "bidkit build, warm (1 qty edited)",
        "price": "bidkit price, shipped example",
    }
    print(f"\n{machine()}; median of {RUNS} runs, peak memory the highest run's\n")
    print(f"| {'job':<34} | {'seconds':>7} | {'x floor':>7} | {'peak MB':>7} | {'target':<16} | ok |")
    print(f"|{'-' * 36}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 18}|----|")
    ratios = {key: paired_ratios(results[key], results["floor"]) for key in TARGETS}
    for key, runs in results.items():
        seconds = statistics.median(s for s, _ in runs)
        memory = max(m for _, m in runs)
        ratio = statistics.median(ratios[key]) if key in ratios else seconds / floor
        if key in TARGETS:
            target, ok = f"<= {TARGETS[key]} x floor", ratio <= TARGETS[key] and memory < 600
        elif key == "price":
            target, ok = "< 0.5 s", seconds < 0.5
        else:
            target, ok = "", True
        shown = f"{ratio:.2f}" if key != "price" else ""
        print(f"| {names[key]:<34} | {seconds:>7.2f} | {shown:>7} | {memory:>7.0f} | {target:<16} | "
              f"{'yes' if ok else 'NO':<2} |")  # fmt: skip
    if pdf is not None:
        seconds, pages = pdf
        label = f"big proposal -> PDF ({pages} pages)"
        print(f"| {label:<34} | {seconds:>7.1f} | {'':>7} | {'':>7} | {'< 60 s':<16} | "
              f"{'yes' if seconds < 60 else 'NO':<2} |")  # fmt: skip
    print("\nx floor of cold and warm: the median over the runs of the build's time / that run's floor")
    for key, values in ratios.items():
        of_medians = statistics.median(s for s, _ in results[key]) / floor
        print(f"  {key} per run: {' '.join(f'{v:.2f}' for v in values)}   (median time / median floor: "
              f"{of_medians:.2f})")  # fmt: skip


def paired_ratios(build: list[tuple[float, float]], floor: list[tuple[float, float]]) -> list[float]:
    """Each run's build time over that run's floor: a busy spell on a shared machine slows both."""
    return [b / f for (b, _), (f, _) in zip(build, floor, strict=True)]


if __name__ == "__main__":
    main()
