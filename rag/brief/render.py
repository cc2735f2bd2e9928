"""A briefing note for readers: JSON (`to_dict`, the API's contract), Markdown (`to_markdown`: the CLI's `--out`,
the chat's download) and plain text for a terminal (`to_text`)."""
from __future__ import annotations

from rag.brief.markdown import md_code, md_text
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
    """The note in Markdown; every text in it, the topic typed by a person included, is escaped (rag/brief/markdown.py)."""
    d, t = note.document, md_text
    zh = note.language == "zh"
    lines = [f"# {'简报' if zh else 'Briefing note'}: {t(note.topic)}", ""]
    lines.append(f"**{t(d.id)}** · {t(d.title)} · {t(d.date)}  ")
    lines.append(f"{'主题' if zh else 'Topic'}: {t(note.topic)}")
    lines.append("")
    if not note.addressed:
        lines.append(f"> {t(note.message)}")
        return "\n".join(lines) + "\n"
    n = len(note.points)
    lines.append(f"_{n} {'个要点' if zh else 'points'} · {len(note.sections)} {'个章节' if zh else 'sections'}_")
    if note.version_note:
        lines += ["", f"> {t(note.version_note)}"]
    several = len({s.document for s in note.sections}) > 1
    for s in note.sections:
        where = f"{t(s.document)} " if several else ""
        lines += ["", f"## {where}§{t(s.section)} {t(s.title)}", ""]
        for p in s.points:
            if p.translation:
                lines.append(f"- “{t(p.text)}” — {t(p.translation.label)} ({md_code(p.passage_id)})  ")
                lines.append(f"  {t(p.quote)}")
            else:
                lines.append(f"- “{t(p.quote)}” — {t(p.label)} ({md_code(p.passage_id)})")
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
