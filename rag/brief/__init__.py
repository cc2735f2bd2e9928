"""Briefing notes: a topic in, every place the document treats it out, cited (note.py), chosen by select.py,
written out by render.py, scored by evaluate.py."""
from rag.brief.note import NOT_ADDRESSED, BriefingNote, BriefingPoint, BriefingSection, DocumentInfo, TopicError, brief
from rag.brief.render import to_dict, to_markdown, to_text

__all__ = ["NOT_ADDRESSED", "BriefingNote", "DocumentInfo", "BriefingPoint", "BriefingSection", "TopicError", "brief", "to_dict", "to_markdown",
           "to_text"]
