"""The shell of a report page: one self-contained HTML file.

Everything is inline (CSS in a ``<style>``, charts as SVG), and a Content
Security Policy forbids scripts and every network request, so the page shows
the same on a trainer's laptop offline as online, and text from packs or other
learners' files cannot turn into active content.
"""

from __future__ import annotations

from html import escape

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STYLE = """
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6573; --line: #d7dce3; --flag: #b42318; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK JP", sans-serif;
  color: var(--ink); background: #fff; margin: 0 auto; padding: 24px 28px 48px; max-width: 860px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 6px; padding-top: 12px; border-top: 2px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
.meta, .note, .legend, caption { color: var(--muted); font-size: 13px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0; }
.tile { flex: 1 1 150px; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.tile .big { font-size: 26px; font-weight: 650; display: block; }
.tile .what { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 10px 0 4px; font-size: 13.5px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: #f4f6f9; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tr.flagged td:first-child { color: var(--flag); font-weight: 600; }
.legend .key { margin-right: 14px; white-space: nowrap; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px;
  vertical-align: -1px; }
.status { white-space: nowrap; }
.status.completed { color: #1a7f37; } .status.in_progress { color: #9a6700; } .status.not_started { color: var(--muted); }
.problems { border: 1px solid #f0b4ae; background: #fff5f4; border-radius: 8px; padding: 8px 16px; margin: 16px 0; }
.struggles { border: 1px solid #f3d38a; background: #fffaeb; border-radius: 8px; padding: 8px 16px; margin: 16px 0; }
.problems li, .struggles li { margin: 4px 0; }
code { font-size: 12.5px; word-break: break-all; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 6px 0; }
svg.chart text { font: 12px system-ui, sans-serif; fill: var(--ink); }
svg.chart text.axis, svg.chart text.nodata { fill: var(--muted); font-size: 11px; }
svg.chart text.value { font-size: 11px; }
svg.chart text.inbar { fill: #fff; font-size: 11px; font-weight: 600; }
svg.chart text.flagged { fill: var(--flag); font-weight: 600; }
svg.chart line.grid { stroke: #e6e9ee; stroke-width: 1; }
svg.chart line.marker { stroke: #333; stroke-width: 1.5; stroke-dasharray: 4 3; }
svg.chart rect.flag-band { fill: #fff1ef; }
.s-mastery { fill: #2f6fb0; background: #2f6fb0; }
.s-quiz { fill: #7a5cc0; background: #7a5cc0; }
.s-retention { fill: #2e9e6a; background: #2e9e6a; }
.s-completed { fill: #2e9e6a; background: #2e9e6a; }
.s-in_progress { fill: #e0a030; background: #e0a030; }
.s-not_started { fill: #c9ced6; background: #c9ced6; }
.s-answers { fill: #b8cde6; background: #b8cde6; }
.s-right { fill: #2f6fb0; background: #2f6fb0; }
.marker-key { display: inline-block; width: 14px; border-top: 2px dashed #333; margin-right: 5px; vertical-align: 3px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--line); padding-top: 10px; }
@media print { body { padding: 0; } h2 { break-before: auto; } svg.chart, table { break-inside: avoid; } }
"""


def page(title: str, body: str, *, lang: str = "en") -> str:
    """A whole HTML document: ``title`` is escaped here; ``body`` must already be safe HTML."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def tile(value: str, what: str) -> str:
    """A summary figure with its caption (both escaped)."""
    return f'<div class="tile"><span class="big">{escape(value)}</span><span class="what">{escape(what)}</span></div>'


def status_label(status: str) -> str:
    """A lesson status as a coloured word."""
    words = {"completed": "✓ completed", "in_progress": "in progress", "not_started": "not started"}
    css = status if status in words else "not_started"
    return f'<span class="status {css}">{escape(words.get(status, status))}</span>'
