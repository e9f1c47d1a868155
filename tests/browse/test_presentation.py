"""The pure shaping functions behind the pages: no database."""

import datetime
from types import SimpleNamespace as NS

from browse import presentation


def meeting(id, date, series_id=1, title=None):
    return NS(
        id=id, start_date=date, series_id=series_id, title=title or f"M{id}", series=f"S{series_id}"
    )


def mention(m, stage, text="We commit to it.", span=(None, None)):
    return NS(
        meeting=m,
        meeting_id=m.id,
        stage=stage,
        clause=NS(text=text),
        text=text,
        span_start=span[0],
        span_end=span[1],
    )


def test_a_meeting_gives_the_stage_with_the_most_news():
    m = meeting(1, datetime.date(2024, 1, 1))
    assert (
        presentation.meeting_stage([mention(m, "reaffirmed"), mention(m, "achieved")]) == "achieved"
    )


def test_highlight_splits_around_the_span():
    assert presentation.highlight("We commit to X.", 10, 14) == ("We commit ", "to X", ".")


def test_highlight_ignores_offsets_outside_the_text():
    assert presentation.highlight("Short.", 3, 99) == ("Short.", "", "")
    assert presentation.highlight("Short.", None, None) == ("Short.", "", "")


def test_marker_strip_has_one_marker_per_column_and_counts_the_rest():
    a, b, c = (meeting(i, datetime.date(2024, i, 1)) for i in (1, 2, 3))
    strip = presentation.marker_strip(
        [mention(a, "pledged"), mention(c, "achieved", "Done: it is built.", (6, 18))], [b, c]
    )
    assert [m.stage for m in strip.markers] == ["", "achieved"]
    assert strip.markers[1].quote == "it is built."
    assert strip.elsewhere == 1


def test_long_quotes_are_shortened():
    m = meeting(1, datetime.date(2024, 1, 1))
    strip = presentation.marker_strip([mention(m, "pledged", "word " * 100)], [m])
    assert len(strip.markers[0].quote) <= 240 and strip.markers[0].quote.endswith("…")


def test_timeline_places_points_in_date_order_left_to_right():
    points = [(meeting(i, datetime.date(2023 + i, 1, 1)), "pledged", False) for i in range(3)]
    drawing = presentation.draw_timeline(points)
    xs = [p.x for p in drawing.points]
    assert xs == sorted(xs) and drawing.left <= xs[0] and xs[-1] <= drawing.right
    assert [p.number for p in drawing.points] == [1, 2, 3]
    assert drawing.ticks and all(drawing.left <= t.x <= drawing.right for t in drawing.ticks)


def test_close_points_move_to_another_lane():
    points = [
        (meeting(1, datetime.date(2024, 1, 1)), "pledged", False),
        (meeting(2, datetime.date(2024, 1, 3)), "achieved", False),
        (meeting(3, datetime.date(2025, 6, 1)), "achieved", False),
    ]
    lanes = [p.lane for p in presentation.draw_timeline(points).points]
    assert lanes[0] != lanes[1]
    assert lanes[2] == 0


def test_no_point_covers_another_however_many_meetings_fall_close_together():
    points = [
        (meeting(i, datetime.date(2024, 1, 1) + datetime.timedelta(days=9 * i)), "pledged", False)
        for i in range(14)
    ] + [(meeting(99, datetime.date(2026, 1, 1)), "achieved", False)]
    drawing = presentation.draw_timeline(points)

    # A mark is 22 units wide around x; its number (13px bold, about 8 units a digit) follows
    # from x + 14.
    placed = sorted(drawing.points, key=lambda p: p.x)
    for i, a in enumerate(placed):
        number_ends = a.x + 14 + 8 * len(str(a.number))
        for b in placed[i + 1 :]:
            assert a.y != b.y or b.x - 11 > number_ends, (a.number, b.number)
    assert max(p.y for p in placed) < drawing.axis_y


def test_a_crowd_of_meetings_on_one_day_is_drawn_in_at_most_ten_lanes():
    day = datetime.date(2024, 5, 1)
    drawing = presentation.draw_timeline([(meeting(i, day), "pledged", False) for i in range(40)])

    assert drawing.lanes == presentation.MAX_LANES == 10
    assert {p.lane for p in drawing.points} == set(range(10))
    assert max(p.y for p in drawing.points) < drawing.axis_y


def test_a_single_meeting_is_drawn():
    drawing = presentation.draw_timeline(
        [(meeting(1, datetime.date(2024, 5, 1)), "achieved", False)]
    )
    assert len(drawing.points) == 1


def test_silence_when_the_series_met_again_without_a_mention():
    first, later, other = (
        meeting(1, datetime.date(2024, 1, 1), series_id=1),
        meeting(2, datetime.date(2024, 6, 1), series_id=1),
        meeting(3, datetime.date(2024, 9, 1), series_id=2),
    )
    gaps = presentation.silences([mention(first, "pledged"), mention(other, "achieved")], [later])
    assert len(gaps) == 1
    assert gaps[0].last_mentioned_at is first and gaps[0].later_meetings == [later]


def test_no_silence_when_the_latest_meeting_of_the_series_mentioned_it():
    first, later = meeting(1, datetime.date(2024, 1, 1)), meeting(2, datetime.date(2024, 6, 1))
    assert (
        presentation.silences([mention(first, "pledged"), mention(later, "achieved")], [later])
        == []
    )


def clause(position, body, text):
    start = body.index(text)
    return NS(position=position, start=start, end=start + len(text), text=text)


def test_statement_paragraphs_place_clauses_by_offset():
    body = "Heading\n\nWe commit to A. We will do B.\n\nClosing words."
    clauses = [clause(1, body, "We commit to A."), clause(2, body, "We will do B.")]
    paragraphs = presentation.statement_paragraphs(body, clauses)
    assert [[p.text for p in para] for para in paragraphs] == [
        ["Heading"],
        ["We commit to A.", "We will do B."],
        ["Closing words."],
    ]
    assert paragraphs[1][0].clause.position == 1


def test_statement_paragraphs_split_on_single_newlines_when_there_are_no_blank_lines():
    body = "First line.\nSecond line."
    paragraphs = presentation.statement_paragraphs(body, [clause(1, body, "Second line.")])
    assert len(paragraphs) == 2 and paragraphs[1][0].clause.position == 1


def test_a_clause_with_stale_offsets_is_still_shown():
    body = "Alpha. Beta."
    stale = NS(position=1, start=50, end=60, text="Gamma.")
    texts = [p.text for para in presentation.statement_paragraphs(body, [stale]) for p in para]
    assert "Gamma." in texts


def test_series_short_names_are_words_without_trilateral():
    assert presentation.short_series_name("Defense Trilateral Talks") == "Defense Talks"
    assert presentation.short_series_name("Trilateral Leaders' Summit") == "Leaders' Summit"
    assert presentation.short_series_name("Vice Foreign Ministerial Dialogue") == (
        "Vice Foreign Ministerial Dialogue"
    )
    assert presentation.short_series_name("Trilateral") == "Trilateral"


def test_blank_markers_count_the_meetings_that_have_no_column():
    earlier = meeting(1, datetime.date(2023, 5, 1), series_id=1)  # mentioned, no column
    a, b = meeting(2, datetime.date(2024, 1, 1), 1), meeting(3, datetime.date(2024, 2, 1), 2)
    mentioned = [(earlier.start_date, earlier.id, earlier.series)]
    strip = presentation.marker_strip([], [a, b], mentioned=mentioned)
    # Its series met again after the earlier mention; the other series never mentioned it.
    assert [m.absence for m in strip.markers] == ["silent", "absent"]
    later = [*mentioned, (datetime.date(2024, 3, 1), 9, "S1")]  # its series mentioned it since
    strip = presentation.marker_strip([], [a, b], mentioned=later)
    assert [m.absence for m in strip.markers] == ["absent", "absent"]


def test_every_blank_is_not_yet_made_for_a_commitment_never_mentioned():
    a = meeting(1, datetime.date(2024, 1, 1))
    assert presentation.marker_strip([], [a], mentioned=[]).markers[0].absence == "unmade"
