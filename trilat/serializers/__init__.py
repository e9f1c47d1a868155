"""dumpdata/loaddata formats that keep every timestamp to the microsecond.

Django's JSON encoder cuts datetimes to milliseconds (what JavaScript's Date keeps), so a dump
loaded back would move every `updated` of the feeds and `lastmod` of the sitemap. The "json" and
"jsonl" formats are replaced (settings.SERIALIZATION_MODULES) by these, which differ only there;
loading reads both (a millisecond dump loads as it always did).
"""

import datetime

from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, with datetimes and times written to the microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)
