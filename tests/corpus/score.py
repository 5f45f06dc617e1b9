"""Score the pipeline against the corpus goldens: per-document exactness and assignment F1, and the
cell corpus's exact readings.

    .venv/bin/python tests/corpus/score.py                     # the development corpus and cells
    .venv/bin/python tests/corpus/score.py --folder DIR        # another folder of documents and specs
    .venv/bin/python tests/corpus/score.py --cells FILE.tsv    # another cell corpus
    .venv/bin/python tests/corpus/score.py --markdown          # the table for README.md

A document is exact when every task reads as its golden says: the same assignment rows (unit_name,
role, unit_kind, expanded_from, in order) or the same review code, the same section path and
deadline, and the document's jurisdiction; where a `<stem>.tasks.tsv` golden exists (the inline
corpus), also the same label, task_text and units_text. Assignment F1 counts (table, seq, unit_name, role,
unit_kind, expanded_from) rows. A task is exact when its rows (or review code) match.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from expand import expand, parse_spec  # noqa: E402

DOCUMENT_SUFFIXES = (".txt", ".docx", ".html", ".htm")


@dataclass(frozen=True)
class DocumentScore:
    stem: str
    file: str
    jurisdiction: str
    tasks: int
    exact_tasks: int
    true_positive: int
    predicted: int
    expected: int
    jurisdiction_right: bool
    refused: str | None  # the error, when the document was refused

    @property
    def exact(self) -> bool:
        return self.refused is None and self.jurisdiction_right and self.exact_tasks == self.tasks

    @property
    def f1(self) -> float:
        if not self.predicted and not self.expected:
            return 1.0
        precision = self.true_positive / self.predicted if self.predicted else 0.0
        recall = self.true_positive / self.expected if self.expected else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def documents(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in DOCUMENT_SUFFIXES
        and not p.name.endswith(".spec.txt")
        and (folder / f"{p.stem}.spec.txt").exists()
    )


def score_document(path: Path) -> DocumentScore:
    from normalizers.document import normalize
    from parsers import format_of, parse
    from pipeline.errors import PipelineError
    from pipeline.records import Source

    spec = parse_spec((path.parent / f"{path.stem}.spec.txt").read_text(encoding="utf-8"))
    expected_rows = expand(path.stem, spec)
    data = path.read_bytes()
    source = Source(path.name, hashlib.sha256(data).hexdigest(), format_of(path.name))
    try:
        doc = normalize(parse(source, data))
    except PipelineError as error:
        return DocumentScore(
            path.stem,
            path.name,
            spec.jurisdiction,
            len(spec.tasks),
            0,
            0,
            0,
            len(expected_rows),
            False,
            error.message(),
        )
    got_rows = [
        (a.table_no, a.seq, a.position, a.unit.unit_name, a.role.value, a.unit.unit_kind.value, a.expanded_from or "")
        for a in doc.assignments
    ]
    want = _by_task(expected_rows)
    got = _by_task(got_rows)
    reviews = {(r.table_no, r.seq): r.code for r in doc.review}
    tasks = {(t.table_no, t.seq): t for t in doc.tasks}
    texts = _task_texts(path)
    exact = 0
    for task in spec.tasks:
        key = (task.table_no, task.seq)
        read = tasks.get(key)
        same_rows = want.get(key, []) == got.get(key, []) and task.review == reviews.get(key)
        same_place = (
            read is not None and list(read.section_path) == task.section_path and read.deadline == task.deadline
        )
        same_text = texts is None or (
            read is not None and (read.label, read.task_text, read.units_text) == texts.get(key)
        )
        exact += same_rows and same_place and same_text
    exact -= sum(1 for key in tasks if key not in {(t.table_no, t.seq) for t in spec.tasks})
    flat_want = Counter(_key(r) for r in expected_rows)
    flat_got = Counter(_key(r) for r in got_rows)
    home = doc.jurisdiction
    return DocumentScore(
        path.stem,
        path.name,
        spec.jurisdiction,
        len(spec.tasks),
        max(exact, 0),
        sum((flat_want & flat_got).values()),
        len(got_rows),
        len(expected_rows),
        home is not None and (home.name, home.adcode) == (spec.jurisdiction, spec.adcode),
        None,
    )


def _task_texts(path: Path) -> dict[tuple[int, int], tuple[str, str, str]] | None:
    """(label, task_text, units_text) by (table_no, seq) from `<stem>.tasks.tsv`, where there is one."""
    golden = path.parent / f"{path.stem}.tasks.tsv"
    if not golden.exists():
        return None
    with golden.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {(int(r["table_no"]), int(r["seq"])): (r["label"], r["task_text"], r["units_text"]) for r in rows}


def _by_task(rows: list[tuple[object, ...]]) -> dict[tuple[int, int], list[tuple[object, ...]]]:
    out: dict[tuple[int, int], list[tuple[object, ...]]] = {}
    for row in rows:
        out.setdefault((int(str(row[0])), int(str(row[1]))), []).append(tuple(str(x) for x in row[2:]))
    return out


def _key(row: tuple[object, ...]) -> tuple[str, ...]:
    return tuple(str(row[i]) for i in (0, 1, 3, 4, 5, 6))


# ---- the cell corpus -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellCase:
    id: str
    cell: str
    column: str
    first_leads: bool
    reading: str
    source: str


def read_cells(path: Path) -> list[CellCase]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        CellCase(r["id"], r["cell"], r["column"] or "units", r["first_leads"] == "1", r["reading"].strip(), r["source"])
        for r in rows
    ]


def reading_of(case: CellCase) -> str:
    """The cell reader's reading of a case, in the corpus's notation."""
    from normalizers.cells import one_line, read_cell
    from normalizers.time_limits import split_time_limit
    from pipeline.errors import CellError
    from pipeline.records import Role

    forced = {"lead": Role.LEAD, "participating": Role.PARTICIPATING}.get(case.column)
    # As a table row reads it: a time limit closing the cell (…，6月底完成) is the task's deadline.
    cell, _ = split_time_limit(one_line(case.cell))
    try:
        mentions = read_cell(cell, first_leads=case.first_leads and case.column == "units")
    except CellError as error:
        return f"review: {error.code.value}"
    groups: list[tuple[str, list[str]]] = []
    for m in mentions:
        role = m.role if forced is None or m.role is Role.ALL_COUNTY else forced
        if groups and groups[-1][0] == role.value:
            groups[-1][1].append(m.name)
        else:
            groups.append((role.value, [m.name]))
    return " ; ".join(f"{role}: {', '.join(names)}" for role, names in groups)


def normal(reading: str) -> str:
    """A reading with its spacing normalised, and consecutive groups of one role merged."""
    if reading.startswith("review"):
        return " ".join(reading.split())
    groups: list[tuple[str, list[str]]] = []
    for group in reading.split(";"):
        role, _, names = group.partition(":")
        units = [n.strip() for n in names.split(",") if n.strip()]
        if groups and groups[-1][0] == role.strip():
            groups[-1][1].extend(units)
        else:
            groups.append((role.strip(), units))
    return " ; ".join(f"{role}: {', '.join(names)}" for role, names in groups)


def score_cells(path: Path, show: int = 0) -> tuple[int, int, list[tuple[CellCase, str]]]:
    cases = read_cells(path)
    wrong = [(c, got) for c in cases if (got := normal(reading_of(c))) != normal(c.reading)]
    for case, got in wrong[:show]:
        print(f"  {case.id} «{case.cell}»\n      want {normal(case.reading)}\n      got  {got}")
    return len(cases) - len(wrong), len(cases), wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, default=HERE, help="documents with <stem>.spec.txt goldens")
    parser.add_argument("--cells", type=Path, default=HERE / "cells" / "dev.tsv", help="a cell corpus TSV")
    parser.add_argument("--markdown", action="store_true", help="print the per-document table for README.md")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong cells")
    args = parser.parse_args()
    scores = [score_document(p) for p in documents(args.folder)]
    if args.markdown:
        print("| file | jurisdiction | tasks | exact tasks | assignment F1 | document exact |")
        print("| --- | --- | --- | --- | --- | --- |")
    for s in scores:
        if args.markdown:
            exact = "yes" if s.exact else "no"
            print(f"| `{s.file}` | {s.jurisdiction} | {s.tasks} | {s.exact_tasks} | {s.f1:.3f} | {exact} |")
        else:
            state = f"REFUSED {s.refused}" if s.refused else ("exact" if s.exact else "differs")
            print(f"{s.stem:32} tasks {s.exact_tasks:3}/{s.tasks:<3} F1 {s.f1:.3f}  {state}")
    tasks = sum(s.tasks for s in scores)
    exact_tasks = sum(s.exact_tasks for s in scores)
    tp, pred, exp = (sum(getattr(s, f) for s in scores) for f in ("true_positive", "predicted", "expected"))
    f1 = 2 * tp / (pred + exp) if pred + exp else 1.0
    print(
        f"documents exact: {sum(s.exact for s in scores)}/{len(scores)}; tasks exact: {exact_tasks}/{tasks} "
        f"({exact_tasks / tasks:.1%}); assignment F1: {f1:.3f}; refused: {sum(bool(s.refused) for s in scores)}"
    )
    if args.cells.exists():
        right, total, _ = score_cells(args.cells, args.show)
        print(f"cells read exactly: {right}/{total} ({right / total:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
