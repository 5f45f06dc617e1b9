"""Re-ingestion: manifest, analysts' aliases, conventions, incremental builds, keep-going."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.errors import Code, ParseError
from tests.helpers import REFERENCE, Run, normalize_bytes, run_build, snapshot


def attachment(title: str, cells: list[str], note: str = "") -> str:
    rows = "".join(f"\t{n}\n\t第{n}项任务。\n\t{cell}\n\n" for n, cell in enumerate(cells, start=1))
    return f"附件\n\n{title}\n{note}\n\t序号\n\t重点任务\n\t责任单位\n\n{rows}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose raw/ holds the reference attachment."""
    (tmp_path / "raw").mkdir()
    shutil.copy(REFERENCE, tmp_path / "raw" / REFERENCE.name)
    return tmp_path


def build(root: Path, *flags: str) -> Run:
    """Build the project as a user would."""
    return run_build(root / "raw", root / "output", root / "reports", *flags)


def test_first_listed_convention_stated_in_the_document() -> None:
    """列第一位的为牵头单位: in a plain list the first unit leads, the others are responsible."""
    text = attachment(
        "达州市某任务分工表",
        ["市民政局、市财政局、市教育局", "市教育局牵头，市财政局配合"],
        note="注：责任单位中列第一位的为牵头单位。",
    )
    doc = normalize_bytes(text.encode())
    roles = [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments]
    assert roles == [
        (1, "市民政局", "lead"),
        (1, "市财政局", "responsible"),
        (1, "市教育局", "responsible"),
        (2, "市教育局", "lead"),
        (2, "市财政局", "participating"),
    ]


def test_first_listed_statement_written_into_a_cell() -> None:
    """县发改局（首位单位为牵头单位，下同） (海盐, held-back round 19; 福清, round 24): the statement is the
    document's note, not a unit: the cell is read without it, and the convention holds in every
    cell, also in a list closed by 负责; a cell that names its lead is read by its words."""
    text = attachment(
        "达州市某任务分工表",
        [
            "市发改委（首位单位为牵头单位，下同）、市财政局",
            "市民政局、市财政局负责。列第一位的为牵头部门，下同",
            "市教育局、市财政局、各县（市、区）人民政府负责",
            "市教育局牵头，市财政局配合",
        ],
    )
    doc = normalize_bytes(text.encode())
    assert doc.review == ()
    roles = [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments if not a.expanded_from]
    assert roles == [
        (1, "市发展改革委", "lead"),
        (1, "市财政局", "responsible"),
        (2, "市民政局", "lead"),
        (2, "市财政局", "responsible"),
        (3, "市教育局", "lead"),
        (3, "市财政局", "responsible"),
        (4, "市教育局", "lead"),
        (4, "市财政局", "participating"),
    ]
    assert doc.tasks[0].units_text == "市发改委（首位单位为牵头单位，下同）、市财政局"


def test_wrapped_cell_in_a_text_file_is_joined() -> None:
    """A responsibility cell wrapped onto two lines is one cell."""
    text = attachment("达州市某任务分工表", ["市民政局、市财政局、\n\t市教育局负责。"])
    doc = normalize_bytes(text.encode())
    assert doc.tasks[0].units_text == "市民政局、市财政局、市教育局负责。"
    assert len(doc.assignments) == 3


def test_wrap_that_cannot_be_told_is_refused() -> None:
    """Two lines that might each run on, one surplus line: refused with the line, not guessed."""
    text = "附件\n\n达州市某任务分工表\n\t序号\n\t重点任务\n\t责任单位\n\n\t1\n\t任务甲\n\t任务乙\n\t市民政局负责\n"
    with pytest.raises(ParseError) as caught:
        normalize_bytes(text.encode(), "wrap.txt")
    assert caught.value.code is Code.BAD_ROW and caught.value.location.line == 8  # type: ignore[union-attr]


def test_municipality_expands_all_its_districts_and_counties() -> None:
    """重庆市 is province-level: 市 names are its own, 各区县政府 lists its 38 districts and counties."""
    doc = normalize_bytes(attachment("重庆市某工作任务分工表", ["市发展改革委牵头；各区县政府负责。"]).encode())
    assert doc.jurisdiction is not None and doc.jurisdiction.adcode == "500000"
    expanded = [a for a in doc.assignments if a.expanded_from]
    assert len(expanded) == 38 and expanded[0].unit.unit_name == "万州区人民政府"
    assert {"江北区人民政府", "渝北区人民政府"} <= {a.unit.unit_name for a in expanded}


def test_an_unlisted_alternative_is_one_group_row_after_the_divisions() -> None:
    """成都市's 各区（市）县政府（管委会）: its 20 districts, counties and cities, then the zones'
    committees, which no list names, as one group row; nothing of the cell is dropped."""
    cell = "市发改委牵头，各区（市）县政府（管委会）负责。"
    doc = normalize_bytes(attachment("成都市某工作任务分工表", [cell]).encode())
    rows = [a for a in doc.assignments if a.unit_as_written == "各区（市）县政府（管委会）"]
    assert len(rows) == 21 and rows[0].unit.unit_name == "锦江区人民政府"
    assert [a.expanded_from for a in rows[:20]] == ["各区（市）县政府（管委会）"] * 20
    assert (rows[-1].unit.unit_name, rows[-1].unit.unit_kind.value, rows[-1].role.value, rows[-1].expanded_from) == (
        "各管委会",
        "group",
        "all_county",
        None,
    )
    assert rows[-1].unit.full_name == "成都市各管委会"


def test_province_expands_prefectures_and_the_next_tier_down() -> None:
    """四川省: 各市（州）人民政府 → 21 prefecture-level governments; 地方各级人民政府 → the next tier down,
    the same 21, with expanded_from keeping the words."""
    doc = normalize_bytes(
        attachment(
            "四川省某工作任务分工表",
            ["省发展改革委牵头，省财政厅参加；各市（州）人民政府负责。", "地方各级人民政府负责。"],
        ).encode()
    )
    assert doc.jurisdiction is not None and doc.jurisdiction.name == "四川省"
    first = [a for a in doc.assignments if a.seq == 1 and a.expanded_from]
    assert len(first) == 21 and first[0].unit.unit_name == "成都市人民政府"
    second = [a for a in doc.assignments if a.seq == 2]
    assert [a.unit for a in second] == [a.unit for a in first]
    assert {(a.expanded_from, a.role.value) for a in second} == {("地方各级人民政府", "all_county")}


def test_manifest_sets_jurisdiction(project: Path) -> None:
    """A file that names no place builds once the manifest says where it is from."""
    (project / "raw" / "无地名.txt").write_text(
        attachment("某工作任务分工表", ["市民政局牵头；各县（市、区）人民政府负责。"])
    )
    refused = build(project)
    assert refused.code == 1 and "无地名.txt" in refused.stderr and "raw/manifest.toml" in refused.stderr
    (project / "raw" / "manifest.toml").write_text('["无地名.txt"]\njurisdiction = "南充市"\n', encoding="utf-8")
    built = build(project)
    assert built.code == 0, built.stderr
    units = pq.read_table(project / "output" / "assignments").to_pylist()
    assert "顺庆区人民政府" in {u["unit_name"] for u in units}


def test_manifest_errors_name_the_entry(project: Path) -> None:
    """An unknown setting or a jurisdiction the gazetteer lacks is refused with the entry named."""
    manifest = project / "raw" / "manifest.toml"
    manifest.write_text(f'["{REFERENCE.name}"]\njurisdiction = "不存在市"\n', encoding="utf-8")
    run = build(project)
    assert run.code == 1 and "manifest.toml" in run.stderr and "不存在市" in run.stderr
    manifest.write_text(f'["{REFERENCE.name}"]\ncity = "达州市"\n', encoding="utf-8")
    assert "unknown setting" in build(project).stderr


def test_analysts_alias_file(project: Path) -> None:
    """raw/aliases.tsv teaches a variant without code; its unit resolves to the canonical id."""
    (project / "raw" / "新.txt").write_text(attachment("达州市某工作任务分工表", ["市卫健局负责。"]))
    assert build(project).code == 0
    names = set(pq.read_table(project / "output" / "units")["unit_name"].to_pylist())
    assert "市卫生健康局" in names  # the built-in 卫健局 → 卫生健康局 row
    (project / "raw" / "aliases.tsv").write_text("alias\tcanonical\n卫生健康局\t卫生健康委\n", encoding="utf-8")
    assert build(project).code == 0
    units = pq.read_table(project / "output" / "units").to_pylist()
    [health] = [u for u in units if u["unit_name"] == "市卫生健康委"]
    assert "市卫健局" in health["aliases"] and "市卫生健康局" not in {u["unit_name"] for u in units}


def test_incremental_build_reads_only_the_new_file(project: Path) -> None:
    """Adding a file re-reads that file only; nothing changed returns without building."""
    assert "1 document(s) read afresh" in build(project).stdout
    (project / "raw" / "more").mkdir()
    (project / "raw" / "more" / "新.txt").write_text(attachment("达州市某工作任务分工表", ["市文明办负责。"]))
    second = build(project)
    assert second.code == 0 and "1 document(s) read afresh, 1 new unit(s)" in second.stdout
    report = json.loads((project / "reports" / "build-report.json").read_text(encoding="utf-8"))
    assert [u["unit_name"] for u in report["new_units"]] == ["市文明办"]
    before = snapshot(project / "output")
    third = build(project)
    assert third.code == 0 and "nothing in" in third.stdout
    assert snapshot(project / "output") == before


def test_full_rebuild_without_cache_is_identical(project: Path) -> None:
    """With the cache and stamp deleted, the rebuilt tables are byte-identical."""
    assert build(project).code == 0
    before = snapshot(project / "output")
    shutil.rmtree(project / ".cache")
    run = build(project)
    assert run.code == 0 and "unchanged:" in run.stdout and "1 document(s) read afresh" in run.stdout
    assert snapshot(project / "output") == before


def test_keep_going_builds_the_good_and_lists_the_refused(project: Path) -> None:
    """Good documents are built (a cell to review does not refuse one), refused ones listed with
    reasons, and the exit code says so."""
    (project / "raw" / "坏.txt").write_text(attachment("达州市某工作任务分工表", ["市民政局督办"]))
    (project / "raw" / "缺号.txt").write_text(
        attachment("达州市某工作任务分工表", ["市民政局负责。"]).replace("\t1\n", "\t2\n")
    )
    run = build(project, "--keep-going")
    assert run.code == 1 and "without the refused files" in run.stderr
    assert "review: 坏.txt, table 1, row 1" in run.stdout
    assert pq.read_table(project / "output" / "documents").num_rows == 2
    rejects = (project / "reports" / "rejects.tsv").read_text(encoding="utf-8").splitlines()
    assert rejects[0] == "path\tcode\tmessage"
    assert {line.split("\t")[0] for line in rejects[1:]} == {"缺号.txt"}
    assert {line.split("\t")[1] for line in rejects[1:]} == {"expectation"}


def test_keep_going_leaves_out_every_failing_document(project: Path) -> None:
    """Seven documents each missing a row: all seven are left out in one build, the rest written."""
    for n in range(7):
        text = attachment(f"达州市第{n}项工作任务分工表", ["市民政局负责。", "市财政局负责。"]).replace(
            "\t1\n", "\t3\n"
        )
        (project / "raw" / f"缺号{n}.txt").write_text(text)
    run = build(project, "--keep-going")
    assert run.code == 1, run.stderr
    assert pq.read_table(project / "output" / "documents").num_rows == 1
    rejects = (project / "reports" / "rejects.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert {line.split("\t")[0] for line in rejects} == {f"缺号{n}.txt" for n in range(7)}


def test_alias_row_that_makes_no_unit_goes_to_review(project: Path) -> None:
    """An analyst's alias that turns a unit into a non-name sends its cells to review, naming the
    alias; the rest is built."""
    (project / "raw" / "aliases.tsv").write_text("alias\tcanonical\n妇联\t妇联督办\n", encoding="utf-8")
    run = build(project)
    assert run.code == 0 and "Traceback" not in run.stderr + run.stdout
    review = pq.read_table(project / "output" / "review").to_pylist()
    assert review and all("resolves through the alias table to «市妇联督办»" in r["message"] for r in review)


def test_levels_of_government_named_by_prefix() -> None:
    """In a city's document 市政府 is the city's, 省政府 its province's; 县政府 names no one county and
    goes to review, never into a made-up unit."""
    doc = normalize_bytes(attachment("达州市某工作任务分工表", ["省政府、市政府负责。", "县政府负责。"]).encode())
    got = [(a.unit.unit_name, a.unit.adcode) for a in doc.assignments]
    assert got == [("四川省人民政府", "510000"), ("达州市人民政府", "511700")]
    assert [(r.seq, r.code) for r in doc.review] == [(2, "unplaced")]


def test_titles_and_headers_lose_inner_white_space() -> None:
    """Text cells keep their characters, without white space: titles and headers too."""
    text = attachment("达州市  某项工作\u3000任务分工表", ["市民政局负责。"]).replace("\t重点任务", "\t重点 任务")
    doc = normalize_bytes(text.encode())
    assert doc.tables[0].title == "达州市某项工作任务分工表"
    assert doc.tables[0].header == ("序号", "重点任务", "责任单位")
