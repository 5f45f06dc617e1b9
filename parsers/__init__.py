"""Parsers: a file's bytes into a plain grid of cells per task table; no meaning yet.

`parse` picks the parser by the file's extension. Parsers know where tables, header rows and
section rows are; what the cells mean is the normalizers' business.
"""

from __future__ import annotations

from collections.abc import Callable

from parsers.convert import parse_converted
from parsers.excel import parse_xlsx
from parsers.limits import MAX_FILE_BYTES
from parsers.pdf import parse_pdf
from parsers.text import parse_text
from parsers.web import parse_html
from parsers.word import parse_docx
from pipeline.errors import Code, Location, ParseError
from pipeline.records import ParsedDocument, Source, SourceFormat

PARSER_VERSION = "2"  # bump when a parser's output for the same bytes changes

_PARSERS: dict[SourceFormat, Callable[[Source, bytes], ParsedDocument]] = {
    SourceFormat.TEXT: parse_text,
    SourceFormat.DOCX: parse_docx,
    SourceFormat.HTML: parse_html,
    SourceFormat.PDF: parse_pdf,
    SourceFormat.XLSX: parse_xlsx,
    SourceFormat.DOC: parse_converted,
    SourceFormat.WPS: parse_converted,
    SourceFormat.XLS: parse_converted,
    SourceFormat.ET: parse_converted,
}

# Formats whose files are text: a NUL byte in them means a renamed binary file.
_TEXT = frozenset({SourceFormat.TEXT, SourceFormat.HTML})

# Extensions the build picks up from raw/, and the format each one promises.
EXTENSIONS: dict[str, SourceFormat] = {
    ".txt": SourceFormat.TEXT,
    ".docx": SourceFormat.DOCX,
    ".html": SourceFormat.HTML,
    ".htm": SourceFormat.HTML,
    ".pdf": SourceFormat.PDF,
    ".xlsx": SourceFormat.XLSX,
    ".doc": SourceFormat.DOC,
    ".wps": SourceFormat.WPS,
    ".xls": SourceFormat.XLS,
    ".et": SourceFormat.ET,
}


def format_of(path: str) -> SourceFormat:
    """The format a file's extension promises, or a refusal naming what is supported."""
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    try:
        return EXTENSIONS[suffix]
    except KeyError:
        supported = ", ".join(sorted(EXTENSIONS))
        raise ParseError(
            f"unsupported format {suffix or '(no extension)'}; supported: {supported}",
            Location(path),
            code=Code.UNSUPPORTED_FORMAT,
        ) from None


def check_size(size: int, path: str) -> None:
    """Refuse a file past MAX_FILE_BYTES (the build checks before reading it at all)."""
    if size > MAX_FILE_BYTES:
        raise ParseError(f"file is larger than the limit of {MAX_FILE_BYTES:,} bytes", Location(path), code=Code.UNSAFE)


def parse(source: Source, data: bytes) -> ParsedDocument:
    """Split one file into its task tables."""
    if not data.strip():
        raise ParseError("file is empty", Location(source.path), code=Code.UNREADABLE)
    check_size(len(data), source.path)
    if source.format in _TEXT and b"\x00" in data[:8192]:
        raise ParseError(
            f"not a {source.format.value} file: it holds binary data (a renamed Word, Excel or PDF file?)",
            Location(source.path),
            code=Code.UNREADABLE,
        )
    return _PARSERS[source.format](source, data)
