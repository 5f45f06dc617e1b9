"""Shared test helpers: the reference input, golden files, and running the pipeline."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from normalizers.document import normalize
from parsers import format_of, parse
from pipeline import cli
from pipeline.errors import ParseError
from pipeline.records import Grid, NormalizedDocument, Source

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "raw" / "000_34dc58af797259ab.txt"
GOLDEN = Path(__file__).resolve().parent / "golden"


def golden_rows(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated golden file, as strings."""
    with open(GOLDEN / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def normalize_bytes(data: bytes, path: str = "doc.txt") -> NormalizedDocument:
    """Parse and normalize one file's bytes, as the build does."""
    source = Source(path, hashlib.sha256(data).hexdigest(), format_of(path))
    return normalize(parse(source, data))


def parse_error(data: bytes, name: str) -> ParseError:
    """The refusal that reading one file's bytes ends in (the test fails if it is read)."""
    with pytest.raises(ParseError) as caught:
        normalize_bytes(data, name)
    return caught.value


@cache
def reference_grids() -> tuple[Grid, ...]:
    """The reference attachment's tables as the text parser reads them, to render in other formats."""
    data = REFERENCE.read_bytes()
    return parse(Source(REFERENCE.name, hashlib.sha256(data).hexdigest(), format_of(REFERENCE.name)), data).tables


def content(doc: NormalizedDocument) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """What must not depend on the format: tasks (sections aside) and assignments."""
    tasks = [(t.table_no, t.seq, t.task_text, t.units_text, t.deadline) for t in doc.tasks]
    rows = [
        (a.table_no, a.seq, a.position, a.unit.unit_id, a.unit_as_written, a.role, a.expanded_from)
        for a in doc.assignments
    ]
    return tasks, rows


@dataclass(frozen=True)
class Run:
    """A finished command-line run."""

    code: int
    stdout: str
    stderr: str


def build_command(root: Path, *flags: str) -> list[str]:
    """`python -m pipeline build` for a project folder holding raw/, output/ and reports/."""
    return build_command_for(root / "raw", root / "output", root / "reports", *flags)


def build_command_for(raw: Path, out: Path, reports: Path, *flags: str) -> list[str]:
    """`python -m pipeline build` with each folder named."""
    folders = ["--raw", str(raw), "--out", str(out), "--reports", str(reports)]
    return [sys.executable, "-m", "pipeline", "build", *folders, *flags]


def reference_project(root: Path) -> Run:
    """Make `root` a project whose raw/ holds the reference attachment, and build it."""
    (root / "raw").mkdir()
    shutil.copy(REFERENCE, root / "raw" / REFERENCE.name)
    return run_build(root / "raw", root / "output", root / "reports")


def run_build(raw: Path, out: Path, reports: Path, *flags: str, env: Mapping[str, str] | None = None) -> Run:
    """`python -m pipeline build` as a user runs it, from the command line down: in this process, its
    libraries loaded once per test worker and documents read here (`--executor serial`, unless the
    flags choose another); with `env` (variables to change), in a child process of its own."""
    if env:
        return run_build_child(raw, out, reports, *flags, env=env)
    folders = ["--raw", str(raw), "--out", str(out), "--reports", str(reports)]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(["build", *folders, "--executor", "serial", *flags])
    return Run(code, stdout.getvalue(), stderr.getvalue())


def run_build_child(raw: Path, out: Path, reports: Path, *flags: str, env: Mapping[str, str] | None = None) -> Run:
    """`python -m pipeline build` in a child process, as a user starts it (`env`: variables to change)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    done = subprocess.run(
        build_command_for(raw, out, reports, *flags),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to prove it unchanged."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
