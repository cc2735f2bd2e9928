"""The Briefing tab: a topic in, a cited briefing note out (rag/brief/note.py), shown next to the chat.

The note lists the documents' sentences on the topic, grouped by document, then by section in document order
(the documents chosen in the library's filter, ui/library.py, or the whole library); every point ends in
a citation link `#brief-<i>` (i: the point's index in the note, counted across sections) that opens the
paragraph in the shared source panel with the quote highlighted (the page script and `render.parse_pick` in
ui/app.py and ui/render.py). The note can be downloaded as Markdown (`to_markdown`). API: `brief` (topic) ->
`to_dict(note)`, or {topic, error} for an empty or too-long topic.
"""
from __future__ import annotations

import hashlib
import logging
import re
import tempfile
from pathlib import Path
from typing import Mapping

import gradio as gr

from rag.analysis.clean import echo
from rag.analysis.text import detect_language
from rag.brief import BriefingNote, BriefingPoint, BriefingSection, TopicError, brief, to_dict, to_markdown
from rag.documents.navigate import section_name, versions_of
from rag.types import DocumentVersions
from ui import panel, render
from ui.library import searched
from ui.api_input import ApiInputError, check_topic

log = logging.getLogger(__name__)

EXAMPLES = ["调解", "妇女", "role of the Security Council", "funding"]
ERROR = {"zh": "生成简报时出了问题，请再试一次。", "en": "Something went wrong while preparing the note. Please try again."}
DOWNLOAD_DIR = Path(tempfile.gettempdir()) / "unrag-briefings"  # the system temp dir: Gradio may serve it


def brief_href(i: int) -> str:
    return f"#brief-{i}"


def points(note: BriefingNote | None) -> list[BriefingPoint]:
    """The note's points in display order (the order the #brief-<i> links count)."""
    return note.points if note is not None else []


def _section_heading(section: BriefingSection, language: str) -> str:
    num = render.esc(section_name(section.section, language))
    return f'<div class="brief-sec-title"><span class="secnum">{num}</span> {render.esc(section.title)}</div>'


def _head_html(note: BriefingNote) -> str:
    d, zh = note.document, note.language == "zh"
    return (
        '<div class="brief-head">'
        f'<span class="doc-symbol">{render.esc(d.id)}</span><span class="doc-date">{render.esc(d.date)}</span>'
        f'<div class="doc-sub">{render.esc(d.title)}</div>'
        f'<div class="brief-topic">{"主题" if zh else "Topic"}: <b>{render.esc(note.topic)}</b></div>'
        "</div>"
    )


def briefing_html(note: BriefingNote) -> str:
    """The note as HTML: header (symbol, title, date, topic), then each section's points, each point's quoted text
    followed by its citation link; a topic the document does not address gets the not-found box."""
    zh, head = note.language == "zh", _head_html(note)
    if not note.addressed:
        t = render.UI_TEXT["zh" if zh else "en"]
        return (
            f'<div class="brief">{head}<div class="not-found"><div class="nf-title">∅ {t["not_found"]}</div>'
            f'<div class="nf-text">{render.esc(note.message)}</div></div></div>'
        )
    body, i, documents = [], 0, list(dict.fromkeys(s.document for s in note.sections))
    shown = None
    for s in note.sections:
        if len(documents) > 1 and s.document != shown:  # a note across documents: grouped by document first
            shown = s.document
            body.append(f'<h3 class="brief-doc-title">{render.esc(s.document)}</h3>')
        items = []
        for p in s.points:
            items.append(
                f'<li class="brief-point"><span class="brief-text">“{render.esc(p.text)}”</span> '
                f'<a class="brief-cite" href="{brief_href(i)}">'
                f'{render.esc((p.translation.label if p.translation else "") or p.label)}</a></li>'
            )
            i += 1
        body.append(f'<div class="brief-sec" data-section="{render.esc(s.section)}">{_section_heading(s, note.language)}'
                    f'<ul class="brief-points">{"".join(items)}</ul></div>')
    sections = len(note.sections)
    count = f"{i} 个要点 · {sections} 个章节" if zh else f"{i} points · {sections} sections"
    if len(documents) > 1:
        count += f" · {len(documents)} 份文件" if zh else f" · {len(documents)} documents"
    label = f'<div class="version-label">{render.esc(note.version_note)}</div>' if note.version_note else ""
    return f'<div class="brief">{head}<div class="brief-count">{count}</div>{label}{"".join(body)}</div>'


def empty_html() -> str:
    return ('<div class="brief brief-empty">输入主题，列出文件中论及该主题的所有段落（逐句引用）。<br>'
            "Enter a topic to list every place the document treats it, each point quoted and cited.</div>")


def point_panel_html(library: Mapping[str, DocumentVersions], note: BriefingNote | None, i: int) -> str:
    """The source panel for point i of the note: its paragraph with the quote highlighted (in the note's language
    and in the authoritative original, when the point is a translation), in the document it comes from."""
    pts = points(note)
    if not 0 <= i < len(pts):
        return panel.empty_panel_html()
    p = pts[i]
    tr = p.translation
    versions = versions_of(library, p.passage_id)
    if versions is None:
        return panel.empty_panel_html(f"Unknown passage: {p.passage_id}")
    return panel.passage_panel_html(versions, p.passage_id, p.quote, question=f"简报 Briefing · {note.topic}",
                                     language=tr.language if tr else None, translated_quote=tr.quote if tr else None)


def safe_name(topic: str, limit: int = 60) -> str:
    """A file-name-safe form of the topic (letters, digits and CJK kept; anything else becomes '-')."""
    return re.sub(r"[\W_]+", "-", topic or "").strip("-")[:limit].strip("-") or "topic"


def write_markdown(markdown: str, topic: str) -> str:
    """Write the note to `<temp>/unrag-briefings/<hash>/briefing-<topic>.md`; the same note reuses its file."""
    folder = DOWNLOAD_DIR / hashlib.sha1(markdown.encode("utf-8")).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"briefing-{safe_name(topic)}.md"
    path.write_text(markdown, encoding="utf-8")
    return str(path)


class BriefingTab:
    """The tab's components (built inside a gr.Tab); `wire(panel)` connects them once the source panel exists."""

    def __init__(self, pipeline) -> None:
        self.pipeline, self.library = pipeline, pipeline.library
        self.echo_chars = pipeline.settings.question.echo_chars
        self.max_chars = pipeline.settings.briefing.max_topic_chars
        self.note = gr.State(None)
        with gr.Row():
            self.topic = gr.Textbox(placeholder="主题… / Topic…", show_label=False, lines=1, max_lines=2, scale=6,
                                    elem_id="brief-topic")
            self.button = gr.Button("生成简报 Brief", variant="primary", scale=1, min_width=110, elem_id="brief-btn")
        self.examples = gr.Dataset(components=[gr.Textbox(visible=False)], samples=[[t] for t in EXAMPLES],
                                   label="示例主题 Example topics", elem_id="brief-examples",
                                   samples_per_page=len(EXAMPLES))
        self.html = gr.HTML(empty_html(), elem_id="brief-note")
        self.download = gr.DownloadButton("下载 Download .md", visible=False, size="sm", elem_id="brief-download")

    def run(self, topic: str, documents: list[str] | None = None):
        """(note HTML, note state, download button, source panel) for a topic, over the documents chosen in the
        library's filter (all when none is)."""
        lang = detect_language(topic if isinstance(topic, str) else "")
        hide = gr.DownloadButton(value=None, visible=False)
        try:
            note = brief(self.pipeline, topic, searched(self.library, documents))
        except TopicError as e:
            return render.error_html(str(e), lang), None, hide, gr.skip()
        except Exception:  # keep serving; the log has the details
            log.exception("briefing failed")
            return render.error_html("Something went wrong while preparing the note. Please try again.", lang), None, hide, gr.skip()
        log.info("briefing %r: %s, %d points", note.topic, note.status, len(note.points))
        if not note.addressed:
            return briefing_html(note), note, hide, panel.empty_panel_html()
        path = write_markdown(to_markdown(note), note.topic)
        return briefing_html(note), note, gr.DownloadButton(value=path, visible=True), point_panel_html(self.library, note, 0)

    def api(self, topic: str) -> dict:
        """A cited briefing note on a topic, across the library: {topic, language, status, document, sections:
        [{section, title, document, points: [{text, quote, passage_id, label}]}]} (plus message when not
        addressed); a bad topic returns {topic, error}. Some documents only: the REST API's and MCP's `documents`."""
        shown = echo(topic, self.echo_chars)
        try:
            check_topic(topic, max_chars=self.max_chars, echo_chars=self.echo_chars)
            return to_dict(brief(self.pipeline, topic))
        except ApiInputError as e:
            return e.to_dict()
        except TopicError as e:
            return {"topic": shown, "error": str(e)}
        except Exception:  # the client gets a short message; the log has the details
            log.exception("briefing failed")
            return {"topic": shown, "error": ERROR[detect_language(shown)]}

    def wire(self, panel: gr.HTML, documents: gr.Dropdown) -> None:
        ui = dict(api_visibility="undocumented")
        io = dict(inputs=[self.topic, documents], outputs=[self.html, self.note, self.download, panel])
        self.button.click(self.run, **io, **ui)
        self.topic.submit(self.run, **io, **ui)
        self.examples.click(lambda sample: sample[0], inputs=self.examples, outputs=self.topic, queue=False,
                            **ui).then(self.run, **io, **ui)
        gr.api(self.api, api_name="brief")
