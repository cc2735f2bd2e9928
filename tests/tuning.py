"""Settings for a test, written flat: `tune(settings, llm_timeout=0.3, openai_base_url=url, top_k=3)` sets the field
of the group its prefix names (llm_, openai_, ollama_, retrieval's top_k) and any top-level field as it is."""
from __future__ import annotations

from dataclasses import replace

from rag.config import Settings

GROUPS = ("llm", "openai", "ollama")


def tune(settings: Settings, **flat) -> Settings:
    groups: dict[str, dict] = {}
    top = {}
    for name, value in flat.items():
        group = next((g for g in GROUPS if name.startswith(g + "_")), None)
        if group:
            groups.setdefault(group, {})[name[len(group) + 1:]] = value
        elif name == "top_k":
            groups.setdefault("retrieval", {})["top_k"] = value
        else:
            top[name] = value
    for group, values in groups.items():
        top[group] = replace(getattr(settings, group), **values)
    return replace(settings, **top)
