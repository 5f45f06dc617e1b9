"""Documents that are near copies of each other: a corrected re-issue, a copy under another name.

Identical files count once already (by their bytes). A near copy differs in a few bytes or rows, so
it is found by its rows: each task row (its text and responsibility cell, white space removed) is
hashed, and two documents whose smaller one has NEAR_COPY_SHARE of its rows in the other are a
pair. Both are counted unless raw/manifest.toml says which one the newer `supersedes`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping

import pyarrow as pa

from pipeline.outcomes import NearDuplicate

# Share of the smaller document's rows found in the other one that makes a pair: a re-issue that
# corrects a few tasks keeps nearly all its rows; two documents of one city share their departments,
# not their task texts.
NEAR_COPY_SHARE = 0.8

# Rows shared by more documents than this are boilerplate (the same sentence in every year's list),
# not evidence that two documents are copies.
MAX_DOCUMENTS_PER_ROW = 50


def _row_key(task_text: str, units_text: str) -> bytes:
    text = "".join(task_text.split()) + "\x1f" + "".join(units_text.split())
    return hashlib.blake2b(text.encode(), digest_size=8).digest()


# The columns of the tasks table a row's key is made of.
COLUMNS = ["doc_id", "task_text", "units_text"]


def near_copies(parts: Iterable[pa.Table], paths: Mapping[str, str]) -> list[NearDuplicate]:
    """Pairs of documents (by path) whose rows are nearly the same, most alike first. `parts` are
    the tasks table's parts (COLUMNS at least), read one at a time: only their rows' keys are kept."""
    rows: dict[str, set[bytes]] = {}
    for tasks in parts:
        for doc_id, task_text, units_text in zip(*(tasks[c].to_pylist() for c in COLUMNS), strict=True):
            rows.setdefault(doc_id, set()).add(_row_key(task_text, units_text))
    holders: dict[bytes, list[str]] = {}
    for doc_id, keys in rows.items():
        for key in keys:
            holders.setdefault(key, []).append(doc_id)
    shared: Counter[tuple[str, str]] = Counter()
    for docs in holders.values():
        if 1 < len(docs) <= MAX_DOCUMENTS_PER_ROW:
            ordered = sorted(docs)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    shared[(a, b)] += 1
    pairs = []
    for (a, b), count in shared.items():
        share = count / min(len(rows[a]), len(rows[b]))
        if share >= NEAR_COPY_SHARE:
            first, second = sorted((paths.get(a, a), paths.get(b, b)))
            pairs.append(NearDuplicate(first, second, round(share, 4), "both"))
    return sorted(pairs, key=lambda d: (-d.share, d.path, d.other))


def superseded_pairs(supersedes: Mapping[str, str]) -> list[NearDuplicate]:
    """The pairs raw/manifest.toml settles: the newer file counted, the older one left out."""
    return [
        NearDuplicate(newer, older, 1.0, f"only {newer} (supersedes {older})") for newer, older in supersedes.items()
    ]
