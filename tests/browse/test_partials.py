"""The pages' partials, rendered from plain data: markup, markers, escaping, the drawn timeline.
No database: the rows, columns and meetings are built in memory."""

import datetime
import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation

from browse import presentation, results
from browse.facet_index import FacetEntry
from browse.selection import Choice
from commitments.models import Meeting

HOSTILE = "<script>alert(\"x\")</script> & 'quotes'"
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;"


def render(partial, **context):
    return render_to_string(partial, context)


def flat(html):
    """The markup without the whitespace between tags that the templates' layout adds."""
    return re.sub(r">\s+<", "><", html).strip()


def column(id, day, title="Lima Meeting", series="Trilateral Leaders' Summit"):
    return results.Column(id, f"m{id}", title, day, series)


def row(columns, said=(), title="Missile warning", stage="reaffirmed", topics=(), elsewhere=0):
    """A browser row whose accepted mentions say `said` [(column, stage, words)]."""
    days = [c.start_date for c, _, _ in said] or [columns[0].start_date]
    commitment = results.Row(
        1,
        title,
        "missile-warning",
        "achieved",
        stage,
        len(said) + elsewhere,
        min(days),
        max(days),
        mentions_at_columns=[
            results.ColumnMention(c.id, s, words, None, None) for c, s, words in said
        ],
        topic_list=list(topics),
    )
    commitment.strip = presentation.marker_strip(
        commitment.mentions_at_columns, columns, elsewhere=elsewhere
    )
    return commitment


def rows_html(columns, *commitments):
    page = Paginator(commitments, 20).get_page(1)
    result = results.ResultsPage(page, list(commitments), columns)
    return render("browse/browser.html#rows", result=result)


def body_cells(html):
    return re.findall(r"<td[^>]*>.*?</td>", html.split("<tbody>")[1])


# -- stage badges and facet choices ----------------------------------------------------------


def test_stage_badge_carries_the_stage_class_and_label():
    html = render("browse/browser.html#stage_badge", stage="achieved", label="achieved")
    assert html == (
        '<span class="stage stage-achieved"><i class="mk" aria-hidden="true"></i>achieved</span>'
    )


def test_facet_choice_is_a_labelled_checkbox_with_its_count():
    choices = [Choice("dprk", "DPRK", 3, selected=True)]
    html = render("browse/browser.html#facet_choices", choices=choices, name="topic")
    assert flat(html) == (
        '<li><label><input type="checkbox" name="topic" value="dprk" id="f-topic-dprk" checked>'
        "<span>DPRK</span><b>3</b></label></li>"
    )


def test_facet_choice_that_would_leave_nothing_is_marked():
    html = render("browse/browser.html#facet_choices", choices=[Choice("x", "X", 0)], name="actor")
    assert flat(html).startswith('<li class="none">')


def test_a_selected_choice_is_not_marked_even_when_it_would_leave_nothing():
    choices = [Choice("x", "X", 0, selected=True)]
    html = render("browse/browser.html#facet_choices", choices=choices, name="actor")
    assert flat(html).startswith("<li><label>")


def test_stage_facets_show_the_badge_and_other_facets_the_detail():
    stage = render(
        "browse/browser.html#facet_choices",
        choices=[Choice("stalled", "stalled", 1)],
        name="mention_stage",
        badged=True,
    )
    series = render(
        "browse/browser.html#facet_choices",
        choices=[Choice("dtt", "DTT", 1, detail="working")],
        name="series",
    )
    assert '<span><span class="stage stage-stalled"><i class="mk"' in stage
    assert "<span>DTT <small>working</small></span>" in series


def test_facet_choices_escape_what_they_are_given():
    choices = [Choice('a"b', HOSTILE, 1, detail="R&D")]
    html = render("browse/browser.html#facet_choices", choices=choices, name="topic")
    assert "<script>" not in html
    assert ESCAPED in html and 'value="a&quot;b"' in html and "R&amp;D" in html
    assert 'id="f-topic-a&quot;b"' in html


# -- the browser's rows ----------------------------------------------------------------------


def test_commitment_row_has_one_cell_per_column_and_a_focusable_marker():
    lima, later = column(1, datetime.date(2024, 11, 15)), column(2, datetime.date(2025, 1, 2))
    html = rows_html([lima, later], row([lima, later], [(lima, "reaffirmed", "data sharing")]))
    assert body_cells(html) == [
        '<td><span class="marker stage-reaffirmed" tabindex="0"><i class="mk"></i>'
        '<span class="tip"><i>Leaders&#x27; Summit, 15 Nov 2024</i>: <b>reaffirmed</b>'
        "<q>data sharing</q></span></span></td>",
        '<td class="silent"><i>Leaders&#x27; Summit, 2 Jan 2025</i></td>',
    ]


def test_markers_follow_the_columns_and_tell_the_three_blanks_apart():
    dtt, vfm, lead = "Defense Trilateral Talks", "Vice Foreign Ministerial Dialogue", "Summit"
    columns = [
        column(i, datetime.date(2024, i, 1), f"Meeting {i}", series)
        for i, series in [(1, dtt), (2, vfm), (3, vfm), (4, lead), (5, dtt), (6, vfm)]
    ]
    said = [(columns[2], "pledged", "a"), (columns[4], "in_progress", "b")]
    html = rows_html(columns, row(columns, said))
    cells = [re.match(r'<td(?: class="(\w+)")?>(?:.*?stage-(\w+)")?', c) for c in body_cells(html)]
    assert [m.group(1) or m.group(2) for m in cells] == [
        "unmade",  # before it was first made
        "unmade",
        "pledged",
        "absent",  # made, not mentioned here
        "in_progress",
        "silent",  # a later meeting of a series that mentioned it, none of which has since
    ]


def test_a_row_says_its_stage_meetings_and_months():
    lima, later = column(1, datetime.date(2024, 11, 15)), column(2, datetime.date(2025, 1, 2))
    commitment = row([lima, later], [(lima, "pledged", "x"), (later, "achieved", "y")])
    html = rows_html([lima, later], commitment)
    assert (
        '<span class="stage stage-reaffirmed"><i class="mk" aria-hidden="true"></i>reaffirmed</span>'
    ) in html
    assert '<span class="c-dates">2 meetings, Nov 2024 – Jan 2025</span>' in html
    assert 'href="/commitments/missile-warning/">Missile warning</a>' in html


def test_a_row_counts_the_meetings_without_a_column():
    lima = column(1, datetime.date(2024, 11, 15))
    html = rows_html([lima], row([lima], [(lima, "reaffirmed", "x")], elsewhere=2))
    assert '<span class="c-dates">3 meetings, Nov 2024</span>' in html
    assert '<span class="c-elsewhere">+2 other meetings</span>' in html


def test_a_row_with_one_meeting_says_so_in_the_singular():
    lima = column(1, datetime.date(2024, 11, 15))
    html = rows_html([lima], row([lima], [(lima, "reaffirmed", "x")], elsewhere=1))
    assert "1 meeting," not in html and "+1 other meeting</span>" in html


def test_a_row_links_its_topics_and_shows_none_when_it_has_none():
    lima = column(1, datetime.date(2024, 11, 15))
    topics = [FacetEntry(1, "dprk", "DPRK"), FacetEntry(2, "cyber", "Cyber")]
    with_topics = rows_html([lima], row([lima], [(lima, "pledged", "x")], topics=topics))
    without = rows_html([lima], row([lima], [(lima, "pledged", "x")]))
    assert (
        '<span class="c-topics"><a class="tag" href="/topics/dprk/">DPRK</a>'
        '<a class="tag" href="/topics/cyber/">Cyber</a></span>'
    ) in with_topics
    assert "c-topics" not in without


def test_rows_escape_hostile_titles_quotes_and_meeting_names():
    meeting = column(1, datetime.date(2024, 11, 15), title=HOSTILE)
    commitment = row(
        [meeting],
        [(meeting, "pledged", HOSTILE)],
        title=HOSTILE,
        topics=[FacetEntry(1, "t", HOSTILE)],
    )
    html = rows_html([meeting], commitment)
    assert "<script>" not in html
    assert f">{ESCAPED}</a>" in html  # the title, the topic
    assert f"<q>{ESCAPED}</q>" in html
    assert f'title="{ESCAPED}, 15 Nov 2024"' in html  # the column head
    hostile_series = column(2, datetime.date(2024, 12, 1), series=HOSTILE)
    html = rows_html(
        [meeting, hostile_series], row([meeting, hostile_series], [(meeting, "x", "")])
    )
    assert "<script>" not in html
    assert f'<td class="absent"><i>{ESCAPED}, 1 Dec 2024</i></td>' in html  # a blank's label
    assert f'<span class="m-series">{ESCAPED}</span>' in html


def test_column_header_names_the_meeting_in_words_and_in_full():
    lima = column(1, datetime.date(2024, 11, 15))
    html = rows_html([lima], row([lima], [(lima, "pledged", "x")]))
    assert 'href="/meetings/m1/" title="Lima Meeting, 15 Nov 2024"' in html  # on hover
    assert (
        '<span class="m-series">Leaders&#x27; Summit</span><span class="m-date"> 15 Nov 2024</span>'
        '<span class="visually-hidden">: Lima Meeting, 15 Nov 2024</span>'  # read out in full
    ) in html


# -- the drawn timeline ----------------------------------------------------------------------


def meeting(n, day, title=None):
    return Meeting(id=n, slug=f"m{n}", title=title or f"Meeting {n}", start_date=day)


def drawing_html(points):
    drawing = presentation.draw_timeline(points)
    html = render("browse/commitment_detail.html#timeline_drawing", drawing=drawing)
    return drawing, flat(html)


def points_of(html):
    """(href, class, title, mark, x, y, number) of each drawn point, in order; x and y where its
    mark's corner is drawn (the point's place, then the mark's offset from it)."""
    found = re.findall(
        r'<a href="#meeting-([^"]+)" class="point ([^"]+)" transform="translate\((-?\d+) (-?\d+)\)">'
        r'<title>([^<]*)</title><line class="stem" y2="(\d+)"/><use href="#mark-(\w+)" '
        r'x="(-?\d+)" y="(-?\d+)" width="22" height="22"/>'
        r'<text class="num" x="-?\d+" y="-?\d+">(\d+)</text></a>',
        html,
    )
    return [
        (href, kind, title, mark, int(x) + int(dx), int(y) + int(dy), number)
        for href, kind, x, y, title, _stem, mark, dx, dy, number in found
    ]


def test_drawn_timeline_links_each_point_to_its_entry_with_a_title():
    lima = meeting(1, datetime.date(2024, 11, 15), "Lima Meeting")
    later = meeting(2, datetime.date(2025, 6, 2))
    drawing, html = drawing_html([(lima, "pledged", False), (later, "", True)])
    points = points_of(html)
    assert [(href, kind, title, mark) for href, kind, title, mark, *_ in points] == [
        ("m1", "stage-pledged", "1. Lima Meeting, 15 Nov 2024: pledged", "pledged"),
        ("m2", "point-silent", "2. Meeting 2, 2 Jun 2025: not mentioned", "silent"),
    ]
    assert html.count('<g class="tick" transform="translate(') == len(drawing.ticks) > 0


def test_drawn_points_sit_where_the_drawing_placed_them():
    days = [datetime.date(2024, 1, 1), datetime.date(2024, 7, 1), datetime.date(2025, 1, 1)]
    drawing, html = drawing_html([(meeting(i, d), "achieved", False) for i, d in enumerate(days)])
    drawn = [(int(x), int(y), int(n)) for *_, x, y, n in points_of(html)]
    assert drawn == [(int(p.x) - 11, p.y - 11, p.number) for p in drawing.points]
    assert [x for x, _, _ in drawn] == sorted(x for x, _, _ in drawn)
    assert [n for _, _, n in drawn] == [1, 2, 3]


def test_close_meetings_are_drawn_in_separate_lanes():
    day = datetime.date(2024, 5, 1)
    drawing, html = drawing_html([(meeting(i, day), "pledged", False) for i in range(3)])
    lanes = [int(y) for *_, y, _ in points_of(html)]
    assert lanes == [44 - 11, 44 + 26 - 11, 44 + 52 - 11]
    assert drawing.lanes == 3
    assert f'y1="{drawing.axis_y}" y2="{drawing.axis_y}"' in html  # the axis, below every lane
    stems = [int(n) for n in re.findall(r'<line class="stem" y2="(\d+)"/>', html)]
    assert [p.y + stem for p, stem in zip(drawing.points, stems, strict=True)] == [
        drawing.axis_y
    ] * 3


def test_drawn_timeline_escapes_meeting_titles():
    _, html = drawing_html([(meeting(1, datetime.date(2024, 1, 1), HOSTILE), "pledged", False)])
    assert "<script>" not in html
    assert f"<title>1. {ESCAPED}, 1 Jan 2024: pledged</title>" in html


def test_drawn_coordinates_stay_numbers_in_any_language():
    points = [(meeting(1, datetime.date(2024, 1, 1)), "pledged", False)]
    drawing = presentation.draw_timeline(points)
    with translation.override("de"):
        html = render("browse/commitment_detail.html#timeline_drawing", drawing=drawing)
    numbers = re.sub(r"<title>.*?</title>", "", html)
    point = drawing.points[0]
    assert f"translate({int(point.x)} {point.y})" in numbers and "," not in numbers
