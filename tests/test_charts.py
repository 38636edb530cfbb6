"""The server-drawn SVG charts: shapes in proportion, text for screen readers."""

import re

from statements import charts
from statements.choices import US_STATES, Stance


def test_stance_bar_widths_are_proportional_and_labelled():
    svg = charts.stance_bar({Stance.OPPOSES: 1, Stance.SUPPORTS: 3}, label="On EO 1")
    widths = dict(
        re.findall(r'class="stance-(\w+)" x="[\d.]+" y="0" width="([\d.]+)"', svg)
    )
    assert widths == {"supports": "75.000", "opposes": "25.000"}
    # Supports comes before opposes, whatever the order of the counts.
    assert svg.index("stance-supports") < svg.index("stance-opposes")
    assert (
        'aria-label="On EO 1: Supports participation: 3, Opposes participation: 1"'
        in svg
    )
    assert "<title>Opposes participation: 1 (25%)</title>" in svg


def test_stance_bar_is_empty_without_data():
    assert charts.stance_bar({}) == ""


def test_timeline_fills_the_years_between():
    svg = charts.timeline({2017: 2, 2020: 1})
    assert "<title>2018: 0 statements</title>" in svg
    assert "<title>2017: 2 statements</title>" in svg
    assert 'aria-label="Statements per year. 2017: 2, 2020: 1"' in svg
    heights = [
        float(h)
        for h in re.findall(
            r'class="column" x="\d+" y="[\d.]+" width="18" height="([\d.]+)"', svg
        )
    ]
    assert heights == [80.0, 0.0, 0.0, 40.0]


def test_tile_map_has_one_linked_tile_per_state_with_its_detail():
    rows = {"TX": {"agreements": 120, "agencies": 80, "stances": {Stance.SUPPORTS: 2}}}
    svg = charts.tile_map(rows, link=lambda code: f"/agencies/?state={code}")
    tiles = re.findall(
        r'<a class="tile bin-(\d)[^"]*" href="/agencies/\?state=(\w\w)"', svg
    )
    assert len(tiles) == 52  # 50 states, DC and Puerto Rico
    assert {code for _, code in tiles} <= set(US_STATES)
    assert ("3", "TX") in tiles
    assert ("0", "VT") in tiles
    texas = (
        "Texas: 120 287(g) agreements on ICE&#x27;s current list (80 agencies); "
        "stances in statements: Supports participation: 2."
    )
    # Once, as the tile's title (its accessible name and tooltip).
    assert svg.count(texas) == 1
    assert f'state=TX"><title>{texas}</title>' in svg


def test_tiles_do_not_overlap():
    assert len(set(charts.TILE_POSITIONS.values())) == len(charts.TILE_POSITIONS)


def test_map_bins():
    assert [charts.map_bin(n) for n in (0, 1, 9, 10, 49, 50, 199, 200)] == [
        0,
        1,
        1,
        2,
        2,
        3,
        3,
        4,
    ]
