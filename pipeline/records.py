"""The small frozen records passed from one stage to the next.

parsers → `ParsedDocument` (a grid of cells per table, no meaning yet);
normalizers → `NormalizedDocument` (tasks, assignments and units under the contract).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SourceFormat(StrEnum):
    """Formats the parsers read; the value is what `documents.source_format` holds."""

    TEXT = "txt"
    DOCX = "docx"
    HTML = "html"
    PDF = "pdf"
    XLSX = "xlsx"
    # Old binary formats, read after LibreOffice converts them to DOCX or XLSX.
    DOC = "doc"
    WPS = "wps"  # WPS Writer
    XLS = "xls"
    ET = "et"  # WPS Spreadsheets


@dataclass(frozen=True)
class Source:
    """One input file: where it sits under raw/ and its bytes' identity."""

    path: str  # relative to raw/, with forward slashes
    doc_id: str  # SHA-256 of the bytes, hex
    format: SourceFormat


# ---- parser output: a plain grid --------------------------------------------------------------


class Layout(StrEnum):
    """How a table's tasks were written (`tables.layout`)."""

    TABLE = "table"  # an annex table: 序号 | 重点任务 | 责任单位
    INLINE = "inline"  # numbered measures in the text, each with its responsibility clause or labelled lines


@dataclass(frozen=True)
class Paragraph:
    """A paragraph outside any table, where the format says it starts (a line, a source line, an index)."""

    text: str
    line: int


@dataclass(frozen=True)
class GridRow:
    """One body row of a table, its cells in header order."""

    cells: tuple[str, ...]
    line: int  # where the row starts: a line of a text file, a row index of a grid
    section_path: tuple[str, ...] = ()  # the headings above it, outermost first (一、…, （一）…)
    lines: tuple[int, ...] = ()  # where each cell starts, where the format tells (a text file's lines)
    seq: int | None = None  # an inline measure's running order, or a row's where none is written; else its 序号 cell's
    bold: tuple[tuple[str, ...], ...] = ()  # each cell's words set in bold, where the format tells (parsers.emphasis)

    def line_of(self, column: int) -> int:
        """Where the cell of `column` starts (the row's line where the format does not tell)."""
        return self.lines[column] if column < len(self.lines) else self.line

    def bold_at(self, column: int) -> tuple[str, ...]:
        """The words set in bold in the cell of `column` (none where the format does not tell)."""
        return self.bold[column] if column < len(self.bold) else ()


@dataclass(frozen=True)
class Grid:
    """One task table as read: header, body rows, and the paragraphs that announce it."""

    table_no: int
    annex_label: str | None
    title: str | None
    header: tuple[str, ...]
    rows: tuple[GridRow, ...]
    header_line: int
    paragraphs_before: int = 0  # how many of the document's paragraphs stand before it: its place in order
    layout: Layout = Layout.TABLE
    labels: tuple[str, ...] = ()  # an inline table's labels as written (牵头单位, …), for `tables.header`


@dataclass(frozen=True)
class ParsedDocument:
    """A file split into its task tables and the paragraphs around them; it may hold no table yet,
    when its tasks are written inline (found by `normalizers.measures`)."""

    source: Source
    tables: tuple[Grid, ...]
    text: tuple[str, ...]  # free text in order: paragraphs outside the tables, and notes under them
    notes: tuple[str, ...] = ()  # for the report: what the parser left unread on purpose (hidden sheets, …)
    paragraphs: tuple[Paragraph, ...] = ()  # the paragraphs outside the tables, with where each starts


# ---- normalizer output: the contract's rows ------------------------------------------------------


class Role(StrEnum):
    """What a unit is asked to do for a task (CONTRACT.md, Roles)."""

    LEAD = "lead"
    PARTICIPATING = "participating"
    RESPONSIBLE = "responsible"
    ALL_COUNTY = "all_county"


class UnitKind(StrEnum):
    """What sort of body a unit is (CONTRACT.md, unit_kind)."""

    DEPARTMENT = "department"
    LOCAL_GOVERNMENT = "local_government"
    ZONE_COMMITTEE = "zone_committee"
    GROUP = "group"
    PLACEHOLDER = "placeholder"


@dataclass(frozen=True)
class Division:
    """An administrative division from the gazetteer."""

    adcode: str  # six digits
    name: str  # 达州市
    type: str  # the gazetteer's word: 地级市, 市辖区, 县, 县级市, 省, …


@dataclass(frozen=True)
class Unit:
    """A distinct body, the same on every row of its `unit_id`."""

    unit_id: str
    unit_name: str
    unit_kind: UnitKind
    jurisdiction: str | None
    adcode: str | None
    full_name: str  # unique across the corpus: 达州市民政局, 通川区人民政府 (CONTRACT.md)


@dataclass(frozen=True)
class Task:
    """One numbered row of a task table."""

    task_id: str
    doc_id: str
    table_no: int
    seq: int
    label: str  # the number as written (1, 1、, （三）), empty where none is written
    section: str | None
    section_path: tuple[str, ...]
    task_text: str
    units_text: str
    deadline: str | None


@dataclass(frozen=True)
class Assignment:
    """One (task, unit, role) row."""

    task_id: str
    doc_id: str
    table_no: int
    seq: int
    position: int
    unit: Unit
    unit_as_written: str
    role: Role
    expanded_from: str | None


@dataclass(frozen=True)
class ReviewRow:
    """A responsibility cell that could not be read in full: its task is kept without assignments."""

    task_id: str
    doc_id: str
    table_no: int
    seq: int
    line: int | None
    code: str
    words: str
    message: str


@dataclass(frozen=True)
class TableInfo:
    """A task table's own facts."""

    doc_id: str
    table_no: int
    annex_label: str | None
    title: str | None
    header: tuple[str, ...]
    n_tasks: int
    layout: Layout = Layout.TABLE


@dataclass(frozen=True)
class NormalizedDocument:
    """Everything one file contributes to the output tables."""

    source: Source
    jurisdiction: Division | None
    tables: tuple[TableInfo, ...]
    tasks: tuple[Task, ...]
    assignments: tuple[Assignment, ...]
    review: tuple[ReviewRow, ...]
    notes: tuple[str, ...]  # for the report: columns ignored, and the like
