"""Safety checks on an Office file's zip archive (Word .docx, Excel .xlsx), made before any XML in
it is parsed.

Entry count and declared sizes are checked from the central directory; then every XML part is
inflated in bounded chunks (declared sizes can lie), counting bytes against the limit and looking
for DTDs and entity declarations, which no Office part needs and which entity attacks rely on.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import regex

from parsers.limits import MAX_ARCHIVE_ENTRIES, MAX_UNCOMPRESSED_BYTES
from pipeline.errors import Code, Location, ParseError

_CHUNK = 1024 * 1024
# What zipfile raises on archives it cannot read: damaged (BadZipFile, zlib.error, EOFError),
# encrypted (RuntimeError) or of a newer or unknown format (NotImplementedError, LargeZipFile).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)
_DECLARATION = regex.compile(rb"<!(?:DOCTYPE|ENTITY)", regex.IGNORECASE)


# Parts that hold XML: the package's own (.xml, .rels) and Excel's legacy drawings of comments (.vml).
_XML_PARTS = (".xml", ".rels", ".vml")


def check_archive(data: bytes, path: str, kind: str) -> None:
    """Refuse a file that is no zip archive, is too large inflated, or declares XML entities.

    `kind` names what the file should be (Word document, Excel workbook) in the refusal."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise _refuse(
            f"not a {kind}: the file is not a complete zip archive (truncated or renamed?)", path, Code.UNREADABLE
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ARCHIVE_ENTRIES:
            raise _refuse(f"archive has {len(entries)} parts, more than the limit of {MAX_ARCHIVE_ENTRIES}", path)
        declared = sum(entry.file_size for entry in entries)
        if declared > MAX_UNCOMPRESSED_BYTES:
            raise _refuse(
                f"archive inflates to {declared:,} bytes, more than the limit of {MAX_UNCOMPRESSED_BYTES:,}", path
            )
        inflated = 0
        for entry in entries:
            if not entry.filename.lower().endswith(_XML_PARTS):
                continue
            inflated += _scan(archive, entry, path, MAX_UNCOMPRESSED_BYTES - inflated)


def _scan(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, path: str, budget: int) -> int:
    """Inflate one XML part in chunks; return its size. Refuse past the budget or on a DTD."""
    size = 0
    tail = b""
    try:
        with archive.open(entry) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if size > budget:
                    raise _refuse(
                        f"part {entry.filename} inflates past the limit of {MAX_UNCOMPRESSED_BYTES:,} bytes", path
                    )
                if _DECLARATION.search(tail + chunk):
                    raise _refuse(f"part {entry.filename} declares a DTD or XML entities; Office files never do", path)
                tail = chunk[-16:]
    except _ZIP_ERRORS as error:
        raise _refuse(f"part {entry.filename} cannot be read ({error})", path, Code.UNREADABLE) from None
    return size


def _refuse(reason: str, path: str, code: Code = Code.UNSAFE) -> ParseError:
    return ParseError(reason, Location(path), code=code)
