"""Property tests for reading responsibility cells (`read_cell`) and their canonical form (`fold_cell`).

CONTRACT.md, Roles: a cell is read clause by clause (clauses end at ；，。); the verb closing a clause
gives the role of the units listed in it; units are separated by 、 and ， (and 和 between whole unit
names); X、Y等有关部门（单位） adds one placeholder; the territorial clause is all_county. Text cells keep
their characters, with white space (U+3000, NBSP, zero-width included) removed. STYLE.md, rule 7:
normalizers are idempotent, indifferent to full/half width and white space, and never raise an
unexpected exception on any string.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalizers.cells import Mention, read_cell
from normalizers.text import fold_cell
from pipeline.errors import CellError
from pipeline.records import Role

# The first call loads jieba (about a second), so no per-example deadline.
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Unit names as written in the reference attachment (plus two aliases it resolves).
UNITS = (
    "市民政局",
    "市卫生健康委",
    "市发展改革委",
    "市财政局",
    "市自然资源规划局",
    "市住房城乡建设局",
    "市人力资源社会保障局",
    "市教育局",
    "市妇联",
    "市残联",
    "市经信局",
    "市科技局",
    "市市场监管局",
    "市交通运输局",
    "市文体旅游局",
    "市农业农村局",
    "市国资委",
    "市医保局",
    "市中医药局",
    "市商务局",
    "市公安局",
    "市应急局",
    "市金融工作局",
    "市数字经济局",
    "市统计局",
    "市税务局",
    "市林业局",
    "市政管局",
    "达州银保监分局",
    "人行达州市中心支行",
    "达州高新区管委会",
    "达州东部经开区管委会",
    "达川区人民政府",
    "宣汉县人民政府",
    "各电力公司",
    "市卫健委",
    "市发改委",
)
ZONES = ("达州高新区管委会", "达州东部经开区管委会")
COLLECTIVES = ("各县（市、区）人民政府", "各县（市、区）", "各区县政府")
PLACEHOLDERS = ("有关部门（单位）", "有关部门", "相关单位", "其他有关部门")
ROLE_WORDS: dict[str, Role] = {
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
}
CLAUSE_ENDS = ("；", "，", "。")
HALF_WIDTH = {"，": ",", "；": ";", "（": "(", "）": ")", "：": ":"}
# Not a line break: inside a cell it separates names (CONTRACT.md, Reading a responsibility cell).
WHITE_SPACE = (" ", "\t", "\u3000", "\u00a0", "\u200b", "\u200c", "\u200d", "\ufeff")


@dataclass(frozen=True)
class Cell:
    """A generated valid cell and what reading it must give: (name, role) per unit put in."""

    text: str
    expected: tuple[tuple[str, Role], ...]


@st.composite
def _clause(draw: st.DrawFn) -> tuple[str, list[tuple[str, Role]]]:
    """`X、Y[等有关部门（单位）]<role word>`, or a bare placeholder with its role word."""
    word = draw(st.sampled_from(sorted(ROLE_WORDS)))
    role = ROLE_WORDS[word]
    names = draw(st.lists(st.sampled_from(UNITS), min_size=0, max_size=4))
    placeholder = draw(st.sampled_from(PLACEHOLDERS)) if draw(st.booleans()) or not names else None
    joiners = [draw(st.sampled_from(("、", "、", "、", "和"))) for _ in names[1:]]
    text = names[0] if names else ""
    for joiner, name in zip(joiners, names[1:], strict=True):
        text += joiner + name
    if placeholder is not None:
        text += ("等" if names else "") + placeholder
    # Every placeholder reads as the one placeholder unit (CONTRACT.md, Placeholders).
    units = [*names, *(["有关部门（单位）"] if placeholder else [])]
    return text + word, [(name, role) for name in units]


@st.composite
def _territorial_clause(draw: st.DrawFn) -> tuple[str, list[tuple[str, Role]]]:
    """`[X、]各县（市、区）人民政府[、达州高新区管委会…]负责`: all_county from the collective on."""
    before = draw(st.lists(st.sampled_from(UNITS[:10]), max_size=2))
    group = draw(st.sampled_from(COLLECTIVES))
    zones = draw(st.lists(st.sampled_from(ZONES), max_size=2, unique=True))
    word = draw(st.sampled_from(("负责", "按职责分工负责", "分别负责")))
    text = "、".join([*before, group, *zones]) + word
    expected = [(name, ROLE_WORDS[word]) for name in before]
    expected += [(name, Role.ALL_COUNTY) for name in (group, *zones)]
    return text, expected


@st.composite
def valid_cells(draw: st.DrawFn) -> Cell:
    """A responsibility cell the contract reads: role clauses, an optional territorial clause."""
    if draw(st.integers(0, 9)) == 0:  # a plain list with no verb: every unit responsible
        names = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=4))
        end = draw(st.sampled_from(("", "。")))
        return Cell("、".join(names) + end, tuple((name, Role.RESPONSIBLE) for name in names))
    clauses = draw(st.lists(_clause(), min_size=0 if draw(st.booleans()) else 1, max_size=3))
    if draw(st.booleans()) or not clauses:
        clauses.append(draw(_territorial_clause()))
    text = ""
    for i, (words, _) in enumerate(clauses):
        text += words + (draw(st.sampled_from(CLAUSE_ENDS)) if i < len(clauses) - 1 else "")
    text += draw(st.sampled_from(("", "。", "；")))
    return Cell(text, _one_placeholder([pair for _, units in clauses for pair in units]))


def _one_placeholder(pairs: list[tuple[str, Role]]) -> tuple[tuple[str, Role], ...]:
    """The placeholder named again with the same role, in a row or apart, is one (CONTRACT.md,
    Placeholders)."""
    out: list[tuple[str, Role]] = []
    for pair in pairs:
        if not (pair in out and pair[0] == "有关部门（单位）"):
            out.append(pair)
    return tuple(out)


def _read(cell: str) -> list[tuple[str, Role]]:
    return [(m.name, m.role) for m in read_cell(cell)]


@st.composite
def _half_width_and_spaced(draw: st.DrawFn, cell: str) -> str:
    """`cell` with some full-width punctuation made half-width and white space inserted anywhere."""
    out = []
    for ch in cell:
        if draw(st.booleans()):
            out.append(draw(st.sampled_from(WHITE_SPACE)) * draw(st.integers(1, 3)))
        out.append(HALF_WIDTH[ch] if ch in HALF_WIDTH and draw(st.booleans()) else ch)
    out.append(draw(st.sampled_from(("", *WHITE_SPACE))))
    return "".join(out)


# Text built from the pieces a cell is made of, so that random strings reach deep into the reader.
_PIECES = st.one_of(
    st.sampled_from(UNITS + COLLECTIVES + PLACEHOLDERS + tuple(ROLE_WORDS)),
    st.sampled_from(
        (
            "、",
            "，",
            "；",
            "。",
            ",",
            ";",
            ".",
            "（",
            "）",
            "(",
            ")",
            "等",
            "和",
            "及",
            "与",
            "各",
            "市",
            "局",
            "委",
            "政府",
            "人民政府",
            "管委会",
            "0.1",
            " ",
            "\u3000",
        )
    ),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
)
cell_like_text = st.lists(_PIECES, max_size=12).map("".join)


def _check_mentions(mentions: tuple[Mention, ...]) -> None:
    assert mentions
    for mention in mentions:
        assert mention.name
        assert mention.written
        assert isinstance(mention.role, Role)


# ---- idempotent --------------------------------------------------------------------------------------


@FAST
@given(st.text())
def test_fold_cell_is_idempotent_on_any_text(text: str) -> None:
    """STYLE rule 7: folding a folded cell changes nothing (canonical form is a fixed point)."""
    once = fold_cell(text)
    assert fold_cell(once) == once


@FAST
@given(cell_like_text)
def test_fold_cell_is_idempotent_on_cell_like_text(text: str) -> None:
    """STYLE rule 7: idempotence also holds for text made of cell pieces, digits and full stops."""
    once = fold_cell(text)
    assert fold_cell(once) == once


@FAST
@given(valid_cells())
def test_reading_the_folded_cell_gives_the_same_mentions(cell: Cell) -> None:
    """STYLE rule 7: a cell in canonical form reads exactly as the cell did (same names and roles)."""
    assert _read(fold_cell(cell.text)) == _read(cell.text)


# ---- indifferent to half/full width and white space ----------------------------------------------


@FAST
@given(st.data(), valid_cells())
def test_half_width_punctuation_and_white_space_change_nothing(data: st.DataObject, cell: Cell) -> None:
    """CONTRACT Roles + Text cells: ，；（）： may be half-width and white space (U+3000, NBSP,
    zero-width) may appear anywhere in a cell whose names are separated by punctuation or words
    (white space between two whole names is a separator itself); the (name, role) sequence is the same."""
    variant = data.draw(_half_width_and_spaced(cell.text), label="variant")
    assert _read(variant) == _read(cell.text)


# ---- only its own typed error -------------------------------------------------------------------


def _read_or_refuse(text: str) -> None:
    try:
        mentions = read_cell(text)
    except CellError:
        return
    _check_mentions(mentions)


@FAST
@given(st.text())
def test_any_text_gives_mentions_or_a_cell_error(text: str) -> None:
    """STYLE rule 7 + CONTRACT Roles: any string is read into mentions or refused with CellError."""
    _read_or_refuse(text)


@FAST
@given(cell_like_text)
def test_cell_like_text_gives_mentions_or_a_cell_error(text: str) -> None:
    """As above, for strings mixing unit names, role words, separators, parentheses and CJK."""
    _read_or_refuse(text)


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def _expire(signum: int, frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_long_chain_of_conjunctions_is_refused_quickly() -> None:
    """CONTRACT Roles: words that fit no rule stop the build with an error — in bounded time."""
    read_cell("市民政局")  # load jieba outside the time limit
    outcome = "finished"
    try:
        with _time_limit(1.0):
            read_cell("市民政局和" * 30 + "甲")
    except CellError:
        outcome = "refused"
    except TimeoutError:
        outcome = "timed out"
    assert outcome == "refused"


# ---- counts -------------------------------------------------------------------------------------------


@FAST
@given(valid_cells())
def test_valid_cell_gives_one_mention_per_unit_put_in(cell: Cell) -> None:
    """CONTRACT Roles: every task has at least one assignment; X、Y等有关部门（单位） gives X, Y and
    one placeholder; a collective is one mention here (expansion happens later)."""
    mentions = read_cell(cell.text)
    _check_mentions(mentions)
    assert len(mentions) == len(cell.expected)
    assert [m.name for m in mentions] == [name for name, _ in cell.expected]


@FAST
@given(valid_cells())
def test_valid_cell_gives_each_unit_the_role_of_its_clause(cell: Cell) -> None:
    """CONTRACT Roles: the verb closing a clause gives its units' role; from a collective to the end
    of its clause the role is all_county."""
    assert _read(cell.text) == list(cell.expected)
