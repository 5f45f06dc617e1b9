"""Build each corpus document alone and compare the pipeline's output with its golden files.

    .venv/bin/python tests/corpus/check.py                 # every document here
    .venv/bin/python tests/corpus/check.py yibin_messy     # one (by stem)

For each document: copies it into a fresh raw/ folder, runs
`python -m pipeline build --raw … --out … --reports …` from the repository root, then compares
output/assignments.parquet with <stem>.expected.tsv (row by row, in key order) and the section and
deadline of output/tasks.parquet and the document's jurisdiction with <stem>.spec.txt (its first line,
`# <file> — <jurisdiction> (<adcode>)`). Prints one verdict per document and the
first differing row; exits 1 if any document does not match. It changes nothing in the repository.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DOCUMENT_SUFFIXES = (".txt", ".docx", ".html", ".htm")
COLUMNS = ("table_no", "seq", "position", "unit_name", "role", "unit_kind", "expanded_from")

sys.path.insert(0, str(HERE))
from expand import read_spec  # noqa: E402


def documents(stems: list[str]) -> list[Path]:
    found = sorted(
        p
        for p in HERE.iterdir()
        if p.suffix in DOCUMENT_SUFFIXES and not p.name.endswith(".spec.txt") and (HERE / f"{p.stem}.spec.txt").exists()
    )
    return [p for p in found if not stems or p.stem in stems]


def expected_rows(stem: str) -> list[tuple[str, ...]]:
    with (HERE / f"{stem}.expected.tsv").open(encoding="utf-8", newline="") as handle:
        return [tuple(row[c] for c in COLUMNS) for row in csv.DictReader(handle, delimiter="\t")]


def check(document: Path) -> bool:
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        shutil.copy(document, raw / document.name)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipeline",
                "build",
                "--raw",
                str(raw),
                "--out",
                f"{tmp}/out",
                "--reports",
                f"{tmp}/rep",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=600,
        )
        if done.returncode != 0:
            message = (done.stderr.strip() or done.stdout.strip()).splitlines()
            print(f"{document.name}: BUILD FAILED (exit {done.returncode})")
            for line in message[-3:]:
                print(f"    {line}")
            return False
        table = pq.read_table(f"{tmp}/out/assignments.parquet").to_pylist()
        tasks = pq.read_table(f"{tmp}/out/tasks.parquet").to_pylist()
        doc = pq.read_table(f"{tmp}/out/documents.parquet").to_pylist()[0]
    got = sorted(
        (tuple(str(r[c]) for c in COLUMNS[:3]) + tuple(r[c] or "" for c in COLUMNS[3:]) for r in table),
        key=lambda r: (int(r[0]), int(r[1]), int(r[2])),
    )
    want = expected_rows(document.stem)
    ok = True
    for index, (g, w) in enumerate(zip(got, want, strict=False)):
        if g != w:
            print(f"{document.name}: MISMATCH at row {index + 1} of {len(want)}")
            print(f"    expected: {' | '.join(w)}")
            print(f"    pipeline: {' | '.join(g)}")
            ok = False
            break
    if ok and len(got) != len(want):
        print(f"{document.name}: MISMATCH: {len(got)} rows, expected {len(want)}")
        extra = got[len(want)] if len(got) > len(want) else want[len(got)]
        print(f"    first unmatched: {' | '.join(extra)}")
        ok = False
    spec_text = (HERE / f"{document.stem}.spec.txt").read_text(encoding="utf-8")
    home = re.match(r"^# \S+ — (\S+) \((\d{6})\)", spec_text)
    if home and (doc["jurisdiction"], doc["jurisdiction_adcode"]) != (home[1], home[2]):
        print(
            f"{document.name}: jurisdiction {doc['jurisdiction']} ({doc['jurisdiction_adcode']}),",
            f"expected {home[1]} ({home[2]})",
        )
        ok = False
    spec = {(t.table_no, t.seq): t for t in read_spec(spec_text)}
    by_key = {(t["table_no"], t["seq"]): t for t in tasks}
    if set(by_key) != set(spec):
        print(f"{document.name}: TASKS DIFFER: pipeline {sorted(by_key)} vs spec {sorted(spec)}")
        ok = False
    else:
        for key in sorted(spec):
            want_meta = (spec[key].section, spec[key].deadline)
            got_meta = (by_key[key]["section"], by_key[key]["deadline"])
            if want_meta != got_meta:
                print(f"{document.name}: T{key[0]}.{key[1]} section/deadline {got_meta}, expected {want_meta}")
                ok = False
                break
    if ok:
        print(f"{document.name}: MATCH ({len(want)} rows, {len(spec)} tasks)")
    return ok


def main() -> int:
    results = [check(d) for d in documents(sys.argv[1:])]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
