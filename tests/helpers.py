"""Shared test helpers: the reference input, golden files, and running the pipeline."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from normalizers.document import normalize
from parsers import format_of, parse
from pipeline.records import NormalizedDocument, Source

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


def run_build(raw: Path, out: Path, reports: Path, *flags: str) -> Run:
    """Run `python -m pipeline build` as a user would, in a child process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
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
