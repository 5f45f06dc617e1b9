"""Derived frames the expectations check: facts that span rows (sequences, coverage, expansions)."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

# The columns of the output tables the views below read.
INPUTS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "jurisdiction_adcode"),
    "tables": ("doc_id", "table_no", "n_tasks"),
    "tasks": ("task_id", "doc_id", "table_no", "seq"),
    "assignments": ("task_id", "doc_id", "table_no", "seq", "expanded_from"),
    "review": ("task_id",),
    "units": ("unit_id", "unit_name", "unit_kind", "adcode"),
}


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


def task_coverage(tasks: pd.DataFrame, assignments: pd.DataFrame, review: pd.DataFrame) -> pd.DataFrame:
    """Per task: how many assignment rows and review rows it has, and which of the two covers it
    (`assignments`, `review`, or `none` / `both`, which the contract forbids)."""
    counts = assignments.groupby("task_id").size().rename("n_assignments")
    reviews = review.groupby("task_id").size().rename("n_review")
    view = tasks[["task_id", "doc_id", "table_no", "seq"]].merge(counts, on="task_id", how="left")
    view = view.merge(reviews, on="task_id", how="left").fillna({"n_assignments": 0, "n_review": 0})
    view = view.astype({"n_assignments": "int64", "n_review": "int64"})
    assigned, reviewed = view["n_assignments"] > 0, view["n_review"] > 0
    cover = pd.Series("none", index=view.index)
    cover[assigned & ~reviewed] = "assignments"
    cover[reviewed & ~assigned] = "review"
    cover[assigned & reviewed] = "both"
    return view.assign(cover=cover)


def expansions(documents: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """Per (task, collective): the rows the expansion gave, against the divisions the gazetteer lists
    for that collective in the document's jurisdiction, counted afresh from the output alone."""
    rows = assignments[assignments["expanded_from"].notna()]
    actual = rows.groupby(["task_id", "doc_id", "table_no", "seq", "expanded_from"]).size().rename("actual_rows")
    view = actual.reset_index().merge(documents[["doc_id", "jurisdiction_adcode"]], on="doc_id", how="left")
    expected = [
        _divisions_listed(c, a if isinstance(a, str) else None)
        for c, a in zip(view["expanded_from"], view["jurisdiction_adcode"], strict=True)
    ]
    return view.assign(expected_rows=pd.Series(expected, index=view.index, dtype="int64"))


@lru_cache(maxsize=4096)
def _divisions_listed(written: str, adcode: str | None) -> int:
    """The divisions the gazetteer lists for a collective as written, in a jurisdiction (0 when it
    is not one the expansion lists). The same few collectives recur in every document."""
    from normalizers import collectives, gazetteer
    from normalizers.text import fold_cell

    found = collectives.collective(fold_cell(written))
    home = gazetteer.get(adcode) if adcode is not None else None
    if found is None or home is None:
        return 0
    listing, divisions = collectives.listing(found, home)
    return len(divisions) if listing is collectives.Listing.EXPANDED else 0


def local_governments(units: pd.DataFrame) -> pd.DataFrame:
    """The local_government units, each with whether it is a named town's or township's (which the
    gazetteer does not list, so it has no division code)."""
    from normalizers.units import is_town

    view = units[units["unit_kind"] == "local_government"][["unit_id", "unit_name", "adcode"]]
    return view.assign(town=[is_town(name) for name in view["unit_name"]])
