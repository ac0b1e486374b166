"""One builder per report kind: `build(req) -> Rendered`, laying the document out with OfficialDocument."""

from __future__ import annotations

from taizhang.reports.builders import circular, compilations, rectification, stage_summary

BUILDERS = {
    "stage-summary": stage_summary,
    "rectification-report": rectification,
    "research-compilation": compilations.research,
    "materials-compilation": compilations.materials,
    "circular": circular,
}


def keys_for(kind: str, metrics: list[str] | None = None) -> list[str]:
    """The catalogue keys a kind prints (what the 报告 page previews)."""
    if kind == "circular":
        return list(metrics or circular.DEFAULT_METRICS)
    return list(BUILDERS[kind].KEYS)
