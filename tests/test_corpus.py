"""Attachments of other jurisdictions, and real-style responsibility cells, against hand-read goldens.

The documents and their goldens are in tests/corpus/ (development part), tests/corpus/heldback/ and
heldback2/ (parts scored before their cases were looked at), and tests/corpus/inline/ (notices that
assign their tasks in the text, with its own held-back part); the cells in tests/corpus/cells/.
See tests/corpus/README.md and tests/corpus/inline/README.md. The goldens were read by hand from
the documents, never produced by the pipeline.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.errors import Code, PipelineError
from pipeline.records import NormalizedDocument
from tests.helpers import normalize_bytes, run_build

CORPUS = Path(__file__).resolve().parent / "corpus"
sys.path.insert(0, str(CORPUS))
from expand import Spec, expand, parse_spec  # noqa: E402
from score import normal, read_cells, reading_of  # noqa: E402

FOLDERS = (
    CORPUS,
    *sorted(CORPUS.glob("heldback*")),  # every held-back round, once it has been scored
    CORPUS / "inline",  # notices whose body assigns the tasks (layout inline)
    CORPUS / "inline" / "heldback",
)
# Held-back documents the reader does not read in full yet, each with what it still misses: the
# refusal's code, or the tasks that differ from the golden (test_known_gaps_stay_as_they_are, which
# fails once the reader learns them; they then join the others).
KNOWN_GAPS: dict[str, Code | frozenset[tuple[int, int]]] = {}
DOCUMENTS = sorted(
    p
    for folder in FOLDERS
    for p in folder.glob("*")
    if p.suffix in (".txt", ".docx", ".html") and (folder / f"{p.stem}.spec.txt").exists()
)
READ_IN_FULL = [p for p in DOCUMENTS if p.name not in KNOWN_GAPS]
CELL_FILES = sorted((CORPUS / "cells").glob("*.tsv"))

# The share of the cell corpus read exactly. Issue 8 asks at least 99%; every cell reads exactly
# now, so any cell read otherwise is a regression and fails.
MIN_CELLS_EXACT = 1.0


@pytest.fixture(scope="module", params=READ_IN_FULL, ids=lambda p: p.name)
def case(request: pytest.FixtureRequest) -> tuple[Path, Spec, NormalizedDocument]:
    path: Path = request.param
    spec = parse_spec((path.parent / f"{path.stem}.spec.txt").read_text(encoding="utf-8"))
    return path, spec, normalize_bytes(path.read_bytes(), path.name)


def test_corpus_spans_the_country() -> None:
    """At least 30 attachments of at least 20 jurisdictions in at least 8 provinces, in three formats."""
    specs = [parse_spec((p.parent / f"{p.stem}.spec.txt").read_text(encoding="utf-8")) for p in DOCUMENTS]
    assert len(DOCUMENTS) >= 30
    assert len({s.adcode for s in specs}) >= 20
    assert len({s.adcode[:2] for s in specs}) >= 8
    assert {p.suffix for p in DOCUMENTS} == {".txt", ".docx", ".html"}


def test_assignments_match_golden(case: tuple[Path, Spec, NormalizedDocument]) -> None:
    """Every assignment row, in order, as read by hand."""
    path, spec, doc = case
    expected = [tuple(str(x) for x in row) for row in expand(path.stem, spec)]
    actual = [
        (
            str(a.table_no),
            str(a.seq),
            str(a.position),
            a.unit.unit_name,
            a.role.value,
            a.unit.unit_kind.value,
            a.expanded_from or "",
        )
        for a in doc.assignments
    ]
    for row, (want, got) in enumerate(zip(expected, actual, strict=False), start=1):
        assert got == want, f"{path.name}, golden row {row}"
    assert len(actual) == len(expected)


def test_review_rows_match_golden(case: tuple[Path, Spec, NormalizedDocument]) -> None:
    """The cells that go to review, with their codes, and no others; each names its line."""
    _, spec, doc = case
    want = {(t.table_no, t.seq): t.review for t in spec.tasks if t.review}
    assert {(r.table_no, r.seq): r.code for r in doc.review} == want
    assert all(r.line is not None and r.message and (r.words or r.code == "empty-cell") for r in doc.review)


def test_jurisdiction_sections_and_deadlines(case: tuple[Path, Spec, NormalizedDocument]) -> None:
    """The jurisdiction told from the document, and each task's section path and deadline."""
    _, spec, doc = case
    assert doc.jurisdiction is not None
    assert (doc.jurisdiction.name, doc.jurisdiction.adcode) == (spec.jurisdiction, spec.adcode)
    want = {(t.table_no, t.seq): (t.section_path, t.section, t.deadline) for t in spec.tasks}
    got = {(t.table_no, t.seq): (list(t.section_path), t.section, t.deadline) for t in doc.tasks}
    assert got == want


@pytest.mark.parametrize(
    "path", [p for p in READ_IN_FULL if p.with_suffix(".tasks.tsv").exists()], ids=lambda p: p.name
)
def test_inline_tasks_match_golden(path: Path) -> None:
    """Where the golden holds each task's words (the inline corpus): its label, task_text and units_text."""
    doc = normalize_bytes(path.read_bytes(), path.name)
    golden = path.with_suffix(".tasks.tsv")
    with golden.open(encoding="utf-8", newline="") as handle:
        want = [
            (int(r["table_no"]), int(r["seq"]), r["label"], r["task_text"], r["units_text"])
            for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]
    assert [(t.table_no, t.seq, t.label, t.task_text, t.units_text) for t in doc.tasks] == want


def test_one_body_one_id_one_full_name(case: tuple[Path, Spec, NormalizedDocument]) -> None:
    """Within a document, unit ids and full names correspond one to one, and unit_name is the
    same on every row of an id."""
    _, _, doc = case
    by_id = {(a.unit.unit_id, a.unit.unit_name, a.unit.full_name) for a in doc.assignments}
    assert len({i for i, _, _ in by_id}) == len(by_id) == len({f for _, _, f in by_id})


def test_the_whole_corpus_builds_and_passes_the_expectations(tmp_path: Path) -> None:
    """Every corpus document together, through `make build`'s command with its expectations: each is
    published (a known gap too: what it cannot read goes to review), and the build exits 0. The
    goldens above check the readings; this checks that what is read is also publishable (a task
    written without a number once failed the label expectation only here)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in DOCUMENTS:
        (raw / f"{path.parent.name}__{path.name}").write_bytes(path.read_bytes())
    run = run_build(raw, tmp_path / "out", tmp_path / "reports")
    assert run.code == 0, run.stderr[-2000:]
    documents = pq.read_table(tmp_path / "out" / "documents").num_rows
    assert documents == len(DOCUMENTS)


@pytest.mark.parametrize("path", CELL_FILES, ids=lambda p: p.name)
def test_cell_corpus(path: Path) -> None:
    """Every real-style cell reads exactly as read by hand (issue 8 asks at least 99%)."""
    cases = read_cells(path)
    assert len({c.cell for c in cases}) == len(cases), "every cell of the corpus is distinct"
    wrong = [
        (c.id, c.cell, normal(c.reading), got) for c in cases if (got := normal(reading_of(c))) != normal(c.reading)
    ]
    exact = 1 - len(wrong) / len(cases)
    assert exact >= MIN_CELLS_EXACT, f"{exact:.1%} exact; first wrong: {wrong[:5]}"


def test_cell_corpus_size() -> None:
    """At least 500 distinct cells in all, about one in twenty of them for review."""
    cases = [c for path in CELL_FILES for c in read_cells(path)]
    assert len({c.cell for c in cases}) >= 500
    reviews = Counter(c.reading.startswith("review") for c in cases)
    assert reviews[True] >= 0.02 * len(cases)


@pytest.mark.parametrize("name", sorted(KNOWN_GAPS))
def test_known_gaps_stay_as_they_are(name: str) -> None:
    """A known gap is refused with its code, naming the file, or differs from its golden in exactly
    the tasks listed; everything else in the document is read as the golden says."""
    path = next(p for p in DOCUMENTS if p.name == name)
    gap = KNOWN_GAPS[name]
    if isinstance(gap, Code):
        with pytest.raises(PipelineError) as caught:
            normalize_bytes(path.read_bytes(), path.name)
        assert caught.value.code is gap
        assert caught.value.location is not None and caught.value.location.file == name
        return
    spec = parse_spec((path.parent / f"{path.stem}.spec.txt").read_text(encoding="utf-8"))
    doc = normalize_bytes(path.read_bytes(), path.name)
    want_rows: dict[tuple[int, int], list[tuple[str, ...]]] = {}
    for row in expand(path.stem, spec):
        want_rows.setdefault((int(row[0]), int(row[1])), []).append(tuple(str(x) for x in row[3:]))
    got_rows: dict[tuple[int, int], list[tuple[str, ...]]] = {}
    for a in doc.assignments:
        got_rows.setdefault((a.table_no, a.seq), []).append(
            (a.unit.unit_name, a.role.value, a.unit.unit_kind.value, a.expanded_from or "")
        )
    reviews = {(r.table_no, r.seq): r.code for r in doc.review}
    tasks = {(t.table_no, t.seq): t for t in doc.tasks}
    differing = {
        (t.table_no, t.seq)
        for t in spec.tasks
        if want_rows.get((t.table_no, t.seq), []) != got_rows.get((t.table_no, t.seq), [])
        or t.review != reviews.get((t.table_no, t.seq))
        or (t.table_no, t.seq) not in tasks
        or list(tasks[(t.table_no, t.seq)].section_path) != t.section_path
        or tasks[(t.table_no, t.seq)].deadline != t.deadline
    }
    assert differing == gap
