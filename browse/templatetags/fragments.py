"""The public pages' hot loops as tags (HTML built in commitments/fragments.py), no include or
partial per element: {% stage_badge %}, {% facet_choices %}, {% column_headers %},
{% commitment_rows %}, {% timeline_drawing %}, {% timeline_entries %}."""

from django import template

from browse import fragments

register = template.Library()

register.simple_tag(fragments.stage_badge)
register.simple_tag(fragments.facet_choices)
register.simple_tag(fragments.column_headers)
register.simple_tag(fragments.commitment_rows)
register.simple_tag(fragments.timeline_drawing)
register.simple_tag(fragments.timeline_entries)
