"""`python -m pipeline export`: the output tables as one Excel workbook and as CSV files.

The workbook has a sheet per table (a table past Excel's row limit continues on further sheets);
the CSV files are UTF-8 with a byte-order mark, which Excel on Chinese Windows needs to show Chinese
text. Lists (headers, section paths, aliases, keywords) are joined with 、.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipeline.store import TABLES

# Rows of one Excel sheet (Excel's own limit, less the header row).
MAX_SHEET_ROWS = 1_048_575
WORKBOOK = "tables.xlsx"
CSV_FOLDER = "csv"
LIST_JOINER = "、"


@dataclass(frozen=True)
class Exported:
    """What an export wrote: the workbook, the CSV folder, and each table's row count."""

    workbook: Path
    csv_folder: Path
    rows: dict[str, int]


def export(out_dir: Path, target: Path) -> Exported:
    """Write `target`/tables.xlsx and `target`/csv/<table>.csv from the tables in `out_dir`."""
    from openpyxl import Workbook

    target.mkdir(parents=True, exist_ok=True)
    (target / CSV_FOLDER).mkdir(exist_ok=True)
    book = Workbook(write_only=True)
    rows: dict[str, int] = {}
    for name in TABLES:
        folder = out_dir / name
        if not folder.is_dir():
            continue
        table = pq.read_table(folder)
        rows[name] = table.num_rows
        header = table.column_names
        values = [[_cell(v) for v in row.values()] for row in table.to_pylist()]
        for start in range(0, max(len(values), 1), MAX_SHEET_ROWS):
            sheet = book.create_sheet(name if start == 0 else f"{name} ({start // MAX_SHEET_ROWS + 1})")
            sheet.append(header)
            for row in values[start : start + MAX_SHEET_ROWS]:
                sheet.append(row)
        with open(target / CSV_FOLDER / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(values)
    workbook = target / WORKBOOK
    temporary = workbook.with_name(workbook.name + ".tmp")
    book.save(temporary)
    temporary.replace(workbook)
    return Exported(workbook, target / CSV_FOLDER, rows)


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: lists joined, times without their zone (Excel has none)."""
    if isinstance(value, list):
        return LIST_JOINER.join(str(v) for v in value)
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value
