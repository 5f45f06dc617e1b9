"""Everything derived from one normalized document: its targets, its tasks' topics and keywords,
and its links from annual tasks to key tasks (the keywords weigh each task's terms against the other
tasks of its document, so that a document's rows depend on that document alone)."""

from __future__ import annotations

from dataclasses import dataclass

from derived.links import Link, links
from derived.targets import Target, targets_of
from derived.topics import TaskTerms, task_terms, unit_names
from pipeline.records import NormalizedDocument


@dataclass(frozen=True)
class Derived:
    """What a document's tasks commit to, are about, and carry out."""

    targets: tuple[Target, ...]
    terms: tuple[TaskTerms, ...]
    links: tuple[Link, ...]


def derive(document: NormalizedDocument) -> Derived:
    """The targets, terms and links of one document."""
    names = unit_names([document])
    return Derived(
        tuple(target for task in document.tasks for target in targets_of(task)),
        task_terms(document.tasks, names),
        links(document, names),
    )
