"""The shape of a JSON value, for pinning the `ask --json` contract: every key with the JSON type of its value,
lists described by the union of their items' shapes. Run as a script to write the stored schema from real answers
(`python -m tests.contract.schema`): that was done once, before the pipeline was reshaped (issue 18), and the test
compares today's answers against it."""
from __future__ import annotations

import json
from pathlib import Path

SCHEMA_PATH = Path(__file__).with_name("answer_schema.json")


def json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def shape(value):
    """{"type": ..., "keys": {...}} for objects, {"type": "array", "items": [...]} for lists."""
    kind = json_type(value)
    if kind == "object":
        return {"type": "object", "keys": {k: shape(v) for k, v in sorted(value.items())}}
    if kind == "array":
        items = []
        for item in value:
            s = shape(item)
            if s not in items:
                items.append(s)
        return {"type": "array", "items": merge_items(items)}
    return {"type": kind}


def merge_items(items: list) -> list:
    """Objects in one list are merged into one shape whose keys are the union (a key present in some items only is
    listed under "optional")."""
    objects = [s for s in items if s["type"] == "object"]
    others = [s for s in items if s["type"] != "object"]
    if len(objects) <= 1:
        return objects + others
    keys: dict = {}
    for o in objects:
        for k, v in o["keys"].items():
            keys.setdefault(k, v)
    optional = sorted(k for k in keys if any(k not in o["keys"] for o in objects))
    merged = {"type": "object", "keys": keys}
    if optional:
        merged["optional"] = optional
    return [merged] + others


def real_answers(pipeline=None) -> dict[str, dict]:
    """Answers of every kind from the real pipeline (a fake chat model stands in for the generated one)."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from rag.config import Settings
    from rag.conversation import ask_turn
    from rag.llm.generate import GenerativeComposer
    from rag.pipeline import RagPipeline

    pipeline = pipeline or RagPipeline(Settings.from_env())
    zh = pipeline.ask("秘书长说战争是不可避免的吗？").to_dict()
    en = pipeline.ask("Did the Secretary-General say war is inevitable?").to_dict()
    not_found = pipeline.ask("What is the capital of Sweden?").to_dict()
    quote = zh["citations"][0]["quote"]
    model = FakeListChatModel(responses=[f"{quote}[1]"])
    generated = pipeline.ask("秘书长说战争是不可避免的吗？",
                             GenerativeComposer(pipeline.settings, "openai", chat_model=model)).to_dict()
    followup = ask_turn(pipeline, "他还说了什么？", ["秘书长说战争是不可避免的吗？"]).to_dict()
    return {"answered_zh": zh, "answered_en": en, "not_found": not_found, "generated": generated,
            "followup": followup}


if __name__ == "__main__":
    answers = real_answers()
    SCHEMA_PATH.write_text(json.dumps({k: shape(v) for k, v in answers.items()}, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {SCHEMA_PATH}")
