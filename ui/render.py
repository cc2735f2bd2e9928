"""Pure rendering helpers for the chat app, over the library's typed values: answer -> HTML (markers, one source card
per cited paragraph with its quotes highlighted, copy button, next questions; a refusal with its closest passages in
the question's language), answer -> Markdown briefing snippet, reader labels (the letter named as the outline names
it, never an internal id). The document's views (header, outline, source panel) are ui/panel.py.

Every piece of text that comes from the document or from a person is HTML-escaped here. Clickable things are
plain links whose fragment says what to open; the page's script (ui/app.py) turns a click into a request:
  #cite-<turn>-<n>   citation n of the answer in turn <turn>
  #para-<passage id> a paragraph of the document (from the outline or the "also retrieved" list)
  #brief-<i>         point i of the current briefing note (ui/briefing.py)
"""
from __future__ import annotations

import html
import re
from typing import Iterable, Mapping

from rag.brief.markdown import md_text
from rag.documents.navigate import find_passage, section_name, versions_of
from rag.documents.versions import version_label
from rag.types import Answer, Citation, Document, DocumentVersions, Hit, Passage

_MARKER = re.compile(r"\[(\d+)\]")

UI_TEXT = {
    "zh": {
        "sources": "来源",
        "not_found": "文件中未提及",
        "not_found_hint": "所检索的文件中没有回答这个问题的段落。可以换一种问法，或在右侧的文件目录中浏览。",
        "error": "无法提问",
        "open": "在来源面板中打开",
        "original": "原文",
        "closest": "最接近的段落（供参考，并不回答这个问题）：",
        "authoritative": "原文（{language}，以此为准）",
        "copy": "复制回答", "copied": "已复制",
        "next": "接着问：",
        "also": "其他检索到的段落",
        "fallback": {
            "unavailable": "本地模型尚未准备好，因此显示的是引自原文的回答。",
            "error": "本地模型没有及时作答，因此显示的是引自原文的回答。",
            "empty": "本地模型没有给出可用的回答，因此显示的是引自原文的回答。",
            "language": "本地模型用错了语言，因此显示的是引自原文的回答。",
            "unverified": "生成的句子无法在引用段落中核实，因此显示的是引自原文的回答。",
        },
    },
    "en": {
        "sources": "Sources",
        "not_found": "Not in the document",
        "not_found_hint": "No paragraph of the documents searched answers this. Try rephrasing, or browse the outline "
                          "on the right.",
        "error": "Cannot ask this",
        "open": "open in the source panel",
        "original": "Original",
        "closest": "Closest passages (for you to judge; they do not answer it):",
        "authoritative": "Authoritative {language} text",
        "copy": "Copy answer", "copied": "Copied",
        "next": "Ask next:",
        "also": "Also retrieved",
        "fallback": {
            "unavailable": "The local model is not set up, so this is the answer quoted from the document.",
            "error": "The local model did not answer in time, so this is the answer quoted from the document.",
            "empty": "The local model gave no usable reply, so this is the answer quoted from the document.",
            "language": "The local model answered in the wrong language, so this is the answer quoted from the "
                        "document.",
            "unverified": "The generated sentences could not be checked against the cited passages, so this is the "
                          "answer quoted from the document.",
        },
    },
}


def esc(text: str) -> str:
    return html.escape(text or "", quote=True)


def passage_label(p: Passage) -> str:
    """What a reader sees for a paragraph, in its version's language: "§2 The Secretary-General's vision ¶4"; the
    letter is named as the outline names it ("信函" / "Letter"), never "§0"."""
    if p.unit:  # a resolution's "op. 4 (b)", a record's "Russian Federation ¶3"
        return p.unit
    if p.section == "0":  # the letter's "path" is its whole title
        return f"{section_name('0', p.language)} ¶{p.paragraph}"
    path = " › ".join(p.section_path)
    return f"{section_name(p.section, p.language)} {path} ¶{p.paragraph}".replace("  ", " ")


def reader_label(label: str, language: str) -> str:
    """A library label ("§0 … ¶1") as a reader sees it: the letter named as `passage_label` names it."""
    at = label.find("§")
    label = label[at:] if at > 0 else label  # the sources' title names the document once
    if not label.startswith("§0 "):
        return label
    return f"{section_name('0', language)} {label[label.rfind('¶'):]}" if "¶" in label else section_name("0", language)


def highlight_all(text: str, quotes: Iterable[str]) -> str:
    """The paragraph as HTML with every (verbatim) quote wrapped in <mark>, in the order they appear."""
    spans = sorted({(i, i + len(q)) for q in quotes if q and (i := text.find(q)) >= 0})
    out, at = [], 0
    for start, end in spans:
        if start < at:
            continue
        out += [esc(text[at:start]), f"<mark>{esc(text[start:end])}</mark>"]
        at = end
    return "".join(out) + esc(text[at:])


def highlight(text: str, quote: str | None) -> str:
    """The paragraph as HTML with the (verbatim) quoted sentence wrapped in <mark>."""
    if quote:
        i = text.find(quote)
        if i >= 0:
            return f"{esc(text[:i])}<mark>{esc(quote)}</mark>{esc(text[i + len(quote):])}"
    return esc(text)


def cite_href(turn: int, n: int) -> str:
    return f"#cite-{turn}-{n}"


def para_href(passage_id: str, language: str | None = None) -> str:
    """`#para-<id>`, or `#para-<id>@<language>` to open it in that language's version."""
    return f"#para-{passage_id}@{language}" if language else f"#para-{passage_id}"


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
        pid, _, language = frag[5:].partition("@")
        return "para", (pid, language or None)
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


def source_card_html(group: list[Citation], turn: int, name_document: bool = False) -> str:
    """One source under an answer: one paragraph, whatever number of its sentences the answer cites, with every
    [n] that cites it and every quote highlighted. A translated citation shows the paragraph in the answer's
    language, the original's sentences under it, and what the translation is. `name_document`: the label starts
    with the document's symbol (an answer citing several documents)."""
    first = group[0]
    tr = first.translation
    links = " ".join(f'<a class="src-n" href="{cite_href(turn, c.n)}">[{c.n}]</a>' for c in group)
    if tr:
        label, body = reader_label(tr.label, tr.language) if tr.label else passage_label(first.passage), highlight_all(tr.text, [c.translation.quote for c in group])
    else:
        label, body = passage_label(first.passage), highlight_all(first.passage.text, [c.quote for c in group])
    label = document_label(first.passage.doc_symbol, label) if name_document else label
    original = ""
    if tr:
        source = first.passage.language
        quotes = " ".join(esc(c.quote) for c in group)
        original = (f'<div class="src-original" lang="{source}">{quotes}</div>'
                    f'<div class="version-label">{esc(version_label(tr.provenance, tr.language, source))}</div>')
    return (f'<div class="src-card"><div class="src-label">{links} '
            f'<a class="src-open" href="{cite_href(turn, first.n)}">{esc(label)}</a></div>'
            f'<div class="src-text">{body}</div>{original}</div>')


def sources_html(citations: list[Citation], turn: int, language: str = "en") -> str:
    """The answer's sources: one card per cited paragraph, in the order the answer first cites them."""
    if not citations:
        return ""
    t = UI_TEXT.get(language, UI_TEXT["en"])
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.passage.id, []).append(c)
    symbols = list(dict.fromkeys(c.passage.doc_symbol for c in citations))
    cards = "".join(source_card_html(g, turn, name_document=len(symbols) > 1) for g in groups.values())
    return (f'<div class="sources"><div class="sources-title">{t["sources"]} · {esc(", ".join(symbols))}</div>'
            f'{cards}</div>')


def document_label(symbol: str, label: str) -> str:
    """A reader label that names its document first: "S/PV.9001 · Russian Federation ¶3", "S/2017/105 §3.3 … ¶1"."""
    if not symbol or label.startswith(symbol):
        return label
    return f"{symbol} {label}" if label.startswith("§") else f"{symbol} · {label.lstrip('· ')}"


def mode_status_html(composer, wait_min_s: int, wait_max_s: int) -> str:
    """The line under the chat: which mode answers, and for generated answers the wait to expect."""
    if getattr(composer, "generative", False):
        text = (f"Generated answers ({composer.backend} model): about {wait_min_s}–{wait_max_s} s a question on this "
                "machine; every sentence is checked against the paragraph it cites, and the quoted answer is shown "
                "when the model cannot answer. 生成模式：每个问题约需 "
                f"{wait_min_s}–{wait_max_s} 秒。")
        kind = "generated"
    elif getattr(composer, "unavailable", None):
        text, kind = (f"Quoted answers (instant): generated answers are off because {composer.unavailable}. "
                      "引文模式：即时作答。"), "off"
    else:
        text, kind = ("Quoted answers (instant): the document's own sentences, in your language. "
                      "引文模式：引自原文，即时作答。"), "extractive"
    return f'<div class="mode-status mode-{kind}" role="status">{esc(text)}</div>'


def searching_html(lang: str) -> str:
    """The assistant's message while retrieval runs."""
    return f'<div class="searching">{"正在检索文件…" if lang == "zh" else "Searching the document…"}</div>'


def writing_html(text: str, lang: str) -> str:
    """A generated answer while the model writes: its raw words (markers not yet checked) and a cursor."""
    label = "正在生成，引文核对后显示来源…" if lang == "zh" else "Writing; sources appear once the citations are checked…"
    return (f'<div class="answer"><div class="writing-label">{label}</div>'
            f'<div class="answer-text">{esc(text)}▌</div></div>')


def in_language(library: Mapping[str, DocumentVersions] | None, passage: Passage, language: str) -> Passage:
    """The passage as the document's version in `language` has it (the passage itself when there is none)."""
    versions = versions_of(library, passage.id) if library else None
    shown = versions.version(language) if versions is not None else None
    found = find_passage(shown, passage.id) if shown is not None else None
    return found.passage if found else passage


def closest_html(answer: Answer, library: Mapping[str, DocumentVersions] | None) -> str:
    """A refusal's closest passages in the question's language: each label (naming its document) with a one-line
    preview, opening the paragraph in that language's version."""
    t = UI_TEXT.get(answer.language, UI_TEXT["en"])
    items = []
    for h in answer.closest:
        p = in_language(library, h.passage, answer.language)
        label = document_label(p.doc_symbol, passage_label(p))
        items.append(f'<li><a href="{para_href(p.id, p.language)}">{esc(label)}</a>'
                     f'<div class="nf-preview" lang="{esc(p.language)}">{esc(p.text)}</div></li>')
    return f'<div class="nf-closest">{t["closest"]}<ul>{"".join(items)}</ul></div>' if items else ""


def answer_html(answer: Answer, turn: int, library: Mapping[str, DocumentVersions] | None = None,
                copy_text: str = "", suggestions: Iterable[str] = ()) -> str:
    """One assistant chat message: the answer with clickable markers, its sources, a copy button (`copy_text`) and
    suggested next questions; or a not-found note with the closest passages."""
    lang = answer.language
    t = UI_TEXT.get(lang, UI_TEXT["en"])
    tools = next_questions_html(suggestions, lang)
    if not answer.answered:
        return (
            f'<div class="not-found turn turn-{turn}" lang="{lang}"><div class="nf-title">∅ {t["not_found"]}</div>'
            f'<div class="nf-text">{esc(answer.answer)}</div>{closest_html(answer, library)}'
            f'<div class="nf-hint">{t["not_found_hint"]}</div>{tools}</div>'
        )
    body = answer_text_html(answer.answer, answer.citations, turn)
    notice = f'<div class="notice">{esc(notice_text(answer))}</div>' if answer.notice else ""
    sources = sources_html(answer.citations, turn, lang)
    # Gradio's sanitizer drops data-* attributes: the text to copy rides in a hidden element (newlines as
    # entities, so that Markdown never sees a blank line inside the HTML)
    copy = (f'<button type="button" class="copy-answer">{t["copy"]}</button><span class="copy-done">{t["copied"]}'
            f'</span><div class="copy-text">{esc(copy_text).replace(chr(10), "&#10;")}</div>') if copy_text else ""
    return (f'<div class="answer turn turn-{turn}" lang="{lang}"><div class="answer-text">{body}</div>{notice}'
            f'{sources}<div class="answer-tools">{copy}</div>{tools}</div>')


def notice_text(answer: Answer) -> str:
    """The answer's notice in plain words in its language: why a generated answer was replaced (no exception
    names), or the library's own notice."""
    t = UI_TEXT.get(answer.language, UI_TEXT["en"])
    if answer.fallback is not None:
        return t["fallback"].get(answer.fallback.kind, t["fallback"]["error"])
    return answer.notice


def next_questions_html(questions: Iterable[str], language: str) -> str:
    """Suggested next questions as buttons; the page's script asks the one clicked."""
    t = UI_TEXT.get(language, UI_TEXT["en"])
    buttons = "".join(f'<button type="button" class="next-q">{esc(q)}</button>' for q in questions)
    return f'<div class="next-questions"><span>{t["next"]}</span>{buttons}</div>' if buttons else ""


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


def retrieved_html(retrieved: Iterable[Hit], cited_ids: set[str], library: Mapping[str, DocumentVersions],
                   language: str, limit: int) -> str:
    """Other passages the search found (not cited), as links that open in the source panel, each label naming its
    document, in the version in `language` where the document has one."""
    items = []
    for h in list(retrieved)[:limit]:
        if h.passage.id in cited_ids:
            continue
        p = in_language(library, h.passage, language)
        items.append(f'<li><a href="{para_href(p.id, p.language)}">{esc(document_label(p.doc_symbol, passage_label(p)))}'
                     "</a></li>")
    if not items:
        return ""
    title = UI_TEXT.get(language, UI_TEXT["en"])["also"]
    return f'<div class="also"><h3 class="also-title">{title}</h3><ul>{"".join(items)}</ul></div>'
