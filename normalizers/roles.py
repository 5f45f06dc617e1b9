"""The role words: the verb closing a clause gives the role of the units listed in it.

The words are data (`normalizers/data/roles.tsv`). A clause's verb is read from its end: role words
and modifiers (具体, 切实, 按职责…) that follow one another, longest first; the strongest role among
them decides (lead > participating > responsible), so 牵头负责 leads and 配合落实 participates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from normalizers import lexicon
from pipeline.records import Role

MODIFIER = "modifier"

# The role of units listed with no verb at all (a plain list).
PLAIN_LIST_ROLE = Role.RESPONSIBLE

# Characters that end a clause, and the one that separates units inside one. A ， ends a clause
# only once a role word closes it: a ，-separated piece without one continues the list.
CLAUSE_ENDS = "；，。"
LIST_SEPARATORS = "、"

# Words that separate two units only where a whole unit name stands on each side.
CONJUNCTIONS: tuple[str, ...] = ("和", "及", "与")

# The word that joins named units to the placeholder that rounds them off (X、Y等有关部门).
ET_CETERA = "等"

# X会同Y负责: X leads, Y and the rest of the clause participate.
TOGETHER_WITH = "会同"

# A leading word that is no part of a name: 由市民政局牵头.
BY = "由"

_STRENGTH = {Role.LEAD: 3, Role.PARTICIPATING: 2, Role.RESPONSIBLE: 1}


@dataclass(frozen=True)
class Verb:
    """The verb that closes a clause: where it starts in the clause, its words, and its role."""

    start: int
    words: str
    role: Role


@cache
def role_words() -> tuple[tuple[str, Role | None], ...]:
    """(word, role) from roles.tsv, longest first; a modifier's role is None."""
    rows = [(row["word"], None if row["role"] == MODIFIER else Role(row["role"])) for row in lexicon.table("roles")]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def closing_verb(clause: str) -> Verb | None:
    """The verb a clause ends with, or None when it ends with no role word."""
    end = len(clause)
    roles: list[Role] = []
    while end > 0:
        found = next(((w, r) for w, r in role_words() if clause.endswith(w, 0, end)), None)
        if found is None:
            break
        end -= len(found[0])
        if found[1] is not None:
            roles.append(found[1])
    if not roles:
        return None
    return Verb(end, clause[end:], max(roles, key=_STRENGTH.__getitem__))


def closing_role(clause: str) -> tuple[str, Role] | None:
    """The verb's words and role, for callers that need no position."""
    verb = closing_verb(clause)
    return (verb.words, verb.role) if verb else None


def role_of_words(words: str) -> Role | None:
    """The role a run of verb words gives, if it is one (牵头, 配合落实, …)."""
    verb = closing_verb(words)
    return verb.role if verb and verb.start == 0 else None
