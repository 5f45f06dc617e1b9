"""The whole expected output for the reference input (Dazhou, 附件1 + 附件2), held as golden files.

`golden/reference_spec.txt` was written by reading each row of the attachment; `expand_spec.py`
only expands 各县（市、区）人民政府 into the seven counties to give `reference_assignments.tsv`.
"""

from __future__ import annotations

from collections import Counter

from pipeline.records import NormalizedDocument
from tests.helpers import REFERENCE, golden_rows


def test_two_tables_seventy_tasks(reference: NormalizedDocument) -> None:
    """附件1 has 52 key tasks and 附件2 the 18 tasks for 2022."""
    assert [(t.table_no, t.annex_label, t.n_tasks) for t in reference.tables] == [(1, "附件1", 52), (2, "附件2", 18)]
    assert [t.title for t in reference.tables] == [
        "促进养老托育服务健康发展重点任务分工表",
        "达州市促进养老托育服务健康发展2022年任务清单",
    ]
    assert [t.header for t in reference.tables] == [
        ("序号", "重点任务", "责任单位"),
        ("序号", "2022年任务清单", "责任单位"),
    ]
    assert len(reference.tasks) == 70


def test_jurisdiction_is_dazhou(reference: NormalizedDocument) -> None:
    """The issuing city is told from the document itself."""
    assert reference.jurisdiction is not None
    assert (reference.jurisdiction.name, reference.jurisdiction.adcode) == ("达州市", "511700")


def test_counts_by_role(reference: NormalizedDocument) -> None:
    """838 rows: 42 lead, 92 participating, 164 responsible, 540 all_county (60 clauses × 9)."""
    roles = Counter(a.role.value for a in reference.assignments)
    assert roles == {"lead": 42, "participating": 92, "responsible": 164, "all_county": 540}
    territorial = {a.task_id for a in reference.assignments if a.expanded_from}
    assert len(territorial) == 60


def test_assignments_match_golden(reference: NormalizedDocument) -> None:
    """Every assignment row, in order, as read by hand from the attachment."""
    expected = golden_rows("reference_assignments.tsv")
    actual = [
        {
            "table_no": str(a.table_no),
            "seq": str(a.seq),
            "position": str(a.position),
            "unit_name": a.unit.unit_name,
            "role": a.role.value,
            "unit_kind": a.unit.unit_kind.value,
            "expanded_from": a.expanded_from or "",
        }
        for a in reference.assignments
    ]
    assert len(actual) == len(expected) == 838
    for row, (want, got) in enumerate(zip(expected, actual, strict=True), start=1):
        assert got == want, f"golden row {row}"


def test_tasks_match_golden(reference: NormalizedDocument) -> None:
    """Task text and responsibility cell of all 70 rows."""
    expected = golden_rows("reference_tasks.tsv")
    actual = [
        {
            "table_no": str(t.table_no),
            "seq": str(t.seq),
            "section": t.section or "",
            "task_text": t.task_text,
            "units_text": t.units_text,
            "deadline": t.deadline or "",
        }
        for t in reference.tasks
    ]
    assert actual == expected


def test_task_cells_are_lines_of_the_source(reference: NormalizedDocument) -> None:
    """Text cells keep their characters: each is a line of the attachment, trimmed."""
    lines = {line.strip() for line in REFERENCE.read_text(encoding="utf-8").splitlines()}
    for task in reference.tasks:
        assert task.task_text in lines
        assert task.units_text in lines


def test_units_match_golden(reference: NormalizedDocument) -> None:
    """41 distinct units with their kinds and jurisdictions."""
    units = {a.unit.unit_id: a.unit for a in reference.assignments}
    actual = sorted((u.unit_name, u.unit_kind.value, u.jurisdiction or "", u.adcode or "") for u in units.values())
    expected = [
        (r["unit_name"], r["unit_kind"], r["jurisdiction"], r["adcode"]) for r in golden_rows("reference_units.tsv")
    ]
    assert actual == sorted(expected)


def test_unit_as_written_is_a_span_of_the_cell(reference: NormalizedDocument) -> None:
    """unit_as_written is the exact span of the source (for expanded rows, the collective)."""
    cells = {t.task_id: t.units_text for t in reference.tasks}
    for a in reference.assignments:
        assert a.unit_as_written in cells[a.task_id]
        if a.expanded_from:
            assert a.unit_as_written == a.expanded_from == "各县（市、区）人民政府"


def test_positions_run_one_to_n_per_task(reference: NormalizedDocument) -> None:
    """position is the 1-based order within the task."""
    by_task: dict[str, list[int]] = {}
    for a in reference.assignments:
        by_task.setdefault(a.task_id, []).append(a.position)
    for positions in by_task.values():
        assert positions == list(range(1, len(positions) + 1))
