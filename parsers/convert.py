"""Old binary formats (.doc, .wps, .xls, .et) through LibreOffice: converted in headless mode to DOCX
or XLSX in a temporary folder, under a time limit, then read as those are (with all their checks).

LibreOffice is found on PATH as `soffice` (or `libreoffice`); without it such a file is refused,
with a message naming the install. Each conversion runs with a profile of its own in the temporary
folder, so it neither waits for nor disturbs a LibreOffice the user has open, and is killed whole
(its process group) when it runs past the limit.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from parsers.excel import parse_xlsx
from parsers.limits import CONVERT_TIMEOUT_SECONDS, MAX_FILE_BYTES
from parsers.word import parse_docx
from pipeline.errors import Code, Location, ParseError
from pipeline.records import ParsedDocument, Source, SourceFormat

PROGRAMS = ("soffice", "libreoffice")
INSTALL = "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)"

# Each old format: what it is, the format LibreOffice converts it to, and the parser of that.
_TARGETS: dict[SourceFormat, tuple[str, str, Callable[[Source, bytes], ParsedDocument]]] = {
    SourceFormat.DOC: ("old Word (.doc)", "docx", parse_docx),
    SourceFormat.WPS: ("WPS Writer (.wps)", "docx", parse_docx),
    SourceFormat.XLS: ("old Excel (.xls)", "xlsx", parse_xlsx),
    SourceFormat.ET: ("WPS Spreadsheets (.et)", "xlsx", parse_xlsx),
}


def converter() -> str | None:
    """The LibreOffice program on PATH, if any."""
    return next((found for name in PROGRAMS if (found := shutil.which(name))), None)


def parse_converted(source: Source, data: bytes) -> ParsedDocument:
    """Convert an old binary file with LibreOffice and read the result as DOCX or XLSX."""
    kind, target, parse = _TARGETS[source.format]
    program = converter()
    if program is None:
        raise ParseError(
            f"{kind} files are read through LibreOffice, and no soffice is on PATH: {INSTALL}, "
            f"or save the file as .{target}",
            Location(source.path),
            code=Code.NO_CONVERTER,
        )
    return parse(source, _convert(program, data, source.format.value, target, source.path))


def _convert(program: str, data: bytes, suffix: str, target: str, path: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="taskdiv-convert-") as folder:
        home = Path(folder)
        original = home / f"attachment.{suffix}"
        original.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(home / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(home / "out"),
            str(original),
        ]
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=folder,
            start_new_session=True,  # its own process group, so a timeout ends soffice.bin too
        )
        try:
            output, _ = process.communicate(timeout=CONVERT_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ParseError(
                f"LibreOffice did not convert the file within the limit of {CONVERT_TIMEOUT_SECONDS} s",
                Location(path),
                code=Code.UNSAFE,
            ) from None
        converted = home / "out" / f"attachment.{target}"
        if process.returncode != 0 or not converted.is_file():
            said = output.decode("utf-8", "replace").strip().splitlines()
            raise ParseError(
                f"LibreOffice could not convert the file to .{target}" + (f" ({said[-1][:120]})" if said else ""),
                Location(path),
                code=Code.UNREADABLE,
            )
        if converted.stat().st_size > MAX_FILE_BYTES:
            raise ParseError(
                f"the file converted to .{target} is larger than the limit of {MAX_FILE_BYTES:,} bytes",
                Location(path),
                code=Code.UNSAFE,
            )
        return converted.read_bytes()
