"""The files under raw/: which are read, in what order, and which are the same bytes twice."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from parsers import check_size, format_of
from pipeline.errors import PipelineError
from pipeline.manifest import ALIASES_NAME, MANIFEST_NAME, UNITS_NAME
from pipeline.records import Source

# Files in raw/ that hold settings, not attachments.
SETTINGS_FILES = (MANIFEST_NAME, ALIASES_NAME, UNITS_NAME)


@dataclass(frozen=True)
class RawFile:
    """A file to ingest: its identity and where to read it (its bytes are read again when needed,
    so that a build over many files never holds them all)."""

    source: Source
    file: Path
    duplicates: tuple[str, ...]  # other paths under raw/ holding the same bytes

    @property
    def data(self) -> bytes:
        """The file's bytes."""
        return self.file.read_bytes()


def discover(raw_dir: Path) -> tuple[list[RawFile], list[PipelineError]]:
    """Every attachment under `raw_dir` (sub-folders too; hidden and settings files skipped), identical ones once."""
    by_doc: dict[str, tuple[Source, Path, list[str]]] = {}
    refused: list[PipelineError] = []
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file() and not _hidden(p, raw_dir)):
        relative = path.relative_to(raw_dir).as_posix()
        if relative in SETTINGS_FILES:
            continue
        try:
            source_format = format_of(relative)
            check_size(path.stat().st_size, relative)  # before reading: the limit is there to spare memory
        except PipelineError as error:
            refused.append(error)
            continue
        doc_id = hashlib.sha256(path.read_bytes()).hexdigest()
        if doc_id in by_doc:
            by_doc[doc_id][2].append(relative)
        else:
            by_doc[doc_id] = (Source(relative, doc_id, source_format), path.resolve(), [])
    files = [RawFile(source, file, tuple(dups)) for source, file, dups in by_doc.values()]
    return sorted(files, key=lambda f: f.source.path), refused


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
