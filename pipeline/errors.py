"""Typed errors that carry where they happened; the command line turns each into one sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Self


class Code(StrEnum):
    """Stable reasons a build refuses its input; scripts may match on these."""

    UNREADABLE = "unreadable"  # bytes that decode in none of the supported encodings
    UNSUPPORTED_FORMAT = "unsupported-format"
    UNSAFE = "unsafe"  # past a size limit, or XML with entity declarations: refused before parsing
    NO_TABLE = "no-table"  # a file with no task table in it
    BAD_HEADER = "bad-header"  # a header row without the columns a task table needs
    BAD_ROW = "bad-row"  # a row whose cells do not fit its table's header
    BAD_SEQ = "bad-seq"  # a 序号 that is not a whole number
    EMPTY_CELL = "empty-cell"  # a responsibility cell with nothing in it
    UNKNOWN_WORDS = "unknown-words"  # words in a responsibility cell that are no unit name and no role word
    NO_ROLE = "no-role"  # units with no role word after them, in a cell that has role words elsewhere
    NO_UNIT = "no-unit"  # a role word with no unit before it
    UNKNOWN_GOVERNMENT = "unknown-government"  # a government or collective of no known division
    CANNOT_LIST = "cannot-list"  # a collective the document's jurisdiction cannot list
    UNPLACED = "unplaced"  # a relative name (县民政局) with no division of its level around the document
    MOSTLY_UNREADABLE = "mostly-unreadable"  # more than MAX_REVIEW_SHARE of a document's tasks in review
    JURISDICTION = "jurisdiction"  # a jurisdiction is needed and cannot be told
    EXPECTATION = "expectation"  # a data-quality expectation failed
    BUSY = "busy"  # another build holds the lock
    MANIFEST = "manifest"  # raw/manifest.toml or raw/aliases.tsv cannot be used
    SCANNED = "scanned"  # a PDF (or a page of it) with no text layer: a scanned image, to be OCRed first
    ENCRYPTED = "encrypted"  # a PDF that is encrypted (a password to open, or copy protection)
    NO_CONVERTER = "no-converter"  # an old binary format (.doc, .xls, .wps, .et) and no LibreOffice to convert it


@dataclass(frozen=True)
class Location:
    """Where in the input something was found: file, table, row and the words in question."""

    file: str
    table_no: int | None = None
    row: int | None = None  # the row's 序号 where it has one
    line: int | None = None  # line in a text file, row index in a grid
    text: str | None = None

    def saying(self, text: str) -> Location:
        """The same place, with the words in question."""
        return replace(self, text=text)

    def describe(self) -> str:
        """Render as `file, table 1, row 7 (line 40)`."""
        parts = [self.file]
        if self.table_no is not None:
            parts.append(f"table {self.table_no}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        where = ", ".join(parts)
        if self.line is not None:
            where += f" (line {self.line})"
        return where


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose; anything else is a bug."""

    code: Code = Code.BAD_ROW

    def __init__(self, reason: str, location: Location | None = None, *, code: Code | None = None):
        super().__init__(reason)
        self.reason = reason
        self.location = location
        self.problems: tuple[PipelineError, ...] = ()  # all of a refused file's problems, when several
        if code is not None:
            self.code = code

    @classmethod
    def joined(cls, errors: Sequence[PipelineError]) -> Self:
        """One error for several problems of a file: its message is the first's, `each()` gives all."""
        first = errors[0]
        joined = cls(f"{first.reason} (and {len(errors) - 1} more problem(s))", first.location, code=first.code)
        joined.problems = tuple(errors)
        return joined

    def each(self) -> tuple[PipelineError, ...]:
        """Every problem this error stands for."""
        return self.problems or (self,)

    def __reduce__(self) -> tuple[object, ...]:
        # Errors travel from the processes that read documents: keep their place, code and problems.
        return (_rebuilt, (type(self), self.reason, self.location, self.code, self.problems))

    def message(self) -> str:
        """One sentence: where, why, and the words that failed."""
        where = self.location.describe() if self.location else "input"
        words = f": «{self.location.text}»" if self.location and self.location.text else ""
        return f"{where}: {self.reason} [{self.code.value}]{words}"

    def __str__(self) -> str:
        return self.message()


class ParseError(PipelineError):
    """The file could not be split into tables and rows."""

    code = Code.BAD_ROW


class CellError(PipelineError):
    """A responsibility cell could not be read under the contract's role rules."""

    code = Code.UNKNOWN_WORDS


class JurisdictionError(PipelineError):
    """The document's jurisdiction is needed and cannot be told."""

    code = Code.JURISDICTION


class ExpectationError(PipelineError):
    """A data-quality expectation failed on the built tables."""

    code = Code.EXPECTATION


class BusyError(PipelineError):
    """Another build is running on the same output."""

    code = Code.BUSY


def _rebuilt(
    kind: type[PipelineError], reason: str, location: Location | None, code: Code, problems: tuple[PipelineError, ...]
) -> PipelineError:
    error = kind(reason, location, code=code)
    error.problems = problems
    return error
