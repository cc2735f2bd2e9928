"""How well briefing notes cover their topics, on a topics file (tests/rag/brief/topics.jsonl):
`python -m rag.brief.evaluate [FILE]`."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from rag.brief.note import brief

if TYPE_CHECKING:  # pragma: no cover
    from rag.pipeline import RagPipeline

log = logging.getLogger(__name__)


def load_topics(path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate_topics(pipeline: "RagPipeline", rows: list[dict], verbose: bool = True) -> dict:
    """Paragraph recall, share of off-topic points, and refusals, over a topics file.

    Each row: {"topic", "addressed": bool, "must": [passage ids that must be found], "related": [ids that may be
    quoted without counting as off-topic]}. A point is off-topic when its paragraph is in neither list.
    """
    found = needed = points = off = 0
    refusals_right = refusals_total = false_refusals = 0
    per_topic = []
    for row in rows:
        note = brief(pipeline, row["topic"])
        got = set(note.passage_ids)
        if not row.get("addressed", True):
            refusals_total += 1
            refusals_right += not note.addressed
            per_topic.append({"topic": row["topic"], "refused": not note.addressed, "ids": sorted(got)})
            continue
        if not note.addressed:
            false_refusals += 1
        must, ok = set(row["must"]), set(row["must"]) | set(row.get("related", []))
        hit = must & got
        off_pts = [p for p in note.points if p.passage_id not in ok]
        found += len(hit)
        needed += len(must)
        points += len(note.points)
        off += len(off_pts)
        per_topic.append({"topic": row["topic"], "recall": len(hit) / len(must) if must else 1.0,
                          "missed": sorted(must - got), "off_topic": sorted({p.passage_id for p in off_pts}),
                          "points": len(note.points)})
    report = {
        "topics": len(rows),
        "recall": round(found / needed, 3) if needed else 1.0,
        "off_topic_share": round(off / points, 3) if points else 0.0,
        "points": points,
        "refusals_right": f"{refusals_right}/{refusals_total}",
        "false_refusals": false_refusals,
        "per_topic": per_topic,
    }
    if verbose:
        for t in per_topic:
            log.info("%s", t)
        log.info("%s", {k: v for k, v in report.items() if k != "per_topic"})
    return report


if __name__ == "__main__":  # python -m rag.brief.evaluate [tests/rag/brief/topics.jsonl]
    import sys

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from rag.config import Settings
    from rag.pipeline import RagPipeline

    path = sys.argv[1] if len(sys.argv) > 1 else "tests/rag/brief/topics.jsonl"
    evaluate_topics(RagPipeline(Settings.from_env()), load_topics(path))
