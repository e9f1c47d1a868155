"""The "jsonl" serialization format, timestamps to the microsecond (see trilat/serializers)."""

from django.core.serializers import jsonl

from trilat.serializers import ExactJSONEncoder

Deserializer = jsonl.Deserializer


class Serializer(jsonl.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()
