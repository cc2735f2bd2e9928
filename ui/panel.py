"""The document's views for the chat page: the header (symbol, date, titles of every version), the outline (every
section, either language) and the source panel (a paragraph between its neighbours, the quote highlighted, in the
answer's version and the authoritative original). Every piece of text from the document or a person is escaped.

Written by hand (HTML strings, as ui/render.py): Gradio has no component for a cited paragraph; split from
ui/render.py to keep both short.
"""
from __future__ import annotations

from rag.documents.navigate import find_passage, section_name
from rag.documents.versions import LANGUAGE_NAMES, version_label
from rag.types import Citation, Document, DocumentVersions, Passage, Section
from ui.render import UI_TEXT, esc, highlight, para_href, passage_label


def header_html(versions: DocumentVersions) -> str:
    """The document's symbol, date and title, with the title of every other version under it."""
    document = versions.original
    sub = f'<div class="doc-sub">{esc(document.annex_subtitle)}</div>' if document.annex_subtitle else ""
    others = "".join(f'<div class="doc-sub" lang="{esc(t.language)}">{esc(t.title)} '
                      f'<span class="version-label">({esc(version_label(t.provenance, t.language, document.language))})</span></div>'
                      for t in versions.translations)
    return (
        '<header class="doc-header">'
        f'<span class="doc-symbol">{esc(document.id)}</span><span class="doc-date">{esc(document.date)}</span>'
        f'<h1 class="doc-title">{esc(document.title)}</h1>{sub}{others}'
        "</header>"
    )


def _section_html(section: Section, depth: int, language: str) -> str:
    paras = "".join(
        f'<li><a class="outline-para" href="{para_href(p.id)}"><span class="pnum">¶{p.paragraph}</span> {esc(p.text)}</a></li>'
        for p in section.paragraphs
    )
    subs = "".join(_section_html(s, depth + 1, language) for s in section.sections)
    # numbered sections ("§3.3", the letter); a record's turns and a resolution's parts are named by their titles
    num = esc(section_name(section.number, language)) if section.number[:1].isdigit() else ""
    count = f'<span class="pcount">{len(section.paragraphs)} ¶</span>' if section.paragraphs else ""
    return (
        f'<details class="outline-sec depth-{depth}" data-section="{esc(section.number)}">'
        f'<summary><span class="secnum">{num}</span> {esc(section.title)} {count}</summary>'
        f'<ol class="outline-paras">{paras}</ol>{subs}</details>'
    )


def outline_html(document: Document, original_language: str | None = None) -> str:
    """One version's outline: every section and subsection (numbered, so the two 安全理事会的作用 differ), each
    opening its paragraphs; every paragraph opens in the source panel. A translation says what it is."""
    label = ""
    if original_language and document.language != original_language:
        label = f'<div class="version-label">{esc(version_label(document.provenance, document.language, original_language))}</div>'
    body = "".join(_section_html(s, 0, document.language) for s in document.sections)
    return f'<nav class="outline" lang="{esc(document.language)}">{label}{body}</nav>'


def _paragraph_block(p: Passage, quote: str | None, cls: str = "panel-text") -> str:
    return (f'<div class="{cls}" lang="{esc(p.language)}"><span class="pnum">¶{p.paragraph}</span> '
            f'{highlight(p.text, quote)}</div>')


def passage_panel_html(versions: DocumentVersions, passage_id: str, quote: str | None = None, n: int | None = None,
                       question: str | None = None, language: str | None = None,
                       translated_quote: str | None = None) -> str:
    """The source panel: where the passage sits (symbol, section path, paragraph) and the paragraph with the quote
    highlighted, between its neighbouring paragraphs. In `language` other than the original's (an English answer),
    the paragraph is shown in that version with `translated_quote` highlighted, labelled as a translation, and the
    authoritative original follows with `quote` highlighted."""
    original = versions.original
    shown_doc = versions.version(language) if language else None
    shown_doc = shown_doc if shown_doc is not None and shown_doc.language != original.language else None
    if shown_doc is not None and find_passage(shown_doc, passage_id) is None:  # a paragraph the version leaves out
        shown_doc = None
    found = find_passage(shown_doc or original, passage_id)
    if not found:
        return empty_panel_html(f"Unknown passage: {passage_id}")
    p, prev, nxt = found
    ui = UI_TEXT["zh" if (shown_doc or original).language == "zh" else "en"]
    tag = f'<span class="src-n">[{n}]</span> ' if n is not None else ""
    crumbs = " › ".join(esc(t) for t in p.section_path)
    sec = esc(p.unit.lstrip("· ")) if p.unit else f"{esc(section_name(p.section, p.language))} ¶{p.paragraph}"
    q = f'<div class="panel-q">{esc(question)}</div>' if question else ""

    def ctx(x: Passage | None, where: str) -> str:
        if x is None:
            return ""
        return f'<a class="panel-ctx {where}" href="{para_href(x.id)}"><span class="pnum">¶{x.paragraph}</span> {esc(x.text)}</a>'

    authoritative = ""
    if shown_doc is not None:
        source = find_passage(original, passage_id)[0]
        label = version_label(shown_doc.provenance, shown_doc.language, original.language)
        heading = ui["authoritative"].format(language=LANGUAGE_NAMES.get(original.language, original.language))
        authoritative = (f'<div class="version-label panel-version">{esc(label)}</div>'
                         f'<div class="panel-original-title">{esc(heading)} · {esc(passage_label(source))}</div>'
                         f'{_paragraph_block(source, quote, "panel-text panel-original")}')
    shown_quote = translated_quote if shown_doc is not None else quote
    return (
        '<div class="panel">'
        f'{q}<div class="panel-label">{tag}{esc(p.doc_symbol)} · {sec}</div>'
        f'<div class="panel-doc">{esc(versions.original.title)}</div>{speaker_html(p)}'
        f'<div class="panel-path">{crumbs}</div>'
        f'{ctx(prev, "before")}'
        f'{_paragraph_block(p, shown_quote)}'
        f'{ctx(nxt, "after")}'
        f'{authoritative}'
        "</div>"
    )


def speaker_html(p: Passage) -> str:
    """Who speaks in a verbatim record's turn: "发言 Speaker: Mr. Volkov (Russian Federation) · spoke in Russian"."""
    s = p.speaker
    if s is None:
        return ""
    who = esc(s.name) + (f" ({esc(s.country)})" if s.country and s.country != s.name else "")
    spoke = f' · <span lang="{esc(p.language)}">{esc(s.language)}</span>' if s.language else ""
    return f'<div class="panel-speaker">发言 Speaker: <b>{who}</b>{spoke}</div>'


def citation_panel_html(versions: DocumentVersions, citation: Citation, question: str | None = None) -> str:
    """The source panel for one citation of an answer."""
    tr = citation.translation
    return passage_panel_html(versions, citation.passage.id, citation.quote, citation.n, question,
                              language=tr.language if tr else None, translated_quote=tr.quote if tr else None)


def empty_panel_html(message: str = "") -> str:
    text = message or "点击答案中的 [n] 或来源，在此查看原文段落。<br>Click an [n] marker or a source to see the passage here."
    return f'<div class="panel panel-empty">{text if not message else esc(message)}</div>'
