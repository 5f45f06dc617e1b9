"""Attachments of seven other jurisdictions, each with its own conventions, against golden outputs.

The documents and their goldens are in tests/corpus/ (see its README): the goldens were read
by hand from the documents, never produced by the pipeline.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest

from pipeline.records import NormalizedDocument
from tests.helpers import normalize_bytes

CORPUS = Path(__file__).resolve().parent / "corpus"
sys.path.insert(0, str(CORPUS))
from expand import read_spec  # noqa: E402

COLUMNS = ("table_no", "seq", "position", "unit_name", "role", "unit_kind", "expanded_from")
DOCUMENTS = sorted(
    p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx", ".html") and not p.name.endswith(".spec.txt")
)


@pytest.fixture(scope="module", params=DOCUMENTS, ids=lambda p: p.name)
def case(request: pytest.FixtureRequest) -> tuple[Path, NormalizedDocument]:
    path: Path = request.param
    return path, normalize_bytes(path.read_bytes(), path.name)


def test_corpus_has_six_or_more_jurisdictions() -> None:
    """At least six attachments of other jurisdictions, each with a golden file."""
    assert len(DOCUMENTS) >= 6
    assert all((CORPUS / f"{p.stem}.expected.tsv").exists() for p in DOCUMENTS)


def test_assignments_match_golden(case: tuple[Path, NormalizedDocument]) -> None:
    """Every assignment row, in order, as read by hand."""
    path, doc = case
    with (CORPUS / f"{path.stem}.expected.tsv").open(encoding="utf-8", newline="") as handle:
        expected = [tuple(row[c] for c in COLUMNS) for row in csv.DictReader(handle, delimiter="\t")]
    actual = [
        (
            str(a.table_no),
            str(a.seq),
            str(a.position),
            a.unit.unit_name,
            a.role.value,
            a.unit.unit_kind.value,
            a.expanded_from or "",
        )
        for a in doc.assignments
    ]
    for row, (want, got) in enumerate(zip(expected, actual, strict=False), start=1):
        assert got == want, f"{path.name}, golden row {row}"
    assert len(actual) == len(expected)


def test_jurisdiction_sections_and_deadlines(case: tuple[Path, NormalizedDocument]) -> None:
    """The jurisdiction told from the document, and each task's section and deadline."""
    path, doc = case
    spec_text = (CORPUS / f"{path.stem}.spec.txt").read_text(encoding="utf-8")
    home = re.match(r"^# \S+ — (\S+) \((\d{6})\)", spec_text)
    assert home is not None and doc.jurisdiction is not None
    assert (doc.jurisdiction.name, doc.jurisdiction.adcode) == (home[1], home[2])
    spec = {(t.table_no, t.seq): (t.section, t.deadline) for t in read_spec(spec_text)}
    assert {(t.table_no, t.seq): (t.section, t.deadline) for t in doc.tasks} == spec
