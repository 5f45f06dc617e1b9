"""The pages analysts open, as plain HTML: one page shell, one table with sorting and filtering.

Both the build report (reports/build-report.html) and the analyst page (output/report.html) are made
of these, so a table looks and behaves the same in both. Nothing is fetched: the styles and the
small script are inline, and Chinese text is set in the first CJK font the viewer has.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

# Chinese text needs a CJK font on the viewer's machine; these are tried in turn (Debian's
# fonts-noto-cjk gives the first).
CJK_FONTS = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
)

_STYLE = f"""
body{{font-family:{CJK_FONTS};margin:2em;color:#222;max-width:1400px}}
h1{{font-size:1.6em}}h2{{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}}
table{{border-collapse:collapse;margin-bottom:1em;font-size:.92em}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}
th{{background:#f3f3f3;cursor:pointer;user-select:none;white-space:nowrap}}
th[data-order=asc]::after{{content:" ▲"}}th[data-order=desc]::after{{content:" ▼"}}
tr.bad td{{background:#fdd}}tr.warn td{{background:#ffe9c2}}
input.filter{{margin:.3em 0;padding:3px 6px;width:24em;font-family:inherit}}
.figures{{display:flex;flex-wrap:wrap;gap:1em}}.note{{color:#555}}
.summary td:first-child{{font-weight:bold}}
"""

# Click a header to sort by it (numbers as numbers); type in the box above a table to keep the rows
# that contain the words.
_SCRIPT = """
document.querySelectorAll("table.data").forEach(function (table) {
  var box = table.previousElementSibling;
  if (box && box.classList.contains("filter")) {
    box.addEventListener("input", function () {
      var words = box.value.trim().toLowerCase();
      table.querySelectorAll("tbody tr").forEach(function (row) {
        row.style.display = !words || row.textContent.toLowerCase().indexOf(words) >= 0 ? "" : "none";
      });
    });
  }
  table.querySelectorAll("th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var order = th.dataset.order === "asc" ? "desc" : "asc";
      table.querySelectorAll("th").forEach(function (other) { delete other.dataset.order; });
      th.dataset.order = order;
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].textContent, y = b.cells[column].textContent;
        var n = parseFloat(x), m = parseFloat(y);
        var numbers = !isNaN(n) && !isNaN(m) && String(n) === x.trim() && String(m) === y.trim();
        var c = numbers ? n - m : x.localeCompare(y, "zh");
        return order === "asc" ? c : -c;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""


def esc(value: object) -> str:
    """Text for HTML ('' for None)."""
    return html.escape("" if value is None else str(value))


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    marks: Sequence[str] | None = None,
    *,
    empty: str = "None.",
    filterable: bool = True,
) -> str:
    """A sortable table (and a filter box above it); `empty` says why when there are no rows."""
    if not rows:
        return f'<p class="note">{esc(empty)}</p>'
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        f'<tr class="{marks[i] if marks else ""}">' + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
        for i, row in enumerate(rows)
    )
    box = '<input class="filter" placeholder="filter: type to keep matching rows">' if filterable else ""
    return f'{box}<table class="data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def page(title: str, body: str, head: str = "") -> str:
    """A whole page: the shell, the styles, the body, and the sorting script at the end."""
    return (
        f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{_STYLE}</style>{head}</head><body>\n{body}\n<script>{_SCRIPT}</script></body></html>\n"
    )
