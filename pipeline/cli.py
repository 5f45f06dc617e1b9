"""The command line: `python -m pipeline <command>`. One sentence per problem, never a traceback.

    build     build output/ from every attachment in raw/ (and output/report.html)
    validate  run the data-quality expectations on output/ as it is
    report    write output/report.html again from output/ and the last build report
    explain   show how one row's responsibility cell was read, rule by rule (FILE:ROW)
    export    write output/'s tables as an Excel workbook and CSV files

Exit codes (the same for every command):
  0  done (build: output/ replaced, or already identical; cells to review included)
  1  input refused: a file could not be read under the contract (output/ untouched; with
     --keep-going, output/ holds the documents that could be read and reports/rejects.tsv the rest)
  2  usage error (bad arguments, no raw/ or output/ folder)
  3  a data-quality expectation failed (output/ untouched)
  4  another build is running on the same output
  70 internal error (a bug): the traceback is saved in the reports folder, not printed
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from pipeline.build import Options
from pipeline.errors import BusyError, PipelineError
from pipeline.records import ReviewRow

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_EXPECTATIONS, EXIT_BUSY, EXIT_INTERNAL = 0, 1, 2, 3, 4, 70

# Review rows named one per line on the terminal; the report lists them all.
MAX_REVIEW_LINES = 20

# Builds that read at least this many documents show a progress bar (on a terminal only).
PROGRESS_FROM = 20


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the exit code."""
    args = _parser().parse_args(argv)
    reports: Path = getattr(args, "reports", Path("reports"))
    try:
        return int(args.run(args))
    except BusyError as error:
        print(f"error: {error.message()}", file=sys.stderr)
        return EXIT_BUSY
    except PipelineError as error:
        print(f"error: {error.message()}", file=sys.stderr)
        return EXIT_REFUSED
    except Exception:  # a bug, not bad input: keep the details, show one line
        reports.mkdir(parents=True, exist_ok=True)
        crash = reports / "crash.log"
        crash.write_text(traceback.format_exc(), encoding="utf-8")
        print(
            f"internal error: the command stopped on a bug; output/ is unchanged; details in {crash}", file=sys.stderr
        )
        return EXIT_INTERNAL


def run() -> NoReturn:
    """`python -m pipeline` and the `taskdiv` command: run `main`, then end the process at once.

    By then everything is written, closed and flushed; the interpreter's own teardown would spend
    most of a second finalizing the libraries' objects (great-expectations, pandas) for nothing, a
    sixth of a cold build."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a reader that went away (… | head) loses only the rest
            stream.flush()
    os._exit(code)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Task division tables (任务分工表) into validated Parquet tables, a report page and an export.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build output/ from every attachment in raw/")
    _folders(build, raw=True)
    build.add_argument(
        "--keep-going",
        action="store_true",
        help="build the documents that can be read; list the refused ones in reports/rejects.tsv (exit code 1)",
    )
    build.add_argument(
        "--strict",
        action="store_true",
        help="refuse a file with any cell to review, or with no task table (by default: review rows, exit 0)",
    )
    build.add_argument(
        "--executor",
        choices=("local", "serial", "dask"),
        default="local",
        help="where documents are read: a process per core (local, the default), this process (serial), "
        "or a Dask cluster (dask)",
    )
    build.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --executor dask: the scheduler's address (default: a local cluster)",
    )
    build.add_argument("--workers", type=int, metavar="N", help="worker processes (default: one per core)")
    build.set_defaults(run=_build)

    validate = commands.add_parser("validate", help="run the data-quality expectations on output/ as it is")
    _folders(validate)
    validate.set_defaults(run=_validate)

    report = commands.add_parser("report", help="write output/report.html again from output/ and the last build report")
    _folders(report)
    report.set_defaults(run=_report)

    explain = commands.add_parser("explain", help="show how one row's responsibility cell was read, rule by rule")
    explain.add_argument("target", metavar="FILE:ROW", help="a file under raw/ and a 序号 (4) or table.序号 (2.4)")
    explain.add_argument("--raw", type=Path, default=Path("raw"), help="folder of attachments (default raw)")
    explain.set_defaults(run=_explain)

    export = commands.add_parser("export", help="write output/'s tables as an Excel workbook and CSV files")
    _folders(export)
    export.add_argument("--to", type=Path, default=Path("exports"), help="folder to write into (default exports)")
    export.set_defaults(run=_export)
    return parser


def _folders(command: argparse.ArgumentParser, *, raw: bool = False) -> None:
    if raw:
        command.add_argument("--raw", type=Path, default=Path("raw"), help="folder of attachments (default raw)")
    command.add_argument("--out", type=Path, default=Path("output"), help="folder of tables (default output)")
    command.add_argument("--reports", type=Path, default=Path("reports"), help="folder for reports (default reports)")


def _build(args: argparse.Namespace) -> int:
    from pipeline.build import Status, build

    if not args.raw.is_dir():
        print(f"error: {args.raw}/ is not a folder of attachments", file=sys.stderr)
        return EXIT_USAGE
    with _progress() as progress:
        options = Options(
            args.keep_going,
            args.strict,
            executor=args.executor,
            address=args.scheduler,
            workers=args.workers,
            progress=progress,
        )
        result = build(args.raw, args.out, args.reports, options=options)
    out = args.out
    if result.report_path is None:
        print(f"unchanged: nothing in {args.raw}/ changed since the last build; {out}/ is as it was")
        return EXIT_OK
    for error in result.errors:
        print(f"error: {error.message()}", file=sys.stderr)
    counts = ", ".join(f"{n} {name}" for name, n in result.row_counts.items())
    read = f"{result.documents_read} document(s) read afresh, {result.new_units} new unit(s)"
    if result.status in (Status.PUBLISHED, Status.UNCHANGED):
        verb = "wrote" if result.status is Status.PUBLISHED else "unchanged:"
        print(f"{verb} {out}/ ({counts}); {read}; report: {result.report_path}")
        _print_review(result.review, result.report_path)
        _print_summary(result, out)
        return EXIT_OK
    if result.published:
        _print_review(result.review, result.report_path)
        print(
            f"{result.status.value}: wrote {out}/ without the refused files ({counts}); {read}; "
            f"{len(result.errors)} problem(s); rejects: {result.report_path.parent / 'rejects.tsv'}",
            file=sys.stderr,
        )
        _print_summary(result, out)
        return EXIT_REFUSED
    print(
        f"{result.status.value}: {len(result.errors)} problem(s); {out}/ unchanged; report: {result.report_path}",
        file=sys.stderr,
    )
    return EXIT_EXPECTATIONS if result.status is Status.FAILED_EXPECTATIONS else EXIT_REFUSED


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar for builds of many documents, shown only on a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("reading documents"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True
    )
    task = None

    def advance(done: int, total: int) -> None:
        nonlocal task
        if total < PROGRESS_FROM:
            return
        if task is None:
            bar.start()
            task = bar.add_task("reading", total=total)
        bar.update(task, completed=done)

    try:
        yield advance
    finally:
        if task is not None:
            bar.stop()


def _print_summary(result: object, out: Path) -> None:
    """One screen: documents, tasks, assignments by role, review rows, targets, links, time."""
    counts: dict[str, int] = getattr(result, "row_counts", {})
    roles: dict[str, int] = getattr(result, "roles", {})
    by_role = ", ".join(f"{n} {role}" for role, n in roles.items())
    print(
        f"  {counts.get('documents', 0)} documents, {counts.get('tasks', 0)} tasks, "
        f"{counts.get('assignments', 0)} assignments ({by_role}), {len(getattr(result, 'review', ()))} cells to "
        f"review, {counts.get('targets', 0)} targets, {counts.get('links', 0)} links; "
        f"{getattr(result, 'seconds', 0.0):.1f} s; open {out}/report.html"
    )


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


def _output(args: argparse.Namespace) -> Path | None:
    if not (args.out / "documents").is_dir():
        print(f"error: {args.out}/ holds no tables yet: run `python -m pipeline build` first", file=sys.stderr)
        return None
    return Path(args.out)


def _validate(args: argparse.Namespace) -> int:
    from pipeline.checks import check_output

    out = _output(args)
    if out is None:
        return EXIT_USAGE
    validation = check_output(out)
    for outcome in validation.outcomes:
        mark = "pass" if outcome.success else "FAIL"
        print(f"{mark}  {outcome.suite}: {outcome.rule} ({outcome.element_count} rows, {outcome.unexpected_count} not)")
    for error in validation.errors:
        print(f"error: {error.message()}", file=sys.stderr)
    return EXIT_OK if validation.success else EXIT_EXPECTATIONS


def _report(args: argparse.Namespace) -> int:
    from pipeline.checks import write_page_again

    out = _output(args)
    if out is None:
        return EXIT_USAGE
    print(f"wrote {write_page_again(out, args.reports)}")
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from pipeline.explain import explain

    for line in explain(args.target, args.raw):
        print(line)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from analysis.export import export

    out = _output(args)
    if out is None:
        return EXIT_USAGE
    done = export(out, args.to)
    rows = ", ".join(f"{n} {name}" for name, n in done.rows.items())
    print(f"wrote {done.workbook} and {done.csv_folder}/ ({rows})")
    return EXIT_OK
