"""Pure rendering helpers for the chat app, over the library's typed values: answer -> HTML (markers, sources, highlighted quotes),
answer -> Markdown briefing snippet, document -> header and outline HTML, passage -> source-panel HTML.

Every piece of text that comes from the document or from a person is HTML-escaped here. Clickable things are
plain links whose fragment says what to open; the page's script (ui/app.py) turns a click into a request:
  #cite-<turn>-<n>   citation n of the answer in turn <turn>
  #para-<passage id> a paragraph of the document (from the outline or the "also retrieved" list)
  #brief-<i>         point i of the current briefing note (ui/briefing.py)
"""
from __future__ import annotations

import html
import re
from typing import Iterable

from rag.brief.markdown import md_text
from rag.documents.navigate import find_passage, section_name
from rag.documents.versions import LANGUAGE_NAMES, version_label
from rag.types import Answer, Citation, Document, DocumentVersions, Hit, Passage, Section

_MARKER = re.compile(r"\[(\d+)\]")

UI_TEXT = {
    "zh": {
        "sources": "来源",
        "not_found": "文件中未提及",
        "not_found_hint": "S/2017/105 中没有回答这个问题的段落。可以换一种问法，或在右侧的文件目录中浏览。",
        "error": "无法提问",
        "open": "在来源面板中打开",
        "original": "原文",
        "closest": "最接近的段落（供参考，并不回答这个问题）：",
        "authoritative": "原文（{language}，以此为准）",
    },
    "en": {
        "sources": "Sources",
        "not_found": "Not in the document",
        "not_found_hint": "No paragraph of S/2017/105 answers this. Try rephrasing, or browse the outline on the right.",
        "error": "Cannot ask this",
        "open": "open in the source panel",
        "original": "Original",
        "closest": "Closest passages (for you to judge; they do not answer it):",
        "authoritative": "Authoritative {language} text",
    },
}


def esc(text: str) -> str:
    return html.escape(text or "", quote=True)


def highlight(text: str, quote: str | None) -> str:
    """The paragraph as HTML with the (verbatim) quoted sentence wrapped in <mark>."""
    if quote:
        i = text.find(quote)
        if i >= 0:
            return f"{esc(text[:i])}<mark>{esc(quote)}</mark>{esc(text[i + len(quote):])}"
    return esc(text)


def cite_href(turn: int, n: int) -> str:
    return f"#cite-{turn}-{n}"


def para_href(passage_id: str) -> str:
    return f"#para-{passage_id}"


def parse_pick(value: str) -> tuple[str, tuple] | None:
    """Undo the link fragments above: '#cite-2-1|<nonce>' -> ('cite', (2, 1)); '#para-S_2017_105:3.3:1' -> ('para', (id,));
    '#brief-4' -> ('brief', (4,))."""
    frag = (value or "").split("|", 1)[0].strip().lstrip("#")
    m = re.fullmatch(r"cite-(\d+)-(\d+)", frag)
    if m:
        return "cite", (int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"brief-(\d+)", frag)
    if m:
        return "brief", (int(m.group(1)),)
    if frag.startswith("para-") and len(frag) > 5:
        return "para", (frag[5:],)
    return None


def answer_text_html(answer: str, citations: list[Citation], turn: int) -> str:
    """The answer text, escaped, with each [n] marker a link to citation n."""
    known = {c.n for c in citations}

    def link(m: re.Match) -> str:
        n = int(m.group(1))
        if n not in known:
            return m.group(0)
        return f'<a class="cite-marker" href="{cite_href(turn, n)}" title="[{n}]">[{n}]</a>'

    return _MARKER.sub(link, esc(answer))


def source_card_html(c: Citation, turn: int, active: bool = False) -> str:
    """One source under an answer: its label and paragraph with the quote highlighted; a translated citation shows
    the paragraph in the answer's language, the original's sentence under it, and what the translation is."""
    cls = "src-card active" if active else "src-card"
    tr = c.translation
    label = (tr.label or c.passage.label) if tr else c.passage.label
    body = highlight(tr.text, tr.quote) if tr else highlight(c.passage.text, c.quote)
    original = ""
    if tr:
        source = c.passage.language
        original = (f'<div class="src-original" lang="{source}">{esc(c.quote)}</div>'
                    f'<div class="version-label">{esc(version_label(tr.provenance, tr.language, source))}</div>')
    return (
        f'<div class="{cls}">'
        f'<a class="src-label" href="{cite_href(turn, c.n)}"><span class="src-n">[{c.n}]</span> {esc(label)}</a>'
        f'<div class="src-text">{body}</div>{original}'
        f"</div>"
    )


def sources_html(citations: list[Citation], turn: int, language: str = "en") -> str:
    if not citations:
        return ""
    t = UI_TEXT.get(language, UI_TEXT["en"])
    cards = "".join(source_card_html(c, turn) for c in citations)
    return f'<div class="sources"><div class="sources-title">{t["sources"]} · S/2017/105</div>{cards}</div>'


def searching_html(lang: str) -> str:
    """The assistant's message while retrieval runs."""
    return f'<div class="searching">{"正在检索文件…" if lang == "zh" else "Searching the document…"}</div>'


def typing_html(text: str) -> str:
    """A quoted answer appearing a few characters at a time (markers are linked only in the final message)."""
    return f'<div class="answer"><div class="answer-text">{esc(text)}▌</div></div>'


def writing_html(text: str, lang: str) -> str:
    """A generated answer while the model writes: its raw words (markers not yet checked) and a cursor."""
    label = "正在生成，引文核对后显示来源…" if lang == "zh" else "Writing; sources appear once the citations are checked…"
    return (f'<div class="answer"><div class="writing-label">{label}</div>'
            f'<div class="answer-text">{esc(text)}▌</div></div>')


def answer_html(answer: Answer, turn: int) -> str:
    """One assistant chat message: the answer with clickable markers and its sources, or a not-found note."""
    lang = answer.language
    t = UI_TEXT.get(lang, UI_TEXT["en"])
    if not answer.answered:
        closest = "".join(
            f'<li><a href="{para_href(h.passage.id)}">{esc(h.passage.label)}</a></li>' for h in answer.closest)
        closest = f'<div class="nf-closest">{t["closest"]}<ul>{closest}</ul></div>' if closest else ""
        return (
            f'<div class="not-found"><div class="nf-title">∅ {t["not_found"]}</div>'
            f'<div class="nf-text">{esc(answer.answer)}</div>{closest}'
            f'<div class="nf-hint">{t["not_found_hint"]}</div></div>'
        )
    body = answer_text_html(answer.answer, answer.citations, turn)
    notice = f'<div class="notice">{esc(answer.notice)}</div>' if answer.notice else ""
    sources = sources_html(answer.citations, turn, lang)
    return f'<div class="answer"><div class="answer-text">{body}</div>{notice}{sources}</div>'


def error_html(message: str, language: str = "en") -> str:
    t = UI_TEXT.get(language, UI_TEXT["en"])
    return f'<div class="ask-error"><div class="nf-title">⚠ {t["error"]}</div><div class="nf-text">{esc(message)}</div></div>'


def user_html(question: str, limit: int = 400) -> str:
    """The person's message as shown in the chat: escaped, and shortened when it is very long."""
    text = question or ""
    if len(text) > limit:
        return f"{esc(text[:limit])}… <em>({len(text):,} characters)</em>"
    return esc(text)


def answer_markdown(answer: Answer, document: Document | None = None) -> str:
    """A briefing snippet in Markdown: the question, the answer with [n] markers, and numbered sources with quotes;
    every text escaped (rag/brief/markdown.py: no tag, no link of the asker's, survives an HTML-enabled viewer)."""
    symbol = document.id if document else "S/2017/105"
    date = f", {document.date}" if document and document.date else ""
    lines = [f"**Q:** {md_text(answer.question)}", ""]
    if not answer.answered:
        lines.append(f"**A:** {md_text(answer.answer)} ({symbol})")
        return "\n".join(lines) + "\n"
    lines += [f"**A:** {md_text(answer.answer)}", "", f"**Sources** ({symbol}{date}):", ""]
    for c in answer.citations:
        tr = c.translation
        if tr:
            lines.append(f"[{c.n}] {md_text(tr.label or c.passage.label)} — “{md_text(tr.quote)}” "
                         f"(original: “{md_text(c.quote)}”; {tr.provenance} translation)")
        else:
            lines.append(f"[{c.n}] {md_text(c.passage.label)} — “{md_text(c.quote)}”")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def header_html(versions: DocumentVersions) -> str:
    """The document's symbol, date and title, with the title of every other version under it."""
    document = versions.original
    sub = f'<div class="doc-sub">{esc(document.annex_subtitle)}</div>' if document.annex_subtitle else ""
    others = "".join(f'<div class="doc-sub" lang="{esc(t.language)}">{esc(t.title)} '
                      f'<span class="version-label">({esc(version_label(t.provenance, t.language, document.language))})</span></div>'
                      for t in versions.translations)
    return (
        '<div class="doc-header">'
        f'<span class="doc-symbol">{esc(document.id)}</span><span class="doc-date">{esc(document.date)}</span>'
        f'<div class="doc-title">{esc(document.title)}</div>{sub}{others}'
        "</div>"
    )


def _section_html(section: Section, depth: int, language: str) -> str:
    paras = "".join(
        f'<li><a class="outline-para" href="{para_href(p.id)}"><span class="pnum">¶{p.paragraph}</span> {esc(p.text)}</a></li>'
        for p in section.paragraphs
    )
    subs = "".join(_section_html(s, depth + 1, language) for s in section.sections)
    num = esc(section_name(section.number, language))
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
    found = find_passage(shown_doc or original, passage_id)
    if not found:
        return empty_panel_html(f"Unknown passage: {passage_id}")
    p, prev, nxt = found
    ui = UI_TEXT["zh" if (shown_doc or original).language == "zh" else "en"]
    tag = f'<span class="src-n">[{n}]</span> ' if n is not None else ""
    crumbs = " › ".join(esc(t) for t in p.section_path)
    sec = esc(section_name(p.section, p.language))
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
                         f'<div class="panel-original-title">{esc(heading)} · {esc(source.label)}</div>'
                         f'{_paragraph_block(source, quote, "panel-text panel-original")}')
    shown_quote = translated_quote if shown_doc is not None else quote
    return (
        '<div class="panel">'
        f'{q}<div class="panel-label">{tag}{esc(p.doc_symbol)} · {sec} ¶{p.paragraph}</div>'
        f'<div class="panel-path">{crumbs}</div>'
        f'{ctx(prev, "before")}'
        f'{_paragraph_block(p, shown_quote)}'
        f'{ctx(nxt, "after")}'
        f'{authoritative}'
        f'<div class="panel-id">{esc(p.id)}</div>'
        "</div>"
    )


def citation_panel_html(versions: DocumentVersions, citation: Citation, question: str | None = None) -> str:
    """The source panel for one citation of an answer."""
    tr = citation.translation
    return passage_panel_html(versions, citation.passage.id, citation.quote, citation.n, question,
                              language=tr.language if tr else None, translated_quote=tr.quote if tr else None)


def empty_panel_html(message: str = "") -> str:
    text = message or "点击答案中的 [n] 或来源，在此查看原文段落。<br>Click an [n] marker or a source to see the passage here."
    return f'<div class="panel panel-empty">{text if not message else esc(message)}</div>'


def retrieved_html(retrieved: Iterable[Hit], cited_ids: set[str], document: Document, limit: int) -> str:
    """Other passages the search found (not cited), as links that open in the source panel (labels in the
    version `document`)."""
    labels = {p.id: p.label for p in document.passages()}
    items = [
        f'<li><a href="{para_href(h.passage.id)}">{esc(labels.get(h.passage.id, h.passage.id))}</a></li>'
        for h in list(retrieved)[:limit]
        if h.passage.id not in cited_ids
    ]
    if not items:
        return ""
    return f'<div class="also"><div class="also-title">Also retrieved · 其他检索到的段落</div><ul>{"".join(items)}</ul></div>'
