#!/usr/bin/env python3
"""Expand the hand-written reference_spec.txt into reference_assignments.tsv.

Only splits the spec format and expands the collective 各县（市、区）人民政府;
it never reads the raw source document.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC = HERE / "reference_spec.txt"
OUT = HERE / "reference_assignments.tsv"

COLLECTIVE = "各县（市、区）人民政府"
DAZHOU_COUNTIES = [
    "通川区人民政府",
    "达川区人民政府",
    "宣汉县人民政府",
    "开江县人民政府",
    "大竹县人民政府",
    "渠县人民政府",
    "万源市人民政府",
]
ROLES = {"lead", "participating", "responsible", "all_county"}
HEADER = ["table_no", "seq", "position", "unit_name", "role", "unit_kind", "expanded_from"]


def kind_of(name):
    if name == "有关部门（单位）":
        return "placeholder"
    if name == "各电力公司":
        return "group"
    if name.endswith("人民政府"):
        return "local_government"
    if name.endswith("管委会"):
        return "zone_committee"
    return "department"


def expand(spec_text):
    rows = []
    for lineno, line in enumerate(spec_text.splitlines(), 1):
        if not line.strip():
            continue
        key, _, body = line.partition("|")
        key = key.strip()
        if not key.startswith("T") or "." not in key:
            raise ValueError(f"line {lineno}: bad key {key!r}")
        table_no, seq = (int(x) for x in key[1:].split("."))
        pos = 0
        for group in body.split(";"):
            role, _, units = group.partition(":")
            role = role.strip()
            if role not in ROLES:
                raise ValueError(f"line {lineno}: bad role {role!r}")
            for unit in units.split(","):
                unit = unit.strip()
                if not unit:
                    raise ValueError(f"line {lineno}: empty unit")
                if unit == COLLECTIVE:
                    if role != "all_county":
                        raise ValueError(f"line {lineno}: collective outside all_county")
                    for county in DAZHOU_COUNTIES:
                        pos += 1
                        rows.append([table_no, seq, pos, county, role, "local_government", COLLECTIVE])
                else:
                    pos += 1
                    rows.append([table_no, seq, pos, unit, role, kind_of(unit), ""])
    return rows


def main():
    rows = expand(SPEC.read_text(encoding="utf-8"))
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(HEADER) + "\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    print(f"wrote {len(rows)} rows to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
