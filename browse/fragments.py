"""HTML of the public pages' hot loops, built in Python: stage badges, facet choices, the browser's
rows with their marker strips, the drawn timeline.

Each function returns what its template markup rendered, character for character. A template loop
with an include or a partial per element costs about 0.1 ms an element, and a browser page has 20
rows of 12 markers and 150 facet choices; these cost a few microseconds an element. Every value is
escaped here (conditional_escape), as the template's autoescaping did. No database access.
"""

import functools
import html

from django.template.defaultfilters import date
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language

from browse.presentation import stage_label
from commitments.models import slug_url


def esc(value):
    """conditional_escape(value), quicker for the plain strings most values are."""
    return html.escape(value) if type(value) is str else conditional_escape(value)


def format_date(day, format):
    """The |date filter's output, remembered (a page formats the same few days many times)."""
    return _formatted(day, format, get_language())


@functools.lru_cache(maxsize=4096)
def _formatted(day, format, _language):
    return date(day, format)


def _plural(count, suffix="s"):
    return "" if count == 1 else suffix


def stage_badge(stage, label):
    """The stage's mark and word: `<span class="stage stage-...">`."""
    return mark_safe(
        f'<span class="stage stage-{esc(stage)}"><i class="mk" aria-hidden="true"></i>'
        f"{esc(label)}</span>"
    )


_BADGED_FACETS = {"stage", "mention_stage"}


def facet_choices(choices, name):
    """One `<li>` checkbox per choice of the facet `name`, with its count (and detail)."""
    badged = name in _BADGED_FACETS
    name = esc(name)
    items = []
    for c in choices:
        value = esc(c.value)
        label = stage_badge(c.value, c.label) if badged else esc(c.label)
        items.append(
            ("<li>" if c.count or c.selected else '<li class="none">')
            + f'<label><input type="checkbox" name="{name}" value="{value}" id="f-{name}-{value}"'
            + (" checked>" if c.selected else ">")
            + f"<span>{label}"
            + (f" <small>{esc(c.detail)}</small>" if c.detail else "")
            + f'</span><span class="count">{c.count}</span></label></li>'
        )
    return mark_safe("".join(items))


def column_headers(columns):
    """One `<th>` per meeting column of the browser: a link with the series initials and month."""
    return mark_safe(
        "".join(
            f'<th scope="col" class="col-meeting"><a href="{esc(m.get_absolute_url())}" '
            f'title="{esc(m.title)}, {format_date(m.start_date, "j M Y")}">'
            f'<span class="m-series">{esc(m.short_series)}</span>'
            f'<span class="m-date">{format_date(m.start_date, "M Y")}</span></a></th>'
            for m in columns
        )
    )


def commitment_rows(commitments, columns):
    """The browser's table rows: each commitment's title, stage, dates and topics, then one cell
    per meeting column holding its marker (focusable, with the quoted words as a tooltip)."""
    tips = {m.id: f"{esc(m.title)}, {format_date(m.start_date, 'j M Y')}: " for m in columns}
    months = {}

    def month(day):
        if day not in months:
            months[day] = format_date(day, "M Y")
        return months[day]

    rows = []
    for commitment in commitments:
        strip = commitment.strip
        count, first, last = commitment.meeting_count, commitment.first_date, commitment.last_date
        dates = month(first) + (f" – {month(last)}" if last != first else "")
        elsewhere = (
            f'<span class="c-elsewhere">+{strip.elsewhere} other meeting'
            f"{_plural(strip.elsewhere)}</span>"
            if strip.elsewhere
            else ""
        )
        topics = "".join(
            f'<a class="tag" href="{esc(slug_url("topic_detail", t.slug))}">{esc(t.name)}</a>'
            for t in commitment.topic_list
        )
        cells = "".join(_marker_cell(marker, tips) for marker in strip.markers)
        rows.append(
            f'<tr><th scope="row" class="col-title"><a class="c-title" '
            f'href="{esc(commitment.get_absolute_url())}">{esc(commitment.title)}</a>'
            f'<span class="c-meta">'
            f"{stage_badge(commitment.current_stage, stage_label(commitment.current_stage))}"
            f'<span class="c-dates">{count} meeting{_plural(count)}, {dates}</span>{elsewhere}'
            "</span>"
            + (f'<span class="c-topics">{topics}</span>' if topics else "")
            + f"</th>{cells}</tr>"
        )
    return mark_safe("".join(rows))


def _marker_cell(marker, tips):
    if not marker.stage:
        return "<td></td>"
    meeting = marker.meeting
    tip = tips.get(meeting.id)
    if tip is None:
        tip = f"{esc(meeting.title)}, {format_date(meeting.start_date, 'j M Y')}: "
    return (
        f'<td><span class="marker stage-{esc(marker.stage)}" tabindex="0"><i class="mk"></i>'
        f'<span class="tip">{tip}<b>{esc(stage_label(marker.stage))}</b>'
        f"<q>{esc(marker.quote)}</q></span></span></td>"
    )


def timeline_drawing(drawing):
    """The inside of the drawn timeline's `<svg>`: the axis, its ticks, and one linked point per
    meeting (a numbered stage mark on a stem; a dashed mark where the series met without it)."""
    axis_y = drawing.axis_y
    parts = [
        f'<line class="axis" x1="{drawing.left}" x2="{drawing.right}" y1="{axis_y}" y2="{axis_y}"/>'
    ]
    parts.extend(
        f'<g class="tick"><line x1="{tick.x}" x2="{tick.x}" y1="{axis_y}" y2="{axis_y + 6}"/>'
        f'<text x="{tick.x}" y="{axis_y + 20}">{esc(tick.label)}</text></g>'
        for tick in drawing.ticks
    )
    for point in drawing.points:
        meeting = point.meeting
        stage = esc(point.stage)
        kind = " point-silent" if point.silent else f" stage-{stage}"
        said = "not mentioned" if point.silent else esc(stage_label(point.stage))
        mark = "silent" if point.silent else stage
        # Offsets truncate x to whole units, as the template's |add filter did.
        x, whole_x, y = point.x, int(point.x), point.y
        parts.append(
            f'<a href="#meeting-{esc(meeting.slug)}" class="point{kind}">'
            f"<title>{point.number}. {esc(meeting.title)}, "
            f"{format_date(meeting.start_date, 'j M Y')}: {said}</title>"
            f'<line class="stem" x1="{x}" x2="{x}" y1="{y}" y2="{axis_y}"/>'
            f'<use href="#mark-{mark}" x="{whole_x - 11}" y="{y - 11}" width="22" height="22"/>'
            f'<text class="num" x="{whole_x + 14}" y="{point.label_y}">{point.number}</text></a>'
        )
    return mark_safe("".join(parts))


def timeline_entries(entries):
    """A commitment's history, one `<li>` per meeting: its facts and stage, then each mention's
    clause with the commitment's words marked, its source link, and aligned translations."""
    statement_urls = {}

    def clause_url(clause):
        statement = clause.statement
        if statement.id not in statement_urls:
            statement_urls[statement.id] = statement.get_absolute_url()
        return f"{statement_urls[statement.id]}#{clause.anchor}"

    items = []
    for entry in entries:
        meeting, series = entry.meeting, entry.meeting.series
        level = capfirst(series.get_level_display())
        where = f" · {esc(meeting.where)}" if meeting.where else ""
        items.append(
            f'<li class="entry" id="meeting-{esc(meeting.slug)}"><header class="entry-head">'
            f'<span class="entry-num" aria-hidden="true">{entry.number}</span>'
            f'<h3><a href="{esc(meeting.get_absolute_url())}">{esc(meeting.title)}</a></h3>'
            f'<p class="entry-meta"><time datetime="{format_date(meeting.start_date, "Y-m-d")}">'
            f"{format_date(meeting.start_date, 'j F Y')}</time> · {esc(level)}"
            + ("" if series.level == "working" else " level")
            + f" · {esc(series.name)}{where}</p>{stage_badge(entry.stage, entry.stage_label)}"
            "</header>"
        )
        several = len(entry.mentions) > 1
        for mention in entry.mentions:
            clause = mention.clause
            statement, url = clause.statement, esc(clause_url(clause))
            before, words, after = mention.parts
            marked = f"<mark>{esc(words)}</mark>" if words else ""
            badge = f"{stage_badge(mention.stage, mention.get_stage_display())} " if several else ""
            publisher = f" · {esc(statement.publisher)}" if statement.publisher else ""
            items.append(
                f'<div class="mention"><blockquote cite="{url}">'
                f"<p>{esc(before)}{marked}{esc(after)}</p></blockquote>"
                f'<p class="mention-source">{badge}<a class="quote-link" href="{url}">'
                f"{esc(statement.title)}, clause {clause.position}</a>{publisher}</p>"
            )
            for translation in clause.translations:
                other = translation.statement
                kind = (
                    "Unofficial translation" if other.is_unofficial_translation else "Translation"
                )
                items.append(
                    f'<div class="translation"><p class="translation-label">{kind} '
                    f'(<a href="{esc(clause_url(translation))}">{esc(other.title)}</a>):</p>'
                    f'<blockquote lang="{esc(other.language)}"><p>{esc(translation.text)}</p>'
                    "</blockquote></div>"
                )
            items.append("</div>")
        items.append("</li>")
    return mark_safe("".join(items))
