"""Data-quality expectations (great-expectations suites in expectations/) run on the built tables."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import regex

from pipeline import views
from pipeline.errors import ExpectationError, Location
from pipeline.outcomes import Outcome

# Failing rows named per failed expectation; the report has the counts.
MAX_ROWS_NAMED = 5

# Suites run with the cheapest result format first (success alone: a fifth less time than counting
# and sampling unexpected values; no suite uses `mostly`, so an expectation that holds has no
# unexpected row and checked every row of its frame). One that fails runs again with every failing
# row listed, so that a keep-going build leaves out every failing document.
QUICK_FORMAT = "BOOLEAN_ONLY"
FULL_FORMAT = "COMPLETE"


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


# The columns a failing row is named by (`_where`): its file, table, row and words.
_LOCATION_COLUMNS = ("doc_id", "table_no", "seq", "unit_as_written", "units_text", "expanded_from")

# The suites that span documents: they run once per build, on the merged units table.
WHOLE_OUTPUT_SUITES = frozenset({"units", "local_governments"})


def frames_to_check(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables given plus the views derived from them, by suite name: a part's documents give
    the per-document tables and views; the units table gives the units views."""
    checked = dict(frames)
    if "tasks" in frames:
        checked["table_sequences"] = views.table_sequences(frames["tables"], frames["tasks"])
        checked["task_coverage"] = views.task_coverage(frames["tasks"], frames["assignments"], frames["review"])
        checked["expansions"] = views.expansions(frames["documents"], frames["assignments"])
    if "units" in frames:
        checked["local_governments"] = views.local_governments(frames["units"])
    return checked


class Validator:
    """The expectation suites of expectations/, run on frames: great-expectations is loaded, its
    context made and the suites read once per build, then each part of the output is checked."""

    def __init__(self, suites_dir: Path) -> None:
        self.specs = {
            spec["name"]: spec
            for spec in (json.loads(f.read_text(encoding="utf-8")) for f in sorted(suites_dir.glob("*.json")))
        }
        self.source: Any = None
        self.batches: dict[str, Any] = {}
        self.suites: dict[str, Any] = {}

    def columns(self, table: str, available: Sequence[str]) -> list[str]:
        """The columns of an output table that its suite, the views made from it and the naming of
        a failing row read, in the table's order: only those are worth turning into pandas, and
        great-expectations fingerprints every batch it is given (a list column, such as section_path,
        would make it pickle the whole frame to do so)."""
        wanted = set(views.INPUTS.get(table, ())) | set(_LOCATION_COLUMNS)
        if table in self.specs:
            wanted |= _named_columns(self.specs[table], available)
        return [c for c in available if c in wanted]

    def frame(self, table: str, rows: pa.Table) -> pd.DataFrame:
        """The checked columns of an output table as a frame. Integer columns are widened to int64:
        great-expectations compares other integer types value by value in Python (a call per row),
        int64 in one vectorized step."""
        frame = rows.select(self.columns(table, rows.column_names)).to_pandas()
        integer = pd.api.types.is_integer_dtype
        narrow = [c for c in frame.columns if integer(frame[c].dtype) and frame[c].dtype != "int64"]
        return frame.astype(dict.fromkeys(narrow, "int64")) if narrow else frame

    def check(self, frames: Mapping[str, pd.DataFrame], source_paths: Mapping[str, str]) -> Validation:
        """Run every suite whose frame is given on that frame (frames made by `frame`, and the views
        `frames_to_check` adds)."""
        outcomes: list[Outcome] = []
        errors: list[ExpectationError] = []
        failing: dict[str, list[str]] = {}
        for name in sorted(self.specs):
            if name not in frames:
                continue
            spec, frame = self.specs[name], frames[name]
            batch = self._batch(name).get_batch(batch_parameters={"dataframe": frame})
            result = batch.validate(self._suite(name), result_format=QUICK_FORMAT)
            if not result.success:  # name every failing row: only a failing suite pays for that
                result = batch.validate(self._suite(name), result_format=FULL_FORMAT)
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

    def _batch(self, name: str) -> Any:
        if self.source is None:
            self.source = _datasource()
        if name not in self.batches:
            self.batches[name] = self.source.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe("all")
        return self.batches[name]

    def _suite(self, name: str) -> Any:
        if name not in self.suites:
            self.suites[name] = _gx().ExpectationSuite(**self.specs[name])
        return self.suites[name]


def _named_columns(spec: dict[str, Any], available: Sequence[str]) -> set[str]:
    """The columns a suite's expectations name, also inside a row condition."""
    named: set[str] = set()
    for expectation in spec["expectations"]:
        kwargs = expectation["kwargs"]
        named.update(kwargs.get(key) for key in ("column", "column_A", "column_B") if kwargs.get(key))
        named.update(kwargs.get("column_list") or ())
        condition = kwargs.get("row_condition") or ""
        named.update(c for c in available if regex.search(rf"\b{regex.escape(c)}\b", condition))
    return named


def merged(outcomes: list[Outcome]) -> tuple[Outcome, ...]:
    """Each expectation's outcomes over a build's parts as one: rows and failures summed."""
    by_rule: dict[tuple[str, str, str], Outcome] = {}
    for outcome in outcomes:
        key = (outcome.suite, outcome.expectation, outcome.rule)
        before = by_rule.get(key)
        if before is None:
            by_rule[key] = outcome
            continue
        by_rule[key] = replace(
            before,
            success=before.success and outcome.success,
            element_count=before.element_count + outcome.element_count,
            unexpected_count=before.unexpected_count + outcome.unexpected_count,
            examples=(*before.examples, *outcome.examples)[:MAX_ROWS_NAMED],
        )
    return tuple(by_rule.values())


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


def load_library() -> None:
    """Import great-expectations now (a build does it in the background while it reads)."""
    _gx()


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
