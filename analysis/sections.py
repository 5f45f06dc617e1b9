"""Tables both pages show (the build report and the analyst page), from the report's data: one
definition of each, so the two pages say the same thing the same way."""

from __future__ import annotations

from typing import Any

from analysis.html import table


def review(rows: list[dict[str, Any]]) -> str:
    """The cells to review: where, the code, the words, what would fix it."""
    return table(
        ["file", "table", "row", "line", "code", "words", "what to do"],
        [[r["file"], r["table_no"], r["seq"], r["line"], r["code"], r["words"], r["message"]] for r in rows],
        ["warn"] * len(rows),
        empty="None: every cell was read.",
    )


def expectations(outcomes: list[dict[str, Any]]) -> str:
    """Each data-quality expectation with its result."""
    return table(
        ["suite", "v", "rule", "expectation", "result", "rows", "unexpected", "examples"],
        [
            [
                o["suite"],
                o["suite_version"],
                o["rule"],
                o["expectation"],
                "pass" if o["success"] else "FAIL",
                o["element_count"],
                o["unexpected_count"],
                "; ".join(o["examples"]),
            ]
            for o in outcomes
        ],
        ["" if o["success"] else "bad" for o in outcomes],
        empty="No expectation ran: no document was read in this build.",
    )


def new_units(units: list[dict[str, Any]]) -> str:
    """The units no earlier build had (a misspelt name or a missing alias shows up here)."""
    return table(
        ["unit", "kind", "jurisdiction", "first seen in"],
        [[u["unit_name"], u["unit_kind"], u["jurisdiction"], u["first_file"]] for u in units],
        empty="None (or this is the first build).",
    )


def near_copies(pairs: list[dict[str, Any]]) -> str:
    """Documents whose rows are nearly all another's, and which one counts."""
    return table(
        ["file", "near copy of", "share of rows in common", "counted"],
        [[d["path"], d["other"], f"{d['share']:.0%}", d["counted"]] for d in pairs],
        empty="None.",
    )
