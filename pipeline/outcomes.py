"""How a build went, as small records: each file's outcome and each expectation's result.

Kept apart from the report that renders them and the validation that makes them, so that the
processes reading documents carry none of the heavy libraries those need.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from pipeline.errors import PipelineError
from pipeline.records import NormalizedDocument


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file under raw/."""

    path: str
    status: str  # built, skipped (no task table in it), refused
    tasks: int
    assignments: int
    jurisdiction: str | None
    notes: tuple[str, ...]
    review: int = 0  # cells of its tasks that need review

    @classmethod
    def built(cls, document: NormalizedDocument, duplicates: Iterable[str] = ()) -> FileOutcome:
        """A built file, with its counts, jurisdiction and notes."""
        home = document.jurisdiction
        notes = (*document.notes, *(f"same bytes as {document.source.path}: {d}" for d in duplicates))
        return cls(
            document.source.path,
            "built",
            len(document.tasks),
            len(document.assignments),
            f"{home.name} ({home.adcode})" if home else None,
            notes,
            len(document.review),
        )

    @classmethod
    def skipped(cls, path: str, error: PipelineError) -> FileOutcome:
        """A file with no task table in it: listed with the reason, no error."""
        return cls(path, "skipped", 0, 0, None, (error.message(),))

    @classmethod
    def refused(cls, path: str, errors: Iterable[PipelineError]) -> FileOutcome:
        """A refused file, with the messages of the errors that name it."""
        return cls(path, "refused", 0, 0, None, tuple(e.message() for e in errors))

    def stored(self) -> dict[str, Any]:
        """The outcome as JSON keeps it (build state)."""
        return {**asdict(self), "notes": list(self.notes)}

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> FileOutcome:
        """An outcome kept by `stored`."""
        return cls(
            str(data["path"]),
            str(data["status"]),
            int(data["tasks"]),
            int(data["assignments"]),
            data.get("jurisdiction"),
            tuple(data.get("notes") or ()),
            int(data.get("review") or 0),
        )


@dataclass(frozen=True)
class Outcome:
    """One expectation's result, flattened for the report (counts summed over a build's parts)."""

    suite: str
    suite_version: int
    expectation: str
    rule: str
    kwargs: dict[str, Any]
    success: bool
    element_count: int
    unexpected_count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class NearDuplicate:
    """A file whose rows are nearly all another file's: a re-issue or a copy under another name."""

    path: str
    other: str
    share: float  # of the smaller file's rows, the share the two files have in common
    counted: str  # "both", or which one the manifest keeps ("newer: <path>")
