"""What the report page counts of one document, worked out where the document is read and kept with
its part (output/_counts/), so that drawing the page never reads the whole output again.

Each count is a row (count, key, detail, n). Counts of different documents add up: a task and all
its rows belong to one document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from derived.document import Derived
from pipeline.records import NormalizedDocument, Role

ROLE = "role"  # key: a role; n: assignment rows
UNIT = "unit"  # key: a unit's full name; n: tasks it has any role in
UNIT_ROLE = "unit_role"  # key: a unit's full name, detail: a role; n: tasks
TARGET = "target"  # key: a task topic, detail: a measure word; n: targets

# The topic of a target whose task has no topic row.
NO_TOPIC = "?"


def counted(document: NormalizedDocument, derived: Derived) -> Iterator[tuple[str, str, str, int]]:
    """The document's counts, as (count, key, detail, n)."""
    assignments = document.assignments
    for role, n in sorted(Counter(a.role.value for a in assignments).items()):
        yield ROLE, role, "", n
    pairs = Counter(unit for unit, _ in {(a.unit.full_name, a.task_id) for a in assignments})
    for unit, n in sorted(pairs.items()):
        yield UNIT, unit, "", n
    roles_held = {(a.unit.full_name, a.task_id, a.role.value) for a in assignments}
    triples = Counter((unit, role) for unit, _, role in roles_held)
    for (unit, role), n in sorted(triples.items()):
        yield UNIT_ROLE, unit, role, n
    topic_of = {t.task_id: t.topic for t in derived.terms}
    targets = Counter((topic_of.get(t.task_id, NO_TOPIC), t.unit) for t in derived.targets)
    for (topic, unit), n in sorted(targets.items()):
        yield TARGET, topic, unit, n


def role_totals(counts: pa.Table) -> dict[str, int]:
    """Assignment rows per role (every role, 0 where none), summed over the documents' counts."""
    roles = counts.filter(pc.equal(counts["count"], ROLE)).group_by("key").aggregate([("n", "sum")])
    summed = dict(zip(roles["key"].to_pylist(), roles["n_sum"].to_pylist(), strict=True))
    return {role.value: int(summed.get(role.value, 0)) for role in Role}
