"""Near copies (analysis/duplicates.py): found from each task row's key, in Arrow."""

from __future__ import annotations

import pyarrow as pa

from analysis.duplicates import MAX_DOCUMENTS_PER_ROW, NEAR_COPY_SHARE, near_copies, row_key
from pipeline.schemas import ROW_KEYS


def _keys(rows: dict[str, list[tuple[str, str]]]) -> pa.Table:
    doc_ids = [doc for doc, tasks in rows.items() for _ in tasks]
    keys = [row_key(text, units) for tasks in rows.values() for text, units in tasks]
    return pa.table({"doc_id": doc_ids, "row_key": keys}, schema=ROW_KEYS)


TASKS = [(f"第{i}项任务的文字", "市民政局牵头") for i in range(10)]


def test_a_reissue_with_one_task_changed_is_a_near_copy() -> None:
    """Nine rows of ten shared (0.9 ≥ NEAR_COPY_SHARE); white space does not count."""
    reissue = [*TASKS[:9], ("改过的一项任务", "市民政局牵头")]
    spaced = [(f"{text} ", f" {units}") for text, units in reissue]
    [pair] = near_copies(_keys({"a": TASKS, "b": spaced}), {"a": "old.docx", "b": "new.docx"})
    assert (pair.path, pair.other, pair.share) == ("new.docx", "old.docx", 0.9)
    assert pair.share >= NEAR_COPY_SHARE


def test_documents_sharing_a_few_rows_are_not_copies() -> None:
    other = [*TASKS[:5], *((f"别的任务{i}", "市财政局负责") for i in range(5))]
    assert near_copies(_keys({"a": TASKS, "b": other}), {}) == []


def test_boilerplate_rows_in_many_documents_are_no_evidence() -> None:
    """A row held by more than MAX_DOCUMENTS_PER_ROW documents (the same sentence every year) is
    left out, so documents that share only such rows are no pair."""
    boiler = [("加强组织领导", "各县（市、区）人民政府负责")]
    assert len(near_copies(_keys({f"d{i}": boiler for i in range(MAX_DOCUMENTS_PER_ROW)}), {})) > 0
    assert near_copies(_keys({f"d{i}": boiler for i in range(MAX_DOCUMENTS_PER_ROW + 1)}), {}) == []
    assert near_copies(None, {}) == []
