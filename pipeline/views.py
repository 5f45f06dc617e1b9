"""Derived frames the expectations check: facts that span rows (sequences, coverage, expansions)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from pipeline.records import Expansion


def table_sequences(tables: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """Per table: its seq range, distinct count, row count, the n_tasks it declares, and as `seq`
    the first number that is missing or repeated (so a failure names the row), else the last."""
    grouped = tasks.groupby(["doc_id", "table_no"])["seq"]
    view = pd.DataFrame(
        {
            "min_seq": grouped.min(),
            "max_seq": grouped.max(),
            "n_distinct_seq": grouped.nunique(),
            "n_rows": grouped.size(),
            "seq": grouped.agg(_first_irregular),
        }
    ).reset_index()
    view = tables[["doc_id", "table_no", "n_tasks"]].merge(view, on=["doc_id", "table_no"], how="left")
    view = view.rename(columns={"n_tasks": "n_tasks_declared"})
    counts = {"min_seq": 0, "max_seq": 0, "n_distinct_seq": 0, "n_rows": 0, "seq": 0}
    return view.fillna(counts).astype(dict.fromkeys(counts, "int64"))


def _first_irregular(seqs: pd.Series) -> int:
    """The first seq where 1, 2, 3, … breaks (the missing number, or the repeated one)."""
    expected = 1
    for seq in seqs:
        if seq != expected:
            return int(expected if seq > expected else seq)
        expected += 1
    return int(expected - 1)


def task_coverage(tasks: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """Per task: how many assignment rows it has."""
    counts = assignments.groupby("task_id").size().rename("n_assignments")
    view = tasks[["task_id", "doc_id", "table_no", "seq"]].merge(counts, on="task_id", how="left")
    return view.fillna({"n_assignments": 0}).astype({"n_assignments": "int64"})


def expansions(expanded: Iterable[Expansion], assignments: pd.DataFrame) -> pd.DataFrame:
    """Per (task, collective): rows the expansion gave against rows the gazetteer lists."""
    expected = (
        pd.DataFrame(
            [(e.task_id, e.collective, e.expected_rows) for e in expanded],
            columns=["task_id", "expanded_from", "expected_rows"],
        )
        .groupby(["task_id", "expanded_from"], as_index=False)["expected_rows"]
        .sum()
    )
    rows = assignments[assignments["expanded_from"].notna()]
    actual = rows.groupby(["task_id", "expanded_from"]).size().rename("actual_rows").reset_index()
    view = expected.merge(actual, on=["task_id", "expanded_from"], how="outer")
    view = view.fillna({"expected_rows": 0, "actual_rows": 0}).astype(
        {"expected_rows": "int64", "actual_rows": "int64"}
    )
    keys = assignments[["task_id", "doc_id", "table_no", "seq"]].drop_duplicates()
    return view.merge(keys, on="task_id", how="left")
