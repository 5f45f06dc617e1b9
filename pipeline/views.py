"""Derived frames the expectations check: facts that span rows (sequences, coverage, expansions)."""

from __future__ import annotations

import pandas as pd


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


def expansions(documents: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """Per (task, collective): the rows the expansion gave, against the divisions the gazetteer lists
    for that collective in the document's jurisdiction, counted afresh from the output alone."""
    from normalizers import collectives, gazetteer
    from normalizers.text import fold_cell

    rows = assignments[assignments["expanded_from"].notna()]
    actual = rows.groupby(["task_id", "doc_id", "table_no", "seq", "expanded_from"]).size().rename("actual_rows")
    view = actual.reset_index().merge(documents[["doc_id", "jurisdiction_adcode"]], on="doc_id", how="left")

    def listed(collective: str, adcode: object) -> int:
        reach = collectives.collective(fold_cell(collective))
        home = gazetteer.get(str(adcode)) if isinstance(adcode, str) else None
        if reach is None or home is None or not collectives.can_expand(reach, home):
            return 0
        return len(collectives.expand(reach, home))

    expected = [listed(c, a) for c, a in zip(view["expanded_from"], view["jurisdiction_adcode"], strict=True)]
    return view.assign(expected_rows=pd.Series(expected, index=view.index, dtype="int64"))
