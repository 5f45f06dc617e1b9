"""The report page's charts, drawn by plotly from the output tables (Arrow), never by hand.

Each function takes the tables it draws and returns a plotly figure; `figure_html` turns figures into
page fragments with plotly.js inlined once, so the page is whole offline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from analysis.html import CJK_FONTS

# Units shown in the bar chart and the heat map: the ones with most tasks (the tables have all).
MAX_UNITS_DRAWN = 30
# Tasks shown as columns of the heat map, in document and table order.
MAX_TASKS_DRAWN = 120
# Links drawn in the flow from annual tasks to key tasks.
MAX_LINKS_DRAWN = 80

ROLES: tuple[str, ...] = ("lead", "responsible", "participating", "all_county")
ROLE_COLOURS = {"lead": "#c0392b", "responsible": "#2e86c1", "participating": "#f5b041", "all_county": "#7dcea0"}
# How strongly a role ties a unit to a task, for the heat map's colour.
ROLE_STRENGTH = {"lead": 4, "responsible": 3, "participating": 2, "all_county": 1}


def _layout(figure: Any, title: str, height: int) -> Any:
    figure.update_layout(
        title=title,
        height=height,
        font={"family": CJK_FONTS.replace('"', "")},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h"},
    )
    return figure


def tasks_per_unit(assignments: pa.Table) -> Any:
    """Tasks per unit, by role (stacked bars), for the units with most tasks."""
    import plotly.graph_objects as go

    # Counted in Arrow: the page of a national build must not hold every assignment as Python objects.
    pairs = (
        assignments.select(["full_name", "task_id", "role"]).group_by(["full_name", "task_id", "role"]).aggregate([])
    )
    totals = pairs.group_by("full_name").aggregate([("task_id", "count_distinct")])
    ranked = totals.sort_by([("task_id_count_distinct", "descending"), ("full_name", "ascending")])
    units = ranked["full_name"].to_pylist()[:MAX_UNITS_DRAWN][::-1]
    shown = pairs.filter(pc.is_in(pairs["full_name"], pa.array(units, pa.string())))
    by_role = shown.group_by(["full_name", "role"]).aggregate([("task_id", "count")])
    counts = {(u, r): n for u, r, n in zip(*_columns(by_role, "full_name", "role", "task_id_count"), strict=True)}
    figure = go.Figure(
        [
            go.Bar(
                name=role, y=units, x=[counts.get((u, role), 0) for u in units], orientation="h", marker_color=colour
            )
            for role, colour in ROLE_COLOURS.items()
        ]
    )
    figure.update_layout(barmode="stack", xaxis_title="tasks")
    return _layout(figure, f"Tasks per unit, by role (the {len(units)} units with most tasks)", 24 * len(units) + 160)


def responsibility_matrix(assignments: pa.Table, tasks: pa.Table) -> Any:
    """Units × tasks: the strongest role each unit has in each task (heat map)."""
    import plotly.graph_objects as go

    first = tasks.slice(0, MAX_TASKS_DRAWN)
    order = list(zip(*_columns(first, "task_id", "table_no", "seq", "task_text"), strict=True))
    drawn = assignments.filter(pc.is_in(assignments["task_id"], first["task_id"]))
    strength: dict[tuple[str, str], int] = {}
    roles: dict[tuple[str, str], str] = {}
    for unit, task_id, role in zip(*_columns(drawn, "full_name", "task_id", "role"), strict=True):
        if ROLE_STRENGTH[role] > strength.get((unit, task_id), 0):
            strength[(unit, task_id)], roles[(unit, task_id)] = ROLE_STRENGTH[role], role
    per_unit = Counter(unit for unit, _ in strength)
    units = [u for u, _ in per_unit.most_common(MAX_UNITS_DRAWN)][::-1]
    columns = [f"{table_no}.{seq}" for _, table_no, seq, _ in order]
    z = [[strength.get((u, t), 0) for t, _, _, _ in order] for u in units]
    text = [[f"{roles.get((u, t), '—')}: {text[:40]}" for t, _, _, text in order] for u in units]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=units,
            text=text,
            hovertemplate="%{y}<br>task %{x}: %{text}<extra></extra>",
            colorscale=[[0, "#ffffff"], [0.25, "#d5f5e3"], [0.5, "#f9e79f"], [0.75, "#aed6f1"], [1, "#c0392b"]],
            zmin=0,
            zmax=4,
            colorbar={"tickvals": [0, 1, 2, 3, 4], "ticktext": ["none", *reversed(ROLES)]},
        )
    )
    figure.update_xaxes(type="category", title="task (table.row)")
    title = f"Who is responsible for what: {len(units)} units × {len(columns)} tasks"
    return _layout(figure, title, 24 * len(units) + 200)


def targets_by_topic(targets: pa.Table, terms: pa.Table) -> Any:
    """Quantitative targets per task topic, by measure word."""
    import plotly.graph_objects as go

    topic_of = dict(zip(*_columns(terms, "task_id", "topic"), strict=True))
    pairs = Counter((topic_of.get(t, "?"), unit) for t, unit in zip(*_columns(targets, "task_id", "unit"), strict=True))
    topics = sorted({topic for topic, _ in pairs})
    units = [u for u, _ in Counter(u for _, u in pairs.elements()).most_common()]
    figure = go.Figure([go.Bar(name=u, x=topics, y=[pairs[(t, u)] for t in topics]) for u in units])
    figure.update_layout(barmode="stack", yaxis_title="targets")
    return _layout(figure, "Quantitative targets by task topic (stacked by measure word)", 420)


def links_flow(links: pa.Table, tasks: pa.Table) -> Any:
    """Annual tasks flowing to the key tasks they carry out (a Sankey diagram)."""
    import plotly.graph_objects as go

    rows = list(zip(*_columns(links, "from_task_id", "to_task_id", "score"), strict=True))[:MAX_LINKS_DRAWN]
    labels = sorted({t for a, b, _ in rows for t in (a, b)})
    text = task_texts(tasks, labels, 30)
    index = {t: i for i, t in enumerate(labels)}
    figure = go.Figure(
        go.Sankey(
            node={"label": [f"{t.split(':', 1)[1]} {text.get(t, '')}" for t in labels], "pad": 8},
            link={
                "source": [index[a] for a, _, _ in rows],
                "target": [index[b] for _, b, _ in rows],
                "value": [max(score, 0.05) for _, _, score in rows],
            },
        )
    )
    return _layout(figure, f"Annual tasks → the key tasks they carry out ({len(rows)} links)", 22 * len(labels) + 160)


def task_texts(tasks: pa.Table, task_ids: Sequence[str], length: int) -> dict[str, str]:
    """The first `length` characters of the text of each task named (only those are taken out of Arrow)."""
    chosen = tasks.filter(pc.is_in(tasks["task_id"], pa.array(list(task_ids), pa.string())))
    return {t: s[:length] for t, s in zip(*_columns(chosen, "task_id", "task_text"), strict=True)}


def figure_html(figures: Sequence[Any]) -> list[str]:
    """Each figure as a page fragment; plotly.js is inlined with the first one only."""
    return [
        figure.to_html(full_html=False, include_plotlyjs=(i == 0), config={"displaylogo": False})
        for i, figure in enumerate(figures)
    ]


def _columns(table: pa.Table, *names: str) -> list[list[Any]]:
    return [table[name].to_pylist() for name in names]
