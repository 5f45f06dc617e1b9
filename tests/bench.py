"""Benchmarks that print figures (run with `make bench`); nothing here asserts a time.

- read: one document per format (the reference rendered as text, Word, web page, PDF and Excel
  workbook), median of repeated parse + normalize runs in this process;
- build: `python -m pipeline build` on the reference, cold and on an unchanged rebuild;
- bomb: a Word file inflating to 1 GiB, refused: wall time and the child's peak memory;
- raw/ of 200 attachments: full build with an empty cache, a build with nothing changed, and a
  build after one new file is added.
"""

from __future__ import annotations

import hashlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalizers.document import normalize  # noqa: E402
from parsers import format_of, parse  # noqa: E402
from pipeline.records import Source  # noqa: E402
from tests.helpers import build_command  # noqa: E402
from tests.notice import notice_docx, notice_html, notice_pdf, notice_text, reference_notice  # noqa: E402
from tests.render import Quirks, docx_bytes, html_bytes, pdf_bytes, xlsx_bytes, zip_bomb  # noqa: E402

REFERENCE = ROOT / "raw" / "000_34dc58af797259ab.txt"


def median_seconds(work: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def read_once(name: str, data: bytes) -> None:
    source = Source(name, hashlib.sha256(data).hexdigest(), format_of(name))
    normalize(parse(source, data))


def bench_formats() -> None:
    text = REFERENCE.read_bytes()
    source = Source(REFERENCE.name, hashlib.sha256(text).hexdigest(), format_of(REFERENCE.name))
    grids = parse(source, text).tables
    read_once("warm.txt", text)  # jieba and the gazetteer load once per process
    samples = {
        "reference.txt": text,
        "reference.docx": docx_bytes(grids),
        "reference-quirks.docx": docx_bytes(grids, Quirks(section_every=10, repeat_header_every=7)),
        "reference.html": html_bytes(grids),
        "reference-gbk.html": html_bytes(grids, encoding="gbk", quirks=Quirks(section_every=10)),
        "reference.pdf": pdf_bytes(grids),
        "reference-sections.pdf": pdf_bytes(grids, Quirks(section_every=10)),
        "reference.xlsx": xlsx_bytes(grids),
        "reference-quirks.xlsx": xlsx_bytes(
            grids, Quirks(section_every=10, hidden_decoys=True, formula_seq=True, note_after="注：按季度报送进展。")
        ),
        # The 52 key tasks written inside a notice's text (bracket clauses), the rest an annex table.
        "notice.txt": notice_text(reference_notice(grids)),
        "notice.docx": notice_docx(reference_notice(grids)),
        "notice.html": notice_html(reference_notice(grids)),
        "notice.pdf": notice_pdf(reference_notice(grids)),
        "notice-labels.txt": notice_text(reference_notice(grids, "labels")),
    }
    print("read one document (parse + normalize, 70 tasks, 838 assignments; median of 7):")
    for name, data in samples.items():
        seconds = median_seconds(lambda n=name, d=data: read_once(n, d))
        print(f"  {name:<24} {len(data):>7,} bytes  {seconds * 1000:7.1f} ms")


def bench_build() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "raw").mkdir()
        shutil.copy(REFERENCE, root / "raw")
        command = build_command(root)
        for label in ("first build", "unchanged rebuild"):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
            print(f"build, reference only, {label}: {time.perf_counter() - start:.2f} s wall")


def bench_bomb() -> None:
    with tempfile.TemporaryDirectory() as folder:
        bomb = Path(folder) / "bomb.docx"
        bomb.write_bytes(zip_bomb(1024**3))
        code = (
            "import sys, hashlib; from parsers import parse, format_of; from pipeline.records import Source; "
            "from pipeline.errors import ParseError\n"
            f"data = open({str(bomb)!r}, 'rb').read()\n"
            "try:\n    parse(Source('bomb.docx', hashlib.sha256(data).hexdigest(), format_of('bomb.docx')), data)\n"
            "except ParseError as e:\n    print(e.message())\n"
            "print(next(int(l.split()[1]) // 1024 for l in open('/proc/self/status') if l.startswith('VmHWM')))\n"
        )
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
        message, peak_mib = done.stdout.strip().splitlines()
        print(
            f"1 GiB-inflating docx ({bomb.stat().st_size:,} bytes on disk): refused in {seconds:.2f} s "
            f"(process start included), peak RSS {peak_mib} MiB"
        )
        print(f"  {message}")


def timed_build(root: Path) -> tuple[float, str]:
    command = build_command(root)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout.strip()


def bench_incremental(files: int = 200) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "raw").mkdir()
        for n in range(files):  # distinct bytes, same tables: the title names its copy
            variant = text.replace("重点任务分工表", f"重点任务分工表（第{n + 1}号）", 1)
            (root / "raw" / f"{n:03d}.txt").write_text(variant, encoding="utf-8")
        print(f"raw/ of {files} attachments (70 tasks, 838 assignments each):")
        for label in ("full build, empty cache", "nothing changed"):
            seconds, said = timed_build(root)
            print(f"  {label:<28} {seconds:6.2f} s   {said[:110]}")
        new = text.replace("重点任务分工表", "重点任务分工表（新增）", 1)
        (root / "raw" / "new.txt").write_text(new, encoding="utf-8")
        seconds, said = timed_build(root)
        print(f"  {'one new file added':<28} {seconds:6.2f} s   {said[:110]}")


if __name__ == "__main__":
    bench_formats()
    bench_build()
    bench_bomb()
    bench_incremental()
