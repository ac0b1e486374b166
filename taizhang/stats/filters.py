"""The `metric` filter of record lists: a catalogue key narrows a list to the records that figure counts."""

from __future__ import annotations

from taizhang.core.filters import Choice

NO_METRIC = "-"


class MetricKey(Choice):
    """A figure's catalogue key among those whose records are of `source` (stats.catalogue.source_keys). An
    unknown key lists nothing, and the notice says why: every record instead would pass for the figure's."""

    def __init__(self, label: str, *, source: str):
        super().__init__(label, self._choices)
        self.source = source

    def _choices(self, context):
        from taizhang.stats.catalogue import CATALOGUE, source_keys

        return [(k, CATALOGUE[k].label) for k in source_keys(self.source)]

    def unmatched(self):
        return NO_METRIC
