"""The HTML fragments built in Python for the pages' hot loops: markup, escaping. No database."""

import datetime
from types import SimpleNamespace as NS

from browse import fragments, presentation
from browse.selection import Choice


def meeting(id, date, title="Lima Meeting", slug=None):
    return NS(
        id=id,
        start_date=date,
        title=title,
        slug=slug or f"m{id}",
        short_series="LS",
        get_absolute_url=lambda: f"/meetings/{slug or f'm{id}'}/",
    )


def test_stage_badge_carries_the_stage_class_and_label():
    assert fragments.stage_badge("achieved", "achieved") == (
        '<span class="stage stage-achieved"><i class="mk" aria-hidden="true"></i>achieved</span>'
    )


def test_facet_choice_is_a_labelled_checkbox_with_its_count():
    html = fragments.facet_choices([Choice("dprk", "DPRK", 3, selected=True)], "topic")
    assert html == (
        '<li><label><input type="checkbox" name="topic" value="dprk" id="f-topic-dprk" checked>'
        '<span>DPRK</span><span class="count">3</span></label></li>'
    )


def test_facet_choice_that_would_leave_nothing_is_marked():
    html = fragments.facet_choices([Choice("x", "X", 0)], "actor")
    assert html.startswith('<li class="none">')


def test_stage_facets_show_the_badge_and_other_facets_the_detail():
    stage = fragments.facet_choices([Choice("stalled", "stalled", 1)], "mention_stage")
    series = fragments.facet_choices([Choice("dtt", "DTT", 1, detail="working")], "series")
    assert '<span class="stage stage-stalled">' in stage
    assert "<span>DTT <small>working</small></span>" in series


def test_fragments_escape_what_they_are_given():
    html = fragments.facet_choices([Choice('a"b', "<script>", 1, detail="R&D")], "topic")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and 'value="a&quot;b"' in html and "R&amp;D" in html


def test_commitment_row_has_one_cell_per_column_and_a_focusable_marker():
    lima, later = meeting(1, datetime.date(2024, 11, 15)), meeting(2, datetime.date(2025, 1, 2))
    commitment = NS(
        title="Missile warning",
        current_stage="reaffirmed",
        get_current_stage_display=lambda: "reaffirmed",
        get_absolute_url=lambda: "/commitments/missile-warning/",
        meeting_count=1,
        first_date=lima.start_date,
        last_date=lima.start_date,
        topic_list=[],
        strip=presentation.Strip(
            [presentation.Marker(lima, "reaffirmed", "data sharing"), presentation.Marker(later)],
            elsewhere=2,
        ),
    )
    html = fragments.commitment_rows([commitment], [lima, later])
    assert html.count("<td>") == 2 and html.endswith("<td></td></tr>")
    assert (
        '<span class="marker stage-reaffirmed" tabindex="0"><i class="mk"></i><span class="tip">'
        "Lima Meeting, 15 Nov 2024: <b>reaffirmed</b><q>data sharing</q></span></span>"
    ) in html
    assert '<span class="c-dates">1 meeting, Nov 2024</span>' in html
    assert '<span class="c-elsewhere">+2 other meetings</span>' in html
    assert "c-topics" not in html


def test_column_header_names_the_meeting_and_its_month():
    html = fragments.column_headers([meeting(1, datetime.date(2024, 11, 15))])
    assert 'href="/meetings/m1/" title="Lima Meeting, 15 Nov 2024"' in html
    assert '<span class="m-series">LS</span><span class="m-date">Nov 2024</span>' in html


def test_drawn_timeline_links_each_point_to_its_entry_with_a_title():
    lima, later = meeting(1, datetime.date(2024, 11, 15)), meeting(2, datetime.date(2025, 6, 2))
    drawing = presentation.draw_timeline([(lima, "pledged", False), (later, "", True)])
    html = fragments.timeline_drawing(drawing)
    assert html.count('<a href="#meeting-') == 2
    assert '<a href="#meeting-m1" class="point stage-pledged">' in html
    assert "<title>1. Lima Meeting, 15 Nov 2024: pledged</title>" in html
    assert '<a href="#meeting-m2" class="point point-silent">' in html
    assert '<use href="#mark-silent"' in html
    assert html.count('<g class="tick">') == len(drawing.ticks)
