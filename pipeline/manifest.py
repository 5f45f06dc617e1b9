"""raw/manifest.toml: what an analyst sets per file without touching code.

["nanchong/某文件.docx"]          # path relative to raw/
jurisdiction = "南充市"           # a gazetteer name or a six-digit code (511300)
first_listed_leads = true         # plain lists: the first unit leads (when the file does not say so)
supersedes = "nanchong/旧版.docx"  # an older issue of this file: left out of the tables
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Code, Location, ParseError
from pipeline.records import Division

MANIFEST_NAME = "manifest.toml"
ALIASES_NAME = "aliases.tsv"  # analysts' alias rows (normalizers.aliases); not an attachment either
UNITS_NAME = "units.tsv"  # analysts' declared units (normalizers.declared); not an attachment either
_KEYS = {"jurisdiction", "first_listed_leads", "supersedes"}


@dataclass(frozen=True)
class FileSettings:
    """The settings of one file, as resolved from the manifest."""

    jurisdiction: Division | None = None
    first_listed_leads: bool | None = None
    supersedes: str | None = None  # the path (under raw/) of an older issue this file replaces


def load_manifest(raw_dir: Path, present: set[str]) -> dict[str, FileSettings]:
    """Settings by path; refuse unknown keys, unknown files and jurisdictions the gazetteer lacks."""
    path = raw_dir / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _error(f"manifest is not valid TOML ({error})") from None
    settings: dict[str, FileSettings] = {}
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise _error(f'entry «{name}» must be a table of settings, like ["{name}"]')
        if name not in present:
            raise _error(f"entry «{name}» names no file under raw/")
        unknown = set(entry) - _KEYS
        if unknown:
            raise _error(f"entry «{name}» has unknown setting(s) {sorted(unknown)}; known: {sorted(_KEYS)}")
        leads = entry.get("first_listed_leads")
        if leads is not None and not isinstance(leads, bool):
            raise _error(f"entry «{name}»: first_listed_leads must be true or false")
        where = entry.get("jurisdiction")
        older = entry.get("supersedes")
        if older is not None and (not isinstance(older, str) or older not in present or older == name):
            raise _error(f"entry «{name}»: supersedes must name another file under raw/ (not «{older}»)")
        settings[name] = FileSettings(_division(str(where), name) if where is not None else None, leads, older)
    return settings


def _division(value: str, name: str) -> Division:
    from normalizers import gazetteer

    if value.isdigit():
        found = gazetteer.get(value.ljust(6, "0"))
        matches = [found] if found else []
    else:
        matches = list(gazetteer.named(value)) or [d for d in gazetteer.divisions() if gazetteer.short_name(d) == value]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise _error(f"entry «{name}»: jurisdiction «{value}» is not in the gazetteer")
    listed = ", ".join(f"{d.name} ({d.adcode})" for d in matches[:8])
    raise _error(f"entry «{name}»: jurisdiction «{value}» names several divisions ({listed}); give its code")


def _error(reason: str) -> ParseError:
    return ParseError(reason, Location(MANIFEST_NAME), code=Code.MANIFEST)
