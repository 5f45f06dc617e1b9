"""Documents that are near copies of each other: a corrected re-issue, a copy under another name.

Identical files count once already (by their bytes). A near copy differs in a few bytes or rows, so
it is found by its rows: each task row (its text and responsibility cell, white space removed) is
hashed, and two documents whose smaller one has NEAR_COPY_SHARE of its rows in the other are a
pair. Both are counted unless raw/manifest.toml says which one the newer `supersedes`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.outcomes import NearDuplicate

# Share of the smaller document's rows found in the other one that makes a pair: a re-issue that
# corrects a few tasks keeps nearly all its rows; two documents of one city share their departments,
# not their task texts.
NEAR_COPY_SHARE = 0.8

# Rows shared by more documents than this are boilerplate (the same sentence in every year's list),
# not evidence that two documents are copies.
MAX_DOCUMENTS_PER_ROW = 50


def row_key(task_text: str, units_text: str) -> bytes:
    """A task row's key: its text and responsibility cell, white space removed, hashed."""
    text = "".join(task_text.split()) + "\x1f" + "".join(units_text.split())
    return hashlib.blake2b(text.encode(), digest_size=8).digest()


def near_copies(keys: pa.Table | None, paths: Mapping[str, str]) -> list[NearDuplicate]:
    """Pairs of documents (by path) whose rows are nearly the same, most alike first. `keys` is the
    table of (doc_id, row_key) of every document (the output's hidden _rows parts)."""
    if keys is None or not keys.num_rows:
        return []
    # In Arrow: only keys that more than one document holds ever become Python objects.
    distinct = keys.group_by(["doc_id", "row_key"]).aggregate([])
    sizes = distinct.group_by("doc_id").aggregate([("row_key", "count")])
    rows = dict(zip(sizes["doc_id"].to_pylist(), sizes["row_key_count"].to_pylist(), strict=True))
    holders = distinct.group_by("row_key").aggregate([("doc_id", "list")])
    counts = pc.list_value_length(holders["doc_id_list"])
    holders = holders.filter(pc.and_(pc.greater(counts, 1), pc.less_equal(counts, MAX_DOCUMENTS_PER_ROW)))
    shared: Counter[tuple[str, str]] = Counter()
    for docs in holders["doc_id_list"].to_pylist():
        ordered = sorted(docs)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                shared[(a, b)] += 1
    pairs = []
    for (a, b), count in shared.items():
        share = count / min(rows[a], rows[b])
        if share >= NEAR_COPY_SHARE:
            first, second = sorted((paths.get(a, a), paths.get(b, b)))
            pairs.append(NearDuplicate(first, second, round(share, 4), "both"))
    return sorted(pairs, key=lambda d: (-d.share, d.path, d.other))


def superseded_pairs(supersedes: Mapping[str, str]) -> list[NearDuplicate]:
    """The pairs raw/manifest.toml settles: the newer file counted, the older one left out."""
    return [
        NearDuplicate(newer, older, 1.0, f"only {newer} (supersedes {older})") for newer, older in supersedes.items()
    ]
