"""The commands that read a published output/ without building: `validate` and `report`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.report import JSON_NAME
from pipeline.store import TABLES, row_count
from pipeline.validate import Validation, Validator, frames_to_check

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"


def check_output(out_dir: Path, suites_dir: Path = EXPECTATIONS_DIR) -> Validation:
    """Every expectation on output/'s tables as they are (all parts of each table at once)."""
    import pyarrow.parquet as pq

    validator = Validator(suites_dir)
    tables = {name: pq.read_table(out_dir / name) for name in TABLES if (out_dir / name).is_dir()}
    documents = tables["documents"]
    paths = dict(zip(documents["doc_id"].to_pylist(), documents["source_path"].to_pylist(), strict=True))
    frames = {name: validator.frame(name, table) for name, table in tables.items()}
    return validator.check(frames_to_check(frames), paths)


def write_page_again(out_dir: Path, report_dir: Path) -> Path:
    """output/report.html from output/'s tables and the last build report (reports/build-report.json)."""
    from analysis.page import write_page

    data: dict[str, Any]
    try:
        data = json.loads((report_dir / JSON_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    counts = {name: row_count(out_dir, name) for name in TABLES if (out_dir / name).is_dir()}
    defaults: dict[str, Any] = {
        "status": "published",
        "started_at": "",
        "review": [],
        "new_units": [],
        "near_duplicates": [],
        "expectations": [],
        "why_empty": "",
    }
    return write_page(out_dir, {**defaults, **data, "row_counts": counts})
