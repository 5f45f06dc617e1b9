"""Limits on what a parser reads, each with its reason. A file past one is refused, not truncated."""

from __future__ import annotations

# Real attachments are a few hundred KB; 50 MiB leaves room for embedded pictures and stops a
# stray video or disk image from being read into memory.
MAX_FILE_BYTES = 50 * 1024 * 1024

# The compressed parts of a Word or Excel file (zip members) or a PDF (Flate streams), inflated.
# Text and tables of even a thousand-page document stay well under this; a zip or stream bomb
# inflates past it and is stopped at this point, not at the end.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024

# Parts in a Word or Excel archive. A real document has a few dozen; thousands only serve to exhaust.
MAX_ARCHIVE_ENTRIES = 2_000

# Rows of one task table. Published tables have tens to hundreds of rows; 50,000 keeps a
# generated or corrupted table from holding the build hostage.
MAX_ROWS_PER_TABLE = 50_000

# Cells a merged HTML cell may span (the HTML standard's own caps).
MAX_COLSPAN = 1_000
MAX_ROWSPAN = 65_534

# Pages of a PDF. Task division attachments run to a few dozen pages; a whole year's gazette is a
# few hundred. Each page is laid out in memory to find its table lines, so thousands would only
# hold the build up.
MAX_PDF_PAGES = 1_000

# Sheets in an Excel workbook. A task table workbook has one sheet per annex; hundreds of sheets
# are a generated file, not an attachment.
MAX_SHEETS = 200

# Rows of one sheet, and its columns up to the last one holding a value. A sheet is read as a dense
# grid (merged cells filled in), so both bound memory: a task table's rows with its titles, section
# and note rows stay far under the rows, and it has a handful of columns, a few dozen with remarks.
MAX_SHEET_ROWS = 2 * MAX_ROWS_PER_TABLE
MAX_SHEET_COLUMNS = 100

# Cells written in a workbook's sheets, counted as the sheets are streamed, before any is kept:
# 50,000 rows of a dozen columns, with room to spare; a sheet of millions of styled empty cells is
# refused before it is read into memory.
MAX_SHEET_CELLS = 2_000_000

# Seconds LibreOffice may take to convert one old binary file (.doc, .xls, .wps, .et) to its
# Office Open XML form. Real attachments convert in a few seconds; a file that keeps it busy for
# minutes is broken or hostile, and the build must not hang on it.
CONVERT_TIMEOUT_SECONDS = 120
