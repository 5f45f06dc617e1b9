"""Crash safety: a build killed at any point leaves the previous output complete and readable;
two builds at once do not corrupt each other."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.schemas import SCHEMAS
from pipeline.store import CRASH_AT_ENV
from tests.helpers import ROOT, build_command, reference_project, run_build, snapshot

SECOND = (
    "附件\n\n达州市另一项工作任务分工表\n\t序号\n\t重点任务\n\t责任单位\n\n"
    "\t1\n\t新任务。\n\t市民政局牵头，市财政局参加。\n"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built once from the reference; each test copies it."""
    root = tmp_path_factory.mktemp("built")
    assert reference_project(root).code == 0
    return root


def copy_project(built: Path, into: Path) -> Path:
    shutil.copytree(built / "raw", into / "raw")
    shutil.copytree(built / "output", into / "output")
    (into / "raw" / "second.txt").write_text(SECOND, encoding="utf-8")  # so the next build changes output/
    return into


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def readable_tables(out: Path) -> dict[str, int]:
    """Every table of output/ read in full with its schema; row counts by table."""
    counts = {}
    for name, schema in SCHEMAS.items():
        table = pq.read_table(out / name)
        assert table.schema.equals(schema, check_metadata=False)
        counts[name] = table.num_rows
    return counts


@pytest.mark.parametrize("point", ["staged-documents", "staged-tasks", "staged-units", "before-swap", "after-swap"])
def test_killed_while_publishing(built: Path, tmp_path: Path, point: str) -> None:
    """SIGKILL at each step of writing: output/ is the old set or the new set, complete, never a mix;
    the next build cleans up and succeeds."""
    root = copy_project(built, tmp_path)
    before = snapshot(root / "output")
    killed = subprocess.run(
        build_command(root),
        cwd=ROOT,
        env=environment(**{CRASH_AT_ENV: point}),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL
    after = snapshot(root / "output")
    counts = readable_tables(root / "output")
    if point == "after-swap":
        assert counts["documents"] == 2  # the new set, whole
    else:
        assert after == before  # the old set, untouched
    again = run_build(root / "raw", root / "output", root / "reports")
    assert again.code == 0, again.stderr
    assert readable_tables(root / "output")["documents"] == 2
    assert not (root / ".output.staging").exists()


def test_killed_at_random_moments(built: Path, tmp_path: Path) -> None:
    """SIGKILL after a spread of delays: whenever it lands, output/ stays complete and readable."""
    root = copy_project(built, tmp_path)
    old = snapshot(root / "output")
    for delay in (0.2, 0.8, 1.5, 2.5, 3.0, 3.5, 4.0, 5.0):
        child = subprocess.Popen(
            build_command(root), cwd=ROOT, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        counts = readable_tables(root / "output")
        assert snapshot(root / "output") == old or counts["documents"] == 2
        shutil.rmtree(root / "output")
        shutil.copytree(built / "output", root / "output")
        shutil.rmtree(root / ".cache", ignore_errors=True)


def test_two_builds_at_once(built: Path, tmp_path: Path) -> None:
    """Started together, one builds and the other is refused (exit 4) or waits its turn; output/ is whole."""
    root = copy_project(built, tmp_path)
    children = [
        subprocess.Popen(
            build_command(root), cwd=ROOT, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(child.wait(timeout=300), child.stderr.read() if child.stderr else "") for child in children]
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 4]), results
    if codes == [0, 4]:
        assert any("another build" in err for code, err in results if code == 4)
    assert readable_tables(root / "output")["documents"] == 2
