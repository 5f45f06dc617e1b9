"""The report page's charts, drawn by plotly from what `gather` counted, never by hand.

Each function takes the gathered counts and returns a plotly figure; `figure_html` turns figures into
page fragments with plotly.js inlined once, so the page is whole offline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from analysis.gather import Gathered
from analysis.html import CJK_FONTS

# Units shown in the bar chart and the heat map: the ones with most tasks (the tables have all).
MAX_UNITS_DRAWN = 30
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


def tasks_per_unit(drawn: Gathered) -> Any:
    """Tasks per unit, by role (stacked bars), for the units with most tasks."""
    import plotly.graph_objects as go

    ranked = sorted(drawn.unit_tasks.items(), key=lambda item: (-item[1], item[0]))
    units = [unit for unit, _ in ranked[:MAX_UNITS_DRAWN]][::-1]
    figure = go.Figure(
        [
            go.Bar(
                name=role,
                y=units,
                x=[drawn.unit_role_tasks[(u, role)] for u in units],
                orientation="h",
                marker_color=colour,
            )
            for role, colour in ROLE_COLOURS.items()
        ]
    )
    figure.update_layout(barmode="stack", xaxis_title="tasks")
    return _layout(figure, f"Tasks per unit, by role (the {len(units)} units with most tasks)", 24 * len(units) + 160)


def responsibility_matrix(drawn: Gathered) -> Any:
    """Units × tasks: the strongest role each unit has in each of the first tasks (heat map)."""
    import plotly.graph_objects as go

    strength: dict[tuple[str, str], int] = {}
    roles: dict[tuple[str, str], str] = {}
    for unit, task_id, role in drawn.matrix_cells:
        if ROLE_STRENGTH[role] > strength.get((unit, task_id), 0):
            strength[(unit, task_id)], roles[(unit, task_id)] = ROLE_STRENGTH[role], role
    per_unit = Counter(unit for unit, _ in strength)
    units = [u for u, _ in per_unit.most_common(MAX_UNITS_DRAWN)][::-1]
    tasks = drawn.matrix_tasks
    columns = [f"{t.table_no}.{t.seq}" for t in tasks]
    z = [[strength.get((u, t.task_id), 0) for t in tasks] for u in units]
    text = [[f"{roles.get((u, t.task_id), '—')}: {t.text[:40]}" for t in tasks] for u in units]
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


def targets_by_topic(drawn: Gathered) -> Any:
    """Quantitative targets per task topic, by measure word."""
    import plotly.graph_objects as go

    pairs = drawn.targets_by_topic
    topics = sorted({topic for topic, _ in pairs})
    units = [u for u, _ in Counter(u for _, u in pairs.elements()).most_common()]
    figure = go.Figure([go.Bar(name=u, x=topics, y=[pairs[(t, u)] for t in topics]) for u in units])
    figure.update_layout(barmode="stack", yaxis_title="targets")
    return _layout(figure, "Quantitative targets by task topic (stacked by measure word)", 420)


def links_flow(drawn: Gathered) -> Any:
    """Annual tasks flowing to the key tasks they carry out (a Sankey diagram)."""
    import plotly.graph_objects as go

    rows = [(link["from_task_id"], link["to_task_id"], link["score"]) for link in drawn.links[:MAX_LINKS_DRAWN]]
    labels = sorted({t for a, b, _ in rows for t in (a, b)})
    index = {t: i for i, t in enumerate(labels)}
    figure = go.Figure(
        go.Sankey(
            node={"label": [f"{t.split(':', 1)[1]} {drawn.texts.get(t, '')[:30]}" for t in labels], "pad": 8},
            link={
                "source": [index[a] for a, _, _ in rows],
                "target": [index[b] for _, b, _ in rows],
                "value": [max(score, 0.05) for _, _, score in rows],
            },
        )
    )
    return _layout(figure, f"Annual tasks → the key tasks they carry out ({len(rows)} links)", 22 * len(labels) + 160)


def figure_html(figures: Sequence[Any]) -> list[str]:
    """Each figure as a page fragment; plotly.js is inlined with the first one only."""
    return [
        figure.to_html(full_html=False, include_plotlyjs=(i == 0), config={"displaylogo": False})
        for i, figure in enumerate(figures)
    ]
