"""Limits on what a parser reads, each with its reason. A file past one is refused, not truncated."""

from __future__ import annotations

# Real attachments are a few hundred KB; 50 MiB leaves room for embedded pictures and stops a
# stray video or disk image from being read into memory.
MAX_FILE_BYTES = 50 * 1024 * 1024

# A Word file's parts, inflated. Text and tables of even a thousand-page document stay well under
# this; a zip bomb inflates past it and is stopped at this point, not at the end.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024

# Parts in a Word archive. A real document has a few dozen; thousands only serve to exhaust.
MAX_ARCHIVE_ENTRIES = 2_000

# Rows of one task table. Published tables have tens to hundreds of rows; 50,000 keeps a
# generated or corrupted table from holding the build hostage.
MAX_ROWS_PER_TABLE = 50_000

# Cells a merged HTML cell may span (the HTML standard's own caps).
MAX_COLSPAN = 1_000
MAX_ROWSPAN = 65_534
