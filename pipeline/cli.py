"""The command line: `python -m pipeline build`. One sentence per problem, never a traceback.

Exit codes:
  0  built (output/ replaced, or already identical)
  1  input refused: a file could not be read under the contract (output/ untouched; with
     --keep-going, output/ holds the documents that could be read and reports/rejects.tsv the rest)
  2  usage error (bad arguments)
  3  a data-quality expectation failed (output/ untouched)
  4  another build is running on the same output
  70 internal error (a bug): the traceback is saved in the reports folder, not printed
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from pipeline.errors import BusyError
from pipeline.records import ReviewRow

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_EXPECTATIONS, EXIT_BUSY, EXIT_INTERNAL = 0, 1, 2, 3, 4, 70


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the exit code."""
    parser = argparse.ArgumentParser(prog="taskdiv", description="Task division tables into Parquet.")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build output/ from every attachment in raw/")
    build_cmd.add_argument("--raw", type=Path, default=Path("raw"), help="folder of attachments (default raw)")
    build_cmd.add_argument("--out", type=Path, default=Path("output"), help="folder of tables (default output)")
    build_cmd.add_argument(
        "--reports", type=Path, default=Path("reports"), help="folder for the build report (default reports)"
    )
    build_cmd.add_argument(
        "--keep-going",
        action="store_true",
        help="build the documents that can be read; list the refused ones in reports/rejects.tsv (exit code 1)",
    )
    build_cmd.add_argument(
        "--strict",
        action="store_true",
        help="refuse a file with any cell to review, or with no task table (by default: review rows, exit 0)",
    )
    args = parser.parse_args(argv)
    if not args.raw.is_dir():
        print(f"error: {args.raw}/ is not a folder of attachments", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _build(args.raw, args.out, args.reports, args.keep_going, args.strict)
    except BusyError as error:
        print(f"error: {error.message()}", file=sys.stderr)
        return EXIT_BUSY
    except Exception:  # a bug, not bad input: keep the details, show one line
        args.reports.mkdir(parents=True, exist_ok=True)
        crash = args.reports / "crash.log"
        crash.write_text(traceback.format_exc(), encoding="utf-8")
        print(f"internal error: the build stopped on a bug; output/ is unchanged; details in {crash}", file=sys.stderr)
        return EXIT_INTERNAL


# Review rows named one per line on the terminal; the report lists them all.
MAX_REVIEW_LINES = 20


def _build(raw: Path, out: Path, reports: Path, keep_going: bool, strict: bool) -> int:
    from pipeline.build import Status, build

    result = build(raw, out, reports, keep_going=keep_going, strict=strict)
    if result.report_path is None:
        print(f"unchanged: nothing in {raw}/ changed since the last build; {out}/ is as it was")
        return EXIT_OK
    for error in result.errors:
        print(f"error: {error.message()}", file=sys.stderr)
    counts = ", ".join(f"{n} {name}" for name, n in result.row_counts.items())
    read = f"{result.documents_read} document(s) read afresh, {result.new_units} new unit(s)"
    if result.status in (Status.PUBLISHED, Status.UNCHANGED):
        verb = "wrote" if result.status is Status.PUBLISHED else "unchanged:"
        print(f"{verb} {out}/ ({counts}); {read}; report: {result.report_path}")
        _print_review(result.review, result.report_path)
        return EXIT_OK
    if result.published:
        _print_review(result.review, result.report_path)
        print(
            f"wrote {out}/ without the refused files ({counts}); {read}; {len(result.errors)} problem(s); "
            f"rejects: {result.report_path.parent / 'rejects.tsv'}",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    print(
        f"build {result.status.value}: {len(result.errors)} problem(s); {out}/ unchanged; report: {result.report_path}",
        file=sys.stderr,
    )
    return EXIT_EXPECTATIONS if result.status is Status.FAILED_EXPECTATIONS else EXIT_REFUSED


def _print_review(review: tuple[tuple[str, ReviewRow], ...], report: Path) -> None:
    """How many cells need review and where: their tasks are in output/ without assignments."""
    if not review:
        return
    print(f"{len(review)} cell(s) need review (tasks kept without assignments; all listed in {report}):")
    for path, row in review[:MAX_REVIEW_LINES]:
        line = f" (line {row.line})" if row.line is not None else ""
        print(f"  review: {path}, table {row.table_no}, row {row.seq}{line} [{row.code}]: «{row.words}»")
    if len(review) > MAX_REVIEW_LINES:
        print(f"  … and {len(review) - MAX_REVIEW_LINES} more in the report")
