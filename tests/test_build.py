"""`python -m pipeline build` end to end, as analysts and downstream systems see it."""

from __future__ import annotations

import fcntl
import html
import json
import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.lock import build_lock
from pipeline.schemas import SCHEMAS, SORT_KEYS
from tests.helpers import REFERENCE, ROOT, Run, reference_project, run_build, run_build_child, snapshot

TABLES = sorted(SCHEMAS)


def small_attachment(cell: str, seqs: tuple[int, ...] = (1, 2)) -> str:
    """A one-table attachment of Dazhou whose last row has `cell` as its responsibility cell."""
    rows = "".join(f"\t{n}\n\t第{n}项任务。\n\t市民政局负责。\n\n" for n in seqs[:-1])
    return (
        f"附件\n\n达州市某项工作任务分工表\n\t序号\n\t重点任务\n\t责任单位\n\n{rows}"
        f"\t{seqs[-1]}\n\t最后一项任务。\n\t{cell}\n"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """A project folder whose raw/ holds the reference attachment, built once."""
    root = tmp_path_factory.mktemp("project")
    return root, reference_project(root)


def test_build_writes_every_table(built: tuple[Path, Run]) -> None:
    """Exit 0; every table of the contract, each a dataset folder of parts with its explicit schema."""
    root, run = built
    assert run.code == 0, run.stderr
    assert sorted(p.name for p in (root / "output").iterdir() if p.is_dir() and not p.name.startswith("_")) == TABLES
    counts = {name: pq.read_table(root / "output" / name).num_rows for name in TABLES}
    assert counts == {
        "documents": 1,
        "tables": 2,
        "tasks": 70,
        "assignments": 838,
        "units": 41,
        "review": 0,
        "targets": 21,
        "task_terms": 70,
        "links": 18,
    }
    for name in TABLES:
        for part in (root / "output" / name).glob("*.parquet"):
            assert pq.read_schema(part).equals(SCHEMAS[name], check_metadata=False)


def test_rows_are_sorted_by_key(built: tuple[Path, Run]) -> None:
    """Rows sorted by their key within each file, so unchanged input gives the same order; no key twice."""
    root, _ = built
    for name in TABLES:
        for part in (root / "output" / name).glob("*.parquet"):
            rows = pq.read_table(part).to_pylist()
            keys = [tuple(r[k] for k in SORT_KEYS[name]) for r in rows]
            assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_document_row(built: tuple[Path, Run]) -> None:
    """doc_id is the SHA-256 of the bytes; jurisdiction found from the document."""
    import hashlib

    root, _ = built
    [doc] = pq.read_table(root / "output" / "documents").to_pylist()
    assert doc["doc_id"] == hashlib.sha256(REFERENCE.read_bytes()).hexdigest()
    assert (doc["source_path"], doc["source_format"], doc["jurisdiction"], doc["jurisdiction_adcode"]) == (
        REFERENCE.name,
        "txt",
        "达州市",
        "511700",
    )
    assert (doc["n_tables"], doc["n_tasks"]) == (2, 70)
    assert str(doc["ingested_at"].tzinfo) == "UTC"


def test_report_is_written(built: tuple[Path, Run]) -> None:
    """A validation report an analyst can open, listing every expectation."""
    root, _ = built
    report = json.loads((root / "reports" / "build-report.json").read_text(encoding="utf-8"))
    assert report["status"] == "published"
    assert report["expectations"] and all(e["success"] for e in report["expectations"])
    page = (root / "reports" / "build-report.html").read_text(encoding="utf-8")
    assert '<table class="data">' in page
    assert all(html.escape(str(e["expectation"])) in page for e in report["expectations"])


def test_rebuild_is_identical(built: tuple[Path, Run]) -> None:
    """Rebuilding unchanged input gives byte-identical tables."""
    root, _ = built
    before = snapshot(root / "output")
    run = run_build(root / "raw", root / "output", root / "reports")
    assert run.code == 0 and "unchanged" in run.stdout
    assert snapshot(root / "output") == before


def test_identical_files_count_once(built: tuple[Path, Run], tmp_path: Path) -> None:
    """A copy of the same bytes under another name adds no document."""
    root, _ = built
    raw = tmp_path / "raw"
    shutil.copytree(root / "raw", raw)
    (raw / "copies").mkdir()
    shutil.copy(REFERENCE, raw / "copies" / "same bytes.txt")
    run = run_build(raw, tmp_path / "output", tmp_path / "reports")
    assert run.code == 0, run.stderr
    assert pq.read_table(tmp_path / "output" / "documents").num_rows == 1


def refused_build(
    root: Path, tmp_path: Path, name: str, content: bytes
) -> tuple[Run, dict[str, bytes], dict[str, bytes]]:
    """Build with one extra file in raw/; return the run and output/ before and after."""
    raw = tmp_path / "raw"
    shutil.copytree(root / "raw", raw)
    out = tmp_path / "output"
    shutil.copytree(root / "output", out)
    before = snapshot(out)
    (raw / name).write_bytes(content)
    run = run_build(raw, out, tmp_path / "reports")
    return run, before, snapshot(out)


def test_unknown_words_go_to_review_and_the_rest_is_built(built: tuple[Path, Run], tmp_path: Path) -> None:
    """A cell saying 市民政局督办: its task is kept without assignments, a review row names file,
    table, row, line and words, the rest of the document is built, and the build exits 0."""
    root, _ = built
    run, _, _ = refused_build(root, tmp_path, "督办.txt", small_attachment("市民政局督办").encode())
    assert run.code == 0, run.stderr
    assert "1 cell(s) need review" in run.stdout
    assert "review: 督办.txt, table 1, row 2 (line 14) [unknown-words]: «市民政局督办»" in run.stdout
    assert "Traceback" not in run.stderr + run.stdout
    review = pq.read_table(tmp_path / "output" / "review").to_pylist()
    assert [(r["table_no"], r["seq"], r["line"], r["code"], r["words"]) for r in review] == [
        (1, 2, 14, "unknown-words", "市民政局督办")
    ]
    assert "raw/units.tsv" in review[0]["message"]
    tasks = pq.read_table(tmp_path / "output" / "tasks").to_pylist()
    kept = [t for t in tasks if t["task_id"] == review[0]["task_id"]]
    assert kept and kept[0]["units_text"] == "市民政局督办"
    assignments = pq.read_table(tmp_path / "output" / "assignments").to_pylist()
    assert not [a for a in assignments if a["task_id"] == review[0]["task_id"]]
    assert len({a["task_id"] for a in assignments if a["doc_id"] == review[0]["doc_id"]}) == 1  # row 1 is built
    report = json.loads((tmp_path / "reports" / "build-report.json").read_text(encoding="utf-8"))
    assert report["status"] == "published" and report["review"][0]["code"] == "unknown-words"


def test_strict_build_refuses_a_cell_to_review(built: tuple[Path, Run], tmp_path: Path) -> None:
    """--strict refuses the file as earlier versions did; output/ is unchanged."""
    root, _ = built
    raw = tmp_path / "raw"
    shutil.copytree(root / "raw", raw)
    out = tmp_path / "output"
    shutil.copytree(root / "output", out)
    before = snapshot(out)
    (raw / "督办.txt").write_bytes(small_attachment("市民政局督办").encode())
    run = run_build(raw, out, tmp_path / "reports", "--strict")
    assert run.code == 1
    assert "督办.txt, table 1, row 2 (line 14)" in run.stderr and "«市民政局督办»" in run.stderr
    assert snapshot(out) == before
    report = json.loads((tmp_path / "reports" / "build-report.json").read_text(encoding="utf-8"))
    assert report["status"] == "refused" and report["errors"][0]["code"] == "unknown-words"


def test_file_without_a_task_table_is_skipped(built: tuple[Path, Run], tmp_path: Path) -> None:
    """A notice with no task table is listed as skipped with its reason; the build exits 0."""
    root, _ = built
    run, _, _ = refused_build(
        root, tmp_path, "通知.txt", "关于做好有关工作的通知\n\n各县（市、区）人民政府：\n".encode()
    )
    assert run.code == 0, run.stderr
    report = json.loads((tmp_path / "reports" / "build-report.json").read_text(encoding="utf-8"))
    skipped = [f for f in report["files"] if f["path"] == "通知.txt"]
    assert skipped and skipped[0]["status"] == "skipped" and "no task table" in skipped[0]["notes"][0]


def test_gap_in_seq_fails_expectation(built: tuple[Path, Run], tmp_path: Path) -> None:
    """seq 1, 2, 4: a lost row fails the expectations (exit 3) and output/ is unchanged."""
    root, _ = built
    run, before, after = refused_build(
        root, tmp_path, "gap.txt", small_attachment("市民政局负责。", (1, 2, 4)).encode()
    )
    assert run.code == 3, run.stderr
    assert "gap.txt, table 1" in run.stderr and "no gap" in run.stderr
    assert "Traceback" not in run.stderr
    assert after == before


def test_no_expectation_tolerates_failing_rows() -> None:
    """No expectation of expectations/ sets `mostly`: a suite that holds has no unexpected row, which
    the quick validation pass (success alone, pipeline.validate.QUICK_FORMAT) relies on."""
    for path in sorted((ROOT / "expectations").glob("*.json")):
        suite = json.loads(path.read_text(encoding="utf-8"))
        assert not [e for e in suite["expectations"] if "mostly" in e["kwargs"]], path.name


def test_unsupported_format_is_refused(built: tuple[Path, Run], tmp_path: Path) -> None:
    """A slide deck in raw/ is refused with the list of supported formats."""
    from parsers import EXTENSIONS

    root, _ = built
    run, before, after = refused_build(root, tmp_path, "演示.pptx", b"PK\x03\x04")
    assert run.code == 1
    assert "演示.pptx" in run.stderr and f"supported: {', '.join(sorted(EXTENSIONS))}" in run.stderr
    assert after == before


def test_second_build_at_once_is_refused(built: tuple[Path, Run], tmp_path: Path) -> None:
    """While a build holds the lock (this process, as a build does), another build process exits 4
    with a clear message."""
    root, _ = built
    out = tmp_path / "output"
    with open(tmp_path / ".output.lock", "a+") as handle:
        fcntl.lockf(handle, fcntl.LOCK_EX)
        run = run_build_child(root / "raw", out, tmp_path / "reports")
    assert run.code == 4 and "another build" in run.stderr
    assert not out.exists()


def test_second_build_in_the_same_process_is_refused(built: tuple[Path, Run], tmp_path: Path) -> None:
    """A build called again from within a running one (same process) is refused too."""
    root, _ = built
    with build_lock(tmp_path / "output"):
        run = run_build(root / "raw", tmp_path / "output", tmp_path / "reports")
    assert run.code == 4 and "another build" in run.stderr


def test_a_killed_build_leaves_no_lock_behind_in_its_readers(tmp_path: Path) -> None:
    """A build killed while a reader it forked lives on: the output is free at once, because the
    readers do not hold the build's lock."""
    out = tmp_path / "output"
    hold, release = os.pipe()
    build = os.fork()
    if build == 0:  # the build: takes the lock, forks a reader, and dies without unlocking
        with build_lock(out):
            if os.fork() == 0:  # the reader: lives until told
                os.read(hold, 1)
                os._exit(0)
            os._exit(0)
    os.waitpid(build, 0)
    try:
        with build_lock(out):
            pass  # taken at once
    finally:
        os.write(release, b"x")


def test_missing_raw_folder_is_a_usage_error(tmp_path: Path) -> None:
    """No raw/ folder: exit 2, one line."""
    run = run_build(tmp_path / "nothing", tmp_path / "output", tmp_path / "reports")
    assert run.code == 2 and run.stderr.count("\n") == 1


def test_readme_one_liners(built: tuple[Path, Run]) -> None:
    """The loading one-liners of the README work on what the build wrote."""
    import duckdb
    import pandas as pd

    root, _ = built
    out = root / "output"
    assert len(pd.read_parquet(out / "assignments")) == 838
    assert pq.read_table(out / "tasks").num_rows == 70
    by_role = duckdb.sql(f"select role, count(*) from '{out}/assignments/*.parquet' group by role order by 2 desc")
    assert by_role.fetchall() == [("all_county", 540), ("responsible", 164), ("participating", 92), ("lead", 42)]
