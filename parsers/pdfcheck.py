"""Safety checks on a PDF, made before any page of it is parsed (as `parsers.archive` does for Office files).

- The file starts with a PDF header.
- Every compressed stream (page contents, object and cross-reference streams, fonts, pictures) is
  decoded in bounded chunks, its filters in the order its dictionary lists them, counting bytes
  against MAX_UNCOMPRESSED_BYTES: pdfminer inflates a stream whole, so a stream bomb must be
  stopped here, not in the middle of reading a page.
- Once the document is opened (its cross-reference table and trailer only), an encrypted document
  and one past MAX_PDF_PAGES pages are refused before any page is read. Encrypted streams cannot be
  checked by the scan above, which is one more reason to refuse them.
"""

from __future__ import annotations

import zlib
from typing import Any

import regex

from parsers.limits import MAX_PDF_PAGES, MAX_UNCOMPRESSED_BYTES
from pipeline.errors import Code, Location, ParseError

_CHUNK = 64 * 1024  # small: the zlib object keeps the input left over after a stream's end
_HEADER = regex.compile(rb"%PDF-[0-9]")
# A stream's data starts after the keyword and its end of line; `endstream` is no start.
_STREAM = regex.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_OBJECT = regex.compile(rb"\bobj\b")
_FILTER = regex.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_LENGTH = regex.compile(rb"/Length\s+([0-9]{1,12})(?!\s+[0-9]+\s+R)")
_NAME = regex.compile(rb"/([A-Za-z0-9]+)")
_DICTIONARY_WINDOW = 4096  # bytes before `stream` searched for its dictionary

_FLATE = {b"FlateDecode", b"Fl"}
_LZW = {b"LZWDecode", b"LZW"}
_RUN_LENGTH = {b"RunLengthDecode", b"RL"}
_ASCII = {b"ASCII85Decode", b"A85", b"ASCIIHexDecode", b"AHx"}
_RUN_LENGTH_MAX_RATIO = 64  # two bytes give at most 128


def check_pdf(data: bytes, path: str) -> None:
    """Refuse a file that is no PDF, or whose streams inflate past the limit."""
    if not _HEADER.search(data[:1024]):
        raise ParseError("not a PDF: the file does not start with a PDF header", Location(path), code=Code.UNREADABLE)
    left = MAX_UNCOMPRESSED_BYTES
    for match in _STREAM.finditer(data):
        filters, length = _dictionary(data, match.start())
        left -= _decoded_size(data, match.end(), filters, length, left, path)


def check_document(document: Any, path: str) -> None:
    """Refuse an opened pdfminer document that is encrypted or has too many pages, before any page is read."""
    from pdfminer.pdfpage import PDFPage

    if document.encryption is not None:
        raise refuse_encrypted(path)
    for count, _ in enumerate(PDFPage.create_pages(document), 1):
        if count > MAX_PDF_PAGES:
            raise ParseError(
                f"PDF has more than the limit of {MAX_PDF_PAGES:,} pages", Location(path), code=Code.UNSAFE
            )


def refuse_encrypted(path: str) -> ParseError:
    """The refusal of an encrypted PDF, with the way out."""
    return ParseError(
        "PDF is encrypted (a password or copy protection), so its content cannot be checked before it is read; "
        "supply an unencrypted copy or the Word/Excel original",
        Location(path),
        code=Code.ENCRYPTED,
    )


def _dictionary(data: bytes, stream_at: int) -> tuple[list[bytes] | None, int | None]:
    """The filter names and direct /Length of the stream whose keyword is at `stream_at`
    (filters None where the dictionary cannot be told: an indirect /Filter)."""
    window = data[max(0, stream_at - _DICTIONARY_WINDOW) : stream_at]
    objects = list(_OBJECT.finditer(window))
    if objects:
        window = window[objects[-1].end() :]
    length = _LENGTH.search(window)
    found = _FILTER.search(window)
    if found is None:
        filters: list[bytes] | None = None if b"/Filter" in window else []
    else:
        filters = [name[1] for name in _NAME.finditer(found[1])]
    return filters, int(length[1]) if length else None


def _decoded_size(
    whole: bytes, start: int, filters: list[bytes] | None, length: int | None, left: int, path: str
) -> int:
    """How many bytes pdfminer would get from decoding the stream at `start`; refuse past `left`."""
    if filters is None:  # cannot be told: try it as Flate data, the one filter that makes bombs
        filters = [b"FlateDecode"]
    view = memoryview(whole)
    data: bytes | memoryview | None = None  # the last filter's output; None: the raw stream
    size = 0
    for number, name in enumerate(filters):
        last = number == len(filters) - 1
        if name in _FLATE:
            data, size = _inflate(view[start:] if data is None else data, left, path, keep=not last)
        else:
            if data is None:
                end = start + length if length is not None else whole.find(b"endstream", start)
                data = view[start : end if end >= start else len(whole)]
            if name in _LZW:
                data = _lzw(bytes(data), left, path)
            elif name in _RUN_LENGTH:
                if len(data) * _RUN_LENGTH_MAX_RATIO > left:
                    raise _too_large(path)
                from pdfminer.runlength import rldecode

                data = rldecode(bytes(data))
            elif name in _ASCII:  # output is shorter than the input
                from pdfminer.ascii85 import ascii85decode, asciihexdecode

                decode = ascii85decode if name.startswith(b"A85") or name.startswith(b"ASCII85") else asciihexdecode
                try:
                    data = decode(bytes(data))
                except ValueError:
                    return 0
            else:  # picture filters (DCT, JPX, JBIG2, CCITT): pdfminer does not expand them for text
                return 0
            size = len(data)
        if size > left:
            raise _too_large(path)
    return size


def _inflate(data: bytes | memoryview, left: int, path: str, *, keep: bool) -> tuple[bytes, int]:
    """Inflate a zlib stream in chunks until its end; its size, and its bytes if `keep`."""
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    size = 0
    position = 0
    try:
        while not inflater.eof:
            tail = inflater.unconsumed_tail
            if tail:
                chunk: bytes | memoryview = tail
            else:
                chunk = data[position : position + _CHUNK]
                position += len(chunk)
                if not chunk:
                    break
            out = inflater.decompress(chunk, _CHUNK)
            size += len(out)
            if size > left:
                raise _too_large(path)
            if keep:
                parts.append(out)
    except zlib.error:
        pass  # not, or no longer, Flate data: pdfminer gets no more from it either
    return b"".join(parts), size


def _lzw(data: bytes, left: int, path: str) -> bytes:
    """LZW-decode with pdfminer's own decoder, a code at a time, stopping past `left`."""
    import io

    from pdfminer.lzw import LZWDecoder

    parts: list[bytes] = []
    size = 0
    try:
        for out in LZWDecoder(io.BytesIO(data)).run():
            size += len(out)
            if size > left:
                raise _too_large(path)
            parts.append(out)
    except (ValueError, IndexError, EOFError):
        pass  # pdfminer stops at broken data too
    return b"".join(parts)


def _too_large(path: str) -> ParseError:
    return ParseError(
        f"PDF streams inflate past the limit of {MAX_UNCOMPRESSED_BYTES:,} bytes", Location(path), code=Code.UNSAFE
    )
