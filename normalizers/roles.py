"""The role words: the verb closing a clause gives the role of the units listed in it."""

from __future__ import annotations

from pipeline.records import Role

# CONTRACT.md, Roles. Longest first, so 按职责分工负责 is found before 负责.
ROLE_WORDS: tuple[tuple[str, Role], ...] = tuple(
    sorted(
        {
            "牵头": Role.LEAD,
            "参加": Role.PARTICIPATING,
            "配合": Role.PARTICIPATING,
            "参与": Role.PARTICIPATING,
            "协助": Role.PARTICIPATING,
            "协同": Role.PARTICIPATING,
            "负责": Role.RESPONSIBLE,
            "按职责分工负责": Role.RESPONSIBLE,
            "分别负责": Role.RESPONSIBLE,
            "共同负责": Role.RESPONSIBLE,
        }.items(),
        key=lambda item: -len(item[0]),
    )
)

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


def closing_role(clause: str) -> tuple[str, Role] | None:
    """The role word a clause ends with, and its role; None for a clause with no role word."""
    for word, role in ROLE_WORDS:
        if clause.endswith(word):
            return word, role
    return None
