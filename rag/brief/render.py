"""A briefing note for readers: JSON (`to_dict`, the API's contract), Markdown (`to_markdown`: the CLI's `--out`,
the chat's download) and plain text for a terminal (`to_text`)."""
from __future__ import annotations

from rag.brief.note import BriefingNote


def to_dict(note: BriefingNote) -> dict:
    out = {
        "topic": note.topic,
        "language": note.language,
        "status": note.status,
        "document": note.document._asdict(),
        "sections": [s.to_dict() for s in note.sections],
    }
    if not note.addressed:
        out["message"] = note.message
    if note.version_note:
        out["version_note"] = note.version_note
    return out


def to_markdown(note: BriefingNote) -> str:
    d = note.document
    zh = note.language == "zh"
    lines = [f"# {'简报' if zh else 'Briefing note'}: {note.topic}", ""]
    lines.append(f"**{d.id}** · {d.title} · {d.date}  ")
    lines.append(f"{'主题' if zh else 'Topic'}: {note.topic}")
    lines.append("")
    if not note.addressed:
        lines.append(f"> {note.message}")
        return "\n".join(lines) + "\n"
    n = len(note.points)
    lines.append(f"_{n} {'个要点' if zh else 'points'} · {len(note.sections)} {'个章节' if zh else 'sections'}_")
    if note.version_note:
        lines += ["", f"> {note.version_note}"]
    several = len({s.document for s in note.sections}) > 1
    for s in note.sections:
        where = f"{s.document} " if several else ""
        lines += ["", f"## {where}§{s.section} {s.title}", ""]
        for p in s.points:
            if p.translation:
                lines.append(f"- “{p.text}” — {p.translation.label} (`{p.passage_id}`)  ")
                lines.append(f"  {p.quote}")
            else:
                lines.append(f"- “{p.quote}” — {p.label} (`{p.passage_id}`)")
    return "\n".join(lines) + "\n"


def to_text(note: BriefingNote) -> str:
    """Plain readable text for a terminal."""
    d = note.document
    lines = [f"{d.id}  {d.date}  {d.title}", f"Topic: {note.topic}", ""]
    if not note.addressed:
        return "\n".join(lines + [note.message]) + "\n"
    several = len({s.document for s in note.sections}) > 1
    for s in note.sections:
        lines.append(f"{s.document + ' ' if several else ''}§{s.section} {s.title}")
        for p in s.points:
            lines.append(f"  • “{p.text}”")
            if p.translation:
                lines.append(f"      {p.quote}")
            lines.append(f"      [{p.translation.label if p.translation else p.label}]")
        lines.append("")
    return "\n".join(lines)
