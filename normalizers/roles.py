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
def role_words() -> dict[str, Role | None]:
    """word → role from roles.tsv; a modifier's role is None."""
    return {row["word"]: None if row["role"] == MODIFIER else Role(row["role"]) for row in lexicon.table("roles")}


@cache
def _verb_words() -> lexicon.Suffixes:
    return lexicon.Suffixes(list(role_words()))


def starts_with_verb(text: str) -> bool:
    """Whether a role word or modifier begins `text` (a name ends before it)."""
    return any(text.startswith(word) for word in role_words())


def closing_verb(clause: str) -> Verb | None:
    """The verb a clause ends with, or None when it ends with no role word."""
    end = len(clause)
    roles: list[Role] = []
    while end > 0:
        word = _verb_words().ends(clause, end)
        if word is None:
            break
        end -= len(word)
        role = role_words()[word]
        if role is not None:
            roles.append(role)
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
