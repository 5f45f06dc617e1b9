"""Issue 9, end to end: what analysts open around the tables — the report page (in a real browser,
offline), the targets, topics and links in the output, `explain`, near copies and `supersedes`, the
Excel and CSV export, one vocabulary for how a build ended."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.helpers import REFERENCE, ROOT, Run, reference_project, run_build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium's own background requests (account and time checks), made whatever page is open: not the page's.
BROWSER_OWN = r"https?://([a-z0-9-]+\.)*(google\.com|googleapis\.com|gstatic\.com)/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """A project whose raw/ holds the reference attachment, built once."""
    root = tmp_path_factory.mktemp("analysis")
    return root, reference_project(root)


def pipeline(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def golden(name: str) -> list[dict[str, str]]:
    lines = (ROOT / "tests" / "golden" / name).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader([line for line in lines if not line.startswith("#")], delimiter="\t"))


def test_targets_topics_and_links_are_tables(built: tuple[Path, Run]) -> None:
    """The build writes the reference's 21 targets, a topic for each of its 70 tasks and its 18 links,
    each as the hand-read goldens say."""
    root, run = built
    assert run.code == 0, run.stderr
    targets = pq.read_table(root / "output" / "targets").to_pylist()
    want = {(int(r["table_no"]), int(r["seq"]), r["span"]) for r in golden("reference_targets.tsv")}
    assert {(t["table_no"], t["seq"], t["span"]) for t in targets} == want and len(targets) == 21
    terms = pq.read_table(root / "output" / "task_terms").to_pylist()
    topics = {(int(r["table_no"]), int(r["seq"])): r["topic"] for r in golden("reference_topics.tsv")}
    assert {(t["table_no"], t["seq"]): t["topic"] for t in terms} == topics
    links = pq.read_table(root / "output" / "links").to_pylist()
    want_links = {(int(r["from_seq"]), int(r["to_seq"])) for r in golden("reference_links.tsv")}
    assert {(link["from_seq"], link["to_seq"]) for link in links} == want_links and len(links) == 18


def test_summary_on_one_screen(built: tuple[Path, Run]) -> None:
    """The build ends with documents, tasks, assignments by role, review rows and time; no progress
    bar when the output is not a terminal."""
    _, run = built
    assert (
        "1 documents, 70 tasks, 838 assignments (42 lead, 92 participating, 164 responsible, 540 all_county)"
        in run.stdout
    )
    assert "0 cells to review, 21 targets, 18 links" in run.stdout
    assert "\x1b[" not in run.stdout + run.stderr


def test_explain_a_row(built: tuple[Path, Run]) -> None:
    """`explain FILE:ROW` prints each unit, its role and the rule that gave it."""
    root, _ = built
    done = pipeline("explain", "--raw", str(root / "raw"), f"{REFERENCE.name}:1.4")
    assert done.returncode == 0, done.stderr
    said = done.stdout
    assert "closed by «牵头» → lead" in said and "closed by «参加» → participating" in said
    assert "«各县（市、区）人民政府»: a collective; from it to the clause's end every unit is all_county" in said
    assert "«市卫生健康委» read as «市卫生健康委» → lead" in said and "full name «达州市卫生健康委»" in said
    assert "3  通川区人民政府  all_county" in said


def test_explain_a_measure_of_a_notice(tmp_path: Path) -> None:
    """A notice's measures are a table of their own (held-back round 19's 海盐): `explain` finds their
    rows as the build numbers them, and says that the cell's first-listed statement is a note."""
    notice = ROOT / "tests" / "corpus" / "heldback19" / "r19b_haiyan_zhejiang.html"
    shutil.copy(notice, tmp_path / notice.name)
    done = pipeline("explain", "--raw", str(tmp_path), f"{notice.name}:1")
    assert done.returncode == 0, done.stderr
    assert "a note, read as the convention" in done.stdout
    assert "«县发改局» read as «县发改局» → lead" in done.stdout


def test_help_lists_the_commands() -> None:
    done = pipeline("--help")
    assert done.returncode == 0
    assert all(command in done.stdout for command in ("build", "validate", "report", "explain", "export"))


def test_validate_and_report_on_the_published_output(built: tuple[Path, Run]) -> None:
    """`validate` runs the expectations on output/ as it is; `report` writes the page again."""
    root, _ = built
    done = pipeline("validate", "--out", str(root / "output"), "--reports", str(root / "reports"))
    assert done.returncode == 0 and "FAIL" not in done.stdout and "pass  links:" in done.stdout
    page = root / "output" / "report.html"
    page.unlink()
    done = pipeline("report", "--out", str(root / "output"), "--reports", str(root / "reports"))
    assert done.returncode == 0 and page.is_file()


def test_export_reads_back(built: tuple[Path, Run], tmp_path: Path) -> None:
    """One workbook with a sheet per table, and CSV files with a byte-order mark, every row of each."""
    from openpyxl import load_workbook

    root, _ = built
    done = pipeline("export", "--out", str(root / "output"), "--to", str(tmp_path))
    assert done.returncode == 0, done.stderr
    book = load_workbook(tmp_path / "tables.xlsx", read_only=True)
    for name in ("documents", "tables", "tasks", "assignments", "units", "review", "targets", "task_terms", "links"):
        rows = pq.read_table(root / "output" / name).num_rows
        assert sum(1 for _ in book[name].iter_rows()) == rows + 1, name
        data = (tmp_path / "csv" / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert len(list(csv.reader(data.decode("utf-8-sig").splitlines()))) == rows + 1


def reissued(task_text_change: str) -> str:
    """The reference with one task's text changed, as a corrected re-issue would be."""
    text = REFERENCE.read_text(encoding="utf-8")
    old = "加快推进老年人居家适老化改造"
    assert old in text
    return text.replace(old, task_text_change, 1)


def test_near_copy_is_flagged_and_supersedes_keeps_the_newer(tmp_path: Path) -> None:
    """The reference and a re-issue with one task changed: flagged as a pair with their share of rows in
    common; with `supersedes` in the manifest only the newer one is in the tables."""
    raw = tmp_path / "raw"
    (raw / "2022").mkdir(parents=True)
    shutil.copy(REFERENCE, raw / "2022" / "原件.txt")
    (raw / "2022" / "更正版.txt").write_text(reissued("全面推进老年人居家适老化改造"), encoding="utf-8")
    run = run_build(raw, tmp_path / "output", tmp_path / "reports")
    assert run.code == 0, run.stderr
    report = json.loads((tmp_path / "reports" / "build-report.json").read_text(encoding="utf-8"))
    [pair] = report["near_duplicates"]
    assert {pair["path"], pair["other"]} == {"2022/原件.txt", "2022/更正版.txt"}
    assert 0.95 < pair["share"] < 1 and pair["counted"] == "both"
    assert pq.read_table(tmp_path / "output" / "documents").num_rows == 2
    (raw / "manifest.toml").write_text('["2022/更正版.txt"]\nsupersedes = "2022/原件.txt"\n', encoding="utf-8")
    run = run_build(raw, tmp_path / "output", tmp_path / "reports")
    assert run.code == 0, run.stderr
    documents = pq.read_table(tmp_path / "output" / "documents").to_pylist()
    assert [d["source_path"] for d in documents] == ["2022/更正版.txt"]
    report = json.loads((tmp_path / "reports" / "build-report.json").read_text(encoding="utf-8"))
    old = next(f for f in report["files"] if f["path"] == "2022/原件.txt")
    assert old["status"] == "superseded"


def test_one_vocabulary_for_how_a_build_ended(built: tuple[Path, Run], tmp_path: Path) -> None:
    """A keep-going build that published is `partly-published` on the terminal and in the report, not
    `refused`; a report whose tables are empty says why."""
    root, _ = built
    raw = tmp_path / "raw"
    shutil.copytree(root / "raw", raw)
    (raw / "空.docx").write_bytes(b"not a zip")
    run = run_build(raw, tmp_path / "output", tmp_path / "reports", "--keep-going")
    assert run.code == 1 and run.stderr.strip().splitlines()[-1].startswith("partly-published: wrote")
    report = json.loads((tmp_path / "reports" / "build-report.json").read_text(encoding="utf-8"))
    assert report["status"] == "partly-published"
    empty = tmp_path / "empty"
    (empty / "raw").mkdir(parents=True)
    (empty / "raw" / "通知.txt").write_text("关于某项工作的通知\n\n各县（市、区）人民政府：\n", encoding="utf-8")
    run = run_build(empty / "raw", empty / "output", empty / "reports")
    report = json.loads((empty / "reports" / "build-report.json").read_text(encoding="utf-8"))
    assert run.code == 0 and report["why_empty"].startswith("No tables: no file in raw/ holds a task table")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (Debian: apt-get install chromium fonts-noto-cjk)")
def test_report_page_renders_offline_in_chromium(built: tuple[Path, Run], tmp_path: Path) -> None:
    """output/report.html in headless Chromium with every network request blocked: the charts render
    (plotly draws its SVG), no request leaves the page, and a screenshot is saved."""
    root, _ = built
    page = root / "output" / "report.html"
    html = page.read_text(encoding="utf-8")
    assert "<script src=" not in html and "<link " not in html  # nothing to fetch: all inline
    common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--proxy-server=127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=8000",
    ]
    net_log = tmp_path / "net.json"
    dom = subprocess.run(
        [CHROMIUM, *common, f"--log-net-log={net_log}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert dom.count('class="main-svg"') >= 4, "each chart drew its SVG"
    assert "Tasks per unit, by role" in dom and "Who is responsible for what" in dom
    urls = set(re.findall(r'"url":"(https?://[^"]+)"', net_log.read_text(encoding="utf-8")))
    fetched = {url for url in urls if not re.match(BROWSER_OWN, url)}
    assert not fetched, sorted(fetched)[:3]
    shot = ROOT / "reports" / "report-page.png"
    shot.parent.mkdir(exist_ok=True)
    subprocess.run(
        [CHROMIUM, *common, "--window-size=1400,3000", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert shot.is_file() and shot.stat().st_size > 50_000


def test_page_counts_add_up_over_parts(tmp_path: Path) -> None:
    """The page reads the output one part at a time; what it counts equals counting the whole tables."""
    from collections import Counter

    from analysis.gather import MAX_TASKS_DRAWN, gather
    from tests.synthetic import attachment, reference_grids

    (tmp_path / "raw").mkdir()
    shutil.copy(REFERENCE, tmp_path / "raw" / REFERENCE.name)
    assert run_build(tmp_path / "raw", tmp_path / "output", tmp_path / "reports").code == 0
    (tmp_path / "raw" / "copy.txt").write_bytes(attachment(reference_grids(), 1, ".txt"))
    assert run_build(tmp_path / "raw", tmp_path / "output", tmp_path / "reports").code == 0
    out = tmp_path / "output"
    assert len(list((out / "tasks").glob("*.parquet"))) == 2

    drawn = gather(out)
    assignments = pq.read_table(out / "assignments", columns=["task_id", "full_name", "role"]).to_pylist()
    assert drawn.roles == Counter(a["role"] for a in assignments)
    assert drawn.unit_tasks == Counter(unit for unit, _ in {(a["full_name"], a["task_id"]) for a in assignments})
    by_role = {(a["full_name"], a["role"], a["task_id"]) for a in assignments}
    assert drawn.unit_role_tasks == Counter((unit, role) for unit, role, _ in by_role)
    tasks = pq.read_table(out / "tasks", columns=["task_id"])["task_id"].to_pylist()
    assert [t.task_id for t in drawn.matrix_tasks] == tasks[:MAX_TASKS_DRAWN]
    assert len(drawn.terms) == len(tasks) == 140
