"""Bytes of a text attachment into str: UTF-8 (with or without BOM), else GB18030."""

from __future__ import annotations

from pipeline.errors import Code, Location, ParseError

# Characters that print as nothing but that word processors leave in text (zero-width spaces and
# joiners, word joiner, stray byte-order marks): trimmed like white space everywhere.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

# Tried in order. UTF-8 first: GB18030 accepts almost any byte string, so it must come last.
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "gb18030")


def decode_text(data: bytes, path: str) -> str:
    """Decode with the first encoding that reads every byte; refuse if none does."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(
        f"not text in any supported encoding ({', '.join(ENCODINGS)})", Location(path), code=Code.UNREADABLE
    )
