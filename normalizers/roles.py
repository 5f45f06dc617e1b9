"""The role words: the verb closing a clause gives the role of the units listed in it.

The words are data (`normalizers/data/roles.tsv`). A clause's verb is read from its end: role words
and modifiers (具体, 切实, 按职责…) that follow one another, longest first; the strongest role among
them decides (lead > participating > responsible), so 牵头负责 leads and 配合落实 participates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from normalizers import lexicon
from normalizers.columns import ROLE_OF_COLUMN, header_words
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


@cache
def _marks() -> dict[str, Role]:
    return {row["mark"]: Role(row["role"]) for row in lexicon.table("marks")}


def role_mark(name: str) -> tuple[int, int, Role] | None:
    """Where the name stands around the mark that gives that one unit its role (start, end), and the
    role: 区财政局* → (0, 4, lead); *市发展改革委 → (1, 7, lead), the mark before the name as 嘉兴
    writes it; 市发展改革委（牵头） → (0, 6, lead); 市财政局（配合单位） → (0, 4, participating). A bracket
    holding anything else (a campus, 西校区) is part of the name."""
    marks = "".join(_marks())
    after, before = name.rstrip(marks), name.lstrip(marks)
    if after != name and after:
        return 0, len(after), _marks()[name[len(after)]]
    if before != name and before:
        return len(name) - len(before), len(name), _marks()[name[0]]
    if not name.endswith("）") or "（" not in name:
        return None
    opening = name.rindex("（")
    inside = name[opening + 1 : -1]
    column = next((c for word, c, _ in header_words() if word == inside), None)  # the whole bracket
    role = role_of_words(inside) or (ROLE_OF_COLUMN.get(column) if column is not None else None)
    return (0, opening, role) if role is not None and opening > 0 else None


def role_of_words(words: str) -> Role | None:
    """The role a run of verb words gives, if it is one (牵头, 配合落实, …)."""
    verb = closing_verb(words)
    return verb.role if verb and verb.start == 0 else None
