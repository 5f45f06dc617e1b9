"""Data-quality expectations (great-expectations suites in expectations/) run on the built tables."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import views
from pipeline.errors import ExpectationError, Location

# Failing rows named per failed expectation; the report has the counts.
MAX_ROWS_NAMED = 5


@dataclass(frozen=True)
class Outcome:
    """One expectation's result, flattened for the report."""

    suite: str
    suite_version: int
    expectation: str
    rule: str
    kwargs: dict[str, Any]
    success: bool
    element_count: int
    unexpected_count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Validation:
    """All outcomes, and the errors made of the failed ones."""

    outcomes: tuple[Outcome, ...]
    errors: tuple[ExpectationError, ...]
    failing_files: dict[str, tuple[str, ...]]  # every file with a failing row (not only those named): its rules

    @property
    def success(self) -> bool:
        """Whether every expectation held."""
        return not self.errors


def frames_to_check(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The output tables plus the derived views, by suite name."""
    return {
        **frames,
        "table_sequences": views.table_sequences(frames["tables"], frames["tasks"]),
        "task_coverage": views.task_coverage(frames["tasks"], frames["assignments"], frames["review"]),
        "expansions": views.expansions(frames["documents"], frames["assignments"]),
        "local_governments": views.local_governments(frames["units"]),
    }


def validate(frames: Mapping[str, pd.DataFrame], source_paths: Mapping[str, str], suites_dir: Path) -> Validation:
    """Run every suite in `suites_dir` on the frame of the same name."""
    source = _datasource()
    outcomes: list[Outcome] = []
    errors: list[ExpectationError] = []
    failing: dict[str, list[str]] = {}
    for suite_file in sorted(suites_dir.glob("*.json")):
        spec = json.loads(suite_file.read_text(encoding="utf-8"))
        frame = frames[spec["name"]]
        suite = _gx().ExpectationSuite(**spec)
        batch = source.add_dataframe_asset(name=spec["name"]).add_batch_definition_whole_dataframe("all")
        result = batch.get_batch(batch_parameters={"dataframe": frame}).validate(suite, result_format="COMPLETE")
        for item in result.results:
            rows = list((item.result or {}).get("unexpected_index_list") or [])
            named = [_where(frame, index, source_paths) for index in rows[:MAX_ROWS_NAMED]]
            outcome = _outcome(spec, item, frame, named)
            outcomes.append(outcome)
            if outcome.success:
                continue
            errors.extend(_errors(outcome, named))
            if rows and "doc_id" in frame:
                for doc_id in frame.loc[rows, "doc_id"].unique():
                    failing.setdefault(source_paths.get(str(doc_id), str(doc_id)), []).append(outcome.rule)
    by_file = {file: tuple(dict.fromkeys(rules)) for file, rules in failing.items()}
    return Validation(tuple(outcomes), _one_per_row(errors), by_file)


def _one_per_row(errors: list[ExpectationError]) -> tuple[ExpectationError, ...]:
    """One error per failing row, naming every rule it broke: a repeated 序号 breaks several at once."""
    rules: dict[tuple[str, int | None, int | None], list[str]] = {}
    for error in errors:
        where = error.location or Location("output")
        failed = rules.setdefault((where.file, where.table_no, where.row), [])
        if error.reason not in failed:
            failed.append(error.reason)
    return tuple(
        ExpectationError(
            f"expectation{'s' if len(reasons) > 1 else ''} failed: {'; '.join(reasons)}", Location(file, table_no, row)
        )
        for (file, table_no, row), reasons in rules.items()
    )


def _gx() -> Any:
    # Set before the import: an ephemeral context reads it once, and no build may call out.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations

    return great_expectations


def _datasource() -> Any:
    """A pandas data source in a fresh ephemeral context, progress bars off."""
    gx = _gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context.data_sources.add_pandas("output")


def _outcome(spec: dict[str, Any], item: Any, frame: pd.DataFrame, named: list[Location]) -> Outcome:
    config = item.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    result = item.result or {}
    return Outcome(
        suite=spec["name"],
        suite_version=int(spec["meta"]["version"]),
        expectation=config.type,
        rule=str(config.meta.get("rule", config.type)),
        kwargs=kwargs,
        success=bool(item.success),
        element_count=int(result.get("element_count", len(frame))),
        unexpected_count=int(result.get("unexpected_count") or (0 if item.success else 1)),
        examples=tuple(where.describe() for where in named),
    )


def _errors(outcome: Outcome, named: list[Location]) -> list[ExpectationError]:
    # Several failures of one row are joined into one error by `_one_per_row`.
    reason = f"{outcome.rule} ({outcome.suite}.{outcome.expectation})"
    if not named:
        return [ExpectationError(reason, Location(f"output table {outcome.suite}"))]
    return [ExpectationError(reason, where) for where in named]


def _where(frame: pd.DataFrame, index: int, paths: Mapping[str, str]) -> Location:
    row = frame.loc[index]

    def number(column: str) -> int | None:
        return int(row[column]) if column in row and pd.notna(row[column]) else None

    doc_id = row.get("doc_id")
    file = paths.get(str(doc_id), str(doc_id)) if doc_id is not None else "output"
    words = next((str(row[c]) for c in ("unit_as_written", "units_text", "expanded_from") if c in row), None)
    return Location(file, number("table_no"), number("seq"), text=words)
