"""Charts drawn on the server as SVG: no chart library, no script, nothing from a CDN.

Each function takes numbers already counted by a view (from ``published()`` data) and
returns markup. Colours come from CSS classes (``stance-<value>``, ``bin-<n>``), so
the strict Content Security Policy holds and the palette lives in one stylesheet.
Every chart carries a text alternative; pages also show the numbers as text.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .choices import US_STATES, Stance


def ordered_stances(counts):
    """``[(Stance, n), ...]`` in chart order, leaving out stances with no count."""
    return [
        (stance, counts[stance]) for stance in Stance.CHART_ORDER if counts.get(stance)
    ]


def describe_counts(counts):
    return ", ".join(f"{stance.label}: {n}" for stance, n in ordered_stances(counts))


def stance_bar(counts, label="Stance breakdown"):
    """A stacked horizontal bar of positions per stance; empty markup for no data."""
    total = sum(counts.values())
    if not total:
        return ""
    segments = []
    x = 0.0
    for stance, n in ordered_stances(counts):
        width = 100 * n / total
        segments.append(
            format_html(
                '<rect class="stance-{}" x="{}" y="0" width="{}" height="10">'
                "<title>{}: {} ({}%)</title></rect>",
                stance.value,
                f"{x:.3f}",
                f"{width:.3f}",
                stance.label,
                n,
                round(width),
            )
        )
        x += width
    return format_html(
        '<svg class="chart stance-bar" viewBox="0 0 100 10" preserveAspectRatio="none"'
        ' role="img" aria-label="{}: {}">{}</svg>',
        label,
        describe_counts(counts),
        mark_safe("".join(segments)),
    )


def timeline(counts_by_year, label="Statements per year"):
    """Columns of statements per year, every year between the first and the last."""
    if not counts_by_year:
        return ""
    first, last = min(counts_by_year), max(counts_by_year)
    years = list(range(first, last + 1))
    peak = max(counts_by_year.values())
    # At least a dozen slots wide, so that a single year does not fill the page.
    width, height, base = 24 * max(len(years), 12) + 8, 120, 100
    columns = []
    for i, year in enumerate(years):
        n = counts_by_year.get(year, 0)
        bar = 0 if not n else max(2, 80 * n / peak)
        x = 8 + 24 * i
        columns.append(
            format_html(
                '<g class="year"><title>{}: {} statement{}</title>'
                '<rect class="column" x="{}" y="{}" width="18" height="{}"></rect>'
                '<text class="count" x="{}" y="{}">{}</text>'
                '<text class="axis" x="{}" y="{}">{}</text></g>',
                year,
                n,
                "" if n == 1 else "s",
                x,
                f"{base - bar:.2f}",
                f"{bar:.2f}",
                x + 9,
                f"{base - bar - 3:.2f}",
                n or "",
                x + 9,
                base + 14,
                f"’{year % 100:02d}" if len(years) > 6 else year,
            )
        )
    description = ", ".join(
        f"{year}: {counts_by_year[year]}" for year in sorted(counts_by_year)
    )
    return format_html(
        '<svg class="chart timeline" viewBox="0 0 {} {}" role="img"'
        ' aria-label="{}. {}"><line class="baseline" x1="4" y1="{}" x2="{}" y2="{}">'
        "</line>{}</svg>",
        width,
        height,
        label,
        description,
        base,
        width - 4,
        base,
        mark_safe("".join(columns)),
    )


# Column and row of each state in the tile map: one square per state, placed so that
# neighbours stay roughly neighbours.
TILE_POSITIONS = {
    "AK": (0, 0), "ME": (11, 0),
    "VT": (10, 1), "NH": (11, 1),
    "WA": (1, 2), "ID": (2, 2), "MT": (3, 2), "ND": (4, 2), "MN": (5, 2),
    "WI": (6, 2), "MI": (7, 2), "NY": (9, 2), "MA": (10, 2),
    "OR": (1, 3), "NV": (2, 3), "WY": (3, 3), "SD": (4, 3), "IA": (5, 3),
    "IL": (6, 3), "IN": (7, 3), "OH": (8, 3), "PA": (9, 3), "CT": (10, 3),
    "RI": (11, 3),
    "CA": (1, 4), "UT": (2, 4), "CO": (3, 4), "NE": (4, 4), "MO": (5, 4),
    "KY": (6, 4), "WV": (7, 4), "VA": (8, 4), "MD": (9, 4), "NJ": (10, 4),
    "AZ": (2, 5), "NM": (3, 5), "KS": (4, 5), "AR": (5, 5), "TN": (6, 5),
    "NC": (7, 5), "SC": (8, 5), "DE": (9, 5), "DC": (10, 5),
    "OK": (4, 6), "LA": (5, 6), "MS": (6, 6), "AL": (7, 6), "GA": (8, 6),
    "HI": (0, 7), "TX": (4, 7), "FL": (9, 7), "PR": (11, 7),
}  # fmt: skip

# Upper bounds of the colour bins of agreements per state (bin 0 is none at all).
MAP_BINS = [0, 9, 49, 199]
MAP_BIN_LABELS = ["None", "1–9", "10–49", "50–199", "200 or more"]


def map_bin(agreements):
    for index, upper in enumerate(MAP_BINS):
        if agreements <= upper:
            return index
    return len(MAP_BINS)


def tile_detail(code, row):
    """The sentence a tile shows on hover and focus, and its accessible name."""
    agreements = row.get("agreements", 0)
    agencies = row.get("agencies", 0)
    parts = [
        f"{US_STATES[code]}: {agreements} 287(g) agreement"
        f"{'' if agreements == 1 else 's'} on ICE's current list"
        + (
            f" ({agencies} agenc{'y' if agencies == 1 else 'ies'})"
            if agreements
            else ""
        )
    ]
    stances = describe_counts(row.get("stances", {}))
    parts.append(f"stances in statements: {stances}" if stances else "no statements")
    return "; ".join(parts) + "."


def tile_map(rows, link=None):
    """The US tile map. ``rows`` maps a state code to ``{"agreements": n,
    "agencies": n, "stances": {stance: n}}``; ``link(code)`` gives each tile's address."""
    size, gap = 40, 4
    tiles = []
    for code, (col, row_index) in TILE_POSITIONS.items():
        row = rows.get(code, {})
        x, y = col * (size + gap), row_index * (size + gap)
        detail = tile_detail(code, row)
        agreements = row.get("agreements", 0)
        body = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" rx="3"></rect>'
            '<text class="code" x="{}" y="{}">{}</text>'
            '<text class="n" x="{}" y="{}">{}</text>',
            x,
            y,
            size,
            size,
            x + size / 2,
            y + 17,
            code,
            x + size / 2,
            y + 32,
            agreements or "",
        )
        css = f"tile bin-{map_bin(agreements)}"
        if row.get("stances"):
            css += " has-statements"
        # The detail is written once, as the tile's <title>: its name for screen
        # readers, its tooltip, and what the script shows in the caption. (Also
        # as an aria-label and a data attribute, it was half the home page.)
        if link:
            tiles.append(
                format_html(
                    '<a class="{}" href="{}"><title>{}</title>{}</a>',
                    css,
                    link(code),
                    detail,
                    body,
                )
            )
        else:
            tiles.append(
                format_html('<g class="{}"><title>{}</title>{}</g>', css, detail, body)
            )
    width = 12 * (size + gap) - gap
    height = 8 * (size + gap) - gap
    return format_html(
        '<svg class="chart tile-map" viewBox="0 0 {} {}" role="group"'
        ' aria-label="Map of 287(g) agreements per state">{}</svg>',
        width,
        height,
        mark_safe("".join(tiles)),
    )


def map_legend():
    return format_html_join(
        "",
        '<li><span class="swatch bin-{}" aria-hidden="true"></span>{}</li>',
        enumerate(MAP_BIN_LABELS),
    )


def coverage_bars(rows, groups, label):
    """One bar per row (a state, a model), each split into the share of its holding
    agencies in each group (heard from, asked, searched, not yet), with the numbers
    beside it. ``rows`` are ``coverage.coverage_figures`` rows; ``groups`` are
    ``(key, label)`` pairs in bar order."""
    if not rows:
        return ""
    label_width, bar_width, row_height = 190, 300, 22
    width = label_width + bar_width + 110
    lines = []
    for index, row in enumerate(rows):
        y = index * row_height
        total = row["agencies"] or 1
        x = float(label_width)
        segments = []
        for key, group_label in groups:
            n = row.get(key, 0)
            if not n:
                continue
            share = bar_width * n / total
            segments.append(
                format_html(
                    '<rect class="coverage-{}" x="{}" y="{}" width="{}" height="14">'
                    "<title>{}: {} of {} agencies</title></rect>",
                    key,
                    f"{x:.2f}",
                    y + 3,
                    f"{share:.2f}",
                    group_label,
                    n,
                    row["agencies"],
                )
            )
            x += share
        lines.append(
            format_html(
                '<g class="coverage-row"><text class="row-label" x="{}" y="{}">{}</text>'
                '{}<text class="row-count" x="{}" y="{}">{} of {}</text></g>',
                label_width - 6,
                y + 15,
                row["label"],
                mark_safe("".join(segments)),
                label_width + bar_width + 6,
                y + 15,
                row.get("heard", 0),
                row["agencies"],
            )
        )
    description = "; ".join(
        f"{row['label']}: {row.get('heard', 0)} of {row['agencies']} heard from"
        for row in rows
    )
    return format_html(
        '<svg class="chart coverage-chart" viewBox="0 0 {} {}" role="img"'
        ' aria-label="{}. {}">{}</svg>',
        width,
        len(rows) * row_height + 4,
        label,
        description,
        mark_safe("".join(lines)),
    )


def coverage_legend(groups):
    return format_html_join(
        "",
        '<li><span class="swatch coverage-{}" aria-hidden="true"></span>{}</li>',
        groups,
    )
