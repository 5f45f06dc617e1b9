"""Issue 10: work proportional to what changed, a Parquet dataset per table, executors that give the
same tables (a process per core, one process, a Dask cluster)."""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from normalizers.document import Settings
from pipeline import build as building
from pipeline.build import Options, Status, build
from pipeline.read import ReaderStage, ReadJob, read_document
from pipeline.records import Source, SourceFormat
from pipeline.store import TABLES
from tests.synthetic import write_corpus

CONTENT_TABLES = TABLES


def contents(out: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, sorted, without the columns that say when or by which run."""
    found = {}
    for name in CONTENT_TABLES:
        table = pq.read_table(out / name).drop_columns(["ingested_at"] if name == "documents" else [])
        found[name] = sorted(tuple(str(v) for v in row.values()) for row in table.to_pylist())
    return found


def inodes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*.parquet")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seven synthetic attachments (text, Word and web copies of the reference)."""
    folder = tmp_path_factory.mktemp("synthetic") / "raw"
    list(write_corpus(folder, 7))
    return folder


def run(raw: Path, root: Path, **options: object) -> building.BuildResult:
    return build(raw, root / "output", root / "reports", options=Options(**options))  # type: ignore[arg-type]


def test_adding_one_file_reads_only_that_file(corpus: Path, tmp_path: Path) -> None:
    """A new file costs its own reading: the other documents are not read again, their parts are
    carried over as they are (the same files), and the tables equal a build from scratch."""
    raw = tmp_path / "raw"
    shutil.copytree(corpus, raw)
    first = run(raw, tmp_path, executor="serial")
    assert first.status is Status.PUBLISHED and first.documents_read == 7
    before = inodes(tmp_path / "output")
    list(write_corpus(raw, 1, start=7))
    second = run(raw, tmp_path, executor="serial")
    assert second.status is Status.PUBLISHED and second.documents_read == 1
    after = inodes(tmp_path / "output")
    carried = {name: ino for name, ino in before.items() if name.split("/")[0] != "units"}
    assert carried.items() <= after.items(), "the old parts are hard links, not rewritten"
    assert second.row_counts["documents"] == 8
    scratch = tmp_path / "scratch"
    run(raw, scratch, executor="serial")
    assert contents(tmp_path / "output") == contents(scratch / "output")


def test_nothing_changed_reads_nothing(corpus: Path, tmp_path: Path) -> None:
    """With nothing changed, the build stops before reading or writing anything."""
    raw = tmp_path / "raw"
    shutil.copytree(corpus, raw)
    run(raw, tmp_path, executor="serial")
    again = run(raw, tmp_path, executor="serial")
    assert again.status is Status.UNCHANGED and again.documents_read == 0 and again.report_path is None


def test_removing_a_file_rewrites_only_its_part(corpus: Path, tmp_path: Path) -> None:
    """A file taken out of raw/: its rows leave the tables; the rest is written again from the part
    it shared, without reading any document."""
    raw = tmp_path / "raw"
    shutil.copytree(corpus, raw)
    run(raw, tmp_path, executor="serial")
    gone = sorted(raw.iterdir())[0]
    gone.unlink()
    result = run(raw, tmp_path, executor="serial")
    assert result.documents_read == 0 and result.row_counts["documents"] == 6
    paths = pq.read_table(tmp_path / "output" / "documents")["source_path"].to_pylist()
    assert gone.name not in paths
    scratch = tmp_path / "scratch"
    run(raw, scratch, executor="serial")
    assert contents(tmp_path / "output") == contents(scratch / "output")


def test_many_small_builds_are_merged(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds that each add one file leave one part each; past MAX_PARTS the small ones are merged."""
    monkeypatch.setattr(building, "MAX_PARTS", 4)
    raw = tmp_path / "raw"
    raw.mkdir()
    for index in range(6):
        list(write_corpus(raw, 1, start=index))
        run(raw, tmp_path, executor="serial")
    parts = list((tmp_path / "output" / "documents").glob("*.parquet"))
    assert len(parts) <= 4
    assert pq.read_table(tmp_path / "output" / "documents").num_rows == 6


def test_executors_give_the_same_tables(corpus: Path, tmp_path: Path) -> None:
    """One process, a process per core and a local Dask cluster: the same tables, row for row."""
    tables = {}
    for executor in ("serial", "local", "dask"):
        root = tmp_path / executor
        result = run(corpus, root, executor=executor, workers=2)
        assert result.status is Status.PUBLISHED, result.errors
        tables[executor] = contents(root / "output")
    assert tables["serial"] == tables["local"] == tables["dask"]
    for executor in ("serial", "local", "dask"):  # where the readers' time went, whoever read
        report = json.loads((tmp_path / executor / "reports" / "build-report.json").read_text(encoding="utf-8"))
        assert list(report["reader_stages"]) == [stage.value for stage in ReaderStage], executor
        assert all(seconds > 0 for seconds in report["reader_stages"].values()), executor


def test_a_documents_tables_cross_to_the_build_whole(corpus: Path) -> None:
    """A worker's result (a document's tables, sent as Arrow IPC streams) arrives with the same rows
    and the same schemas, hidden tables included."""
    path = sorted(corpus.glob("*.docx"))[0]
    data = path.read_bytes()
    source = Source(path.name, hashlib.sha256(data).hexdigest(), SourceFormat.DOCX)
    result = read_document(ReadJob(source, str(path), Settings(), datetime.now(UTC)))
    assert result.tables is not None and result.error is None
    arrived = pickle.loads(pickle.dumps(result))
    assert arrived.tables is not None and arrived.tables.keys() == result.tables.keys()
    for name, table in result.tables.items():
        assert arrived.tables[name].schema.equals(table.schema, check_metadata=True), name
        assert arrived.tables[name].equals(table), name
    assert arrived.tables["assignments"].num_rows == 838


def test_each_table_is_a_dataset_readers_take_as_one(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several parts per table: pandas, pyarrow and DuckDB read each table's folder as one table."""
    monkeypatch.setattr(building, "BATCH_DOCUMENTS", 3)
    result = run(corpus, tmp_path, executor="serial")
    out = tmp_path / "output"
    assert len(list((out / "assignments").glob("*.parquet"))) == 3
    roles = pd.read_parquet(out / "assignments", columns=["role"])["role"].value_counts().to_dict()
    reference = {"lead": 42, "participating": 92, "responsible": 164, "all_county": 540}
    assert result.roles == roles == {role: 7 * n for role, n in reference.items()}
    assert len(pd.read_parquet(out / "assignments")) == 7 * 838
    assert pq.read_table(out / "tasks").num_rows == 7 * 70
    count = duckdb.sql(f"select count(*) from '{out}/assignments/*.parquet'").fetchall()
    assert count == [(7 * 838,)]
    assert {p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("_")} == set(TABLES)
