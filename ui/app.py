"""The Gradio chat app: `build_app(pipeline) -> gr.Blocks`, started by `python -m rag serve`.

Layout: the document's symbol, date and title on top; on the left two tabs, the chat (answers stream in, with
[n] markers and their sources under each answer) and the briefing note (ui/briefing.py); on the right the source panel (the cited paragraph with the quoted sentence
highlighted, between its neighbours) and the document outline. Clicking a marker, a source or an outline
paragraph opens that paragraph in the source panel: a small script (HEAD_JS) writes the link's fragment into a
hidden textbox, whose change event renders the panel on the server.

API: `ask` (question, optional history, optional top_k) -> the JSON contract of `Answer.to_dict()`;
`brief` (topic) -> the briefing note as JSON (ui/briefing.py).
"""
from __future__ import annotations

import logging
import time

import gradio as gr

from rag.pipeline import QuestionError, RagPipeline
from ui import briefing, render
from ui.conversation import answer_modes, ask_turn, mode_status, previous_questions, stream_turn

log = logging.getLogger(__name__)

EXAMPLES = [
    "秘书长说战争是不可避免的吗？",
    "妇女在预防冲突中可以担任什么角色？",
    "安全理事会有哪些预防冲突的工具？",
    "Did the Secretary-General say war is inevitable?",
    "Who bears the primary responsibility for ending conflicts?",
    "What role can women play in preventing conflict?",
]
STREAM_CHARS = 3  # characters added per streamed update
STREAM_DELAY = 0.015  # seconds between updates
MAX_TOP_K = 10

THEME = gr.themes.Default(
    primary_hue="blue",
    neutral_hue="slate",
    font=["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "system-ui", "sans-serif"],
    font_mono=["Noto Sans Mono CJK SC", "ui-monospace", "monospace"],
)

CSS = """
.gradio-container {max-width: 1400px !important; margin: auto;}
.doc-header {padding: 10px 4px 12px; border-bottom: 2px solid #1f4e8c; margin-bottom: 4px;}
.doc-symbol {font-weight: 700; font-size: 1.25rem; color: #1f4e8c; margin-right: 12px; letter-spacing: .02em;}
.doc-date {color: #64748b; font-size: .95rem;}
.doc-title {font-size: 1.05rem; font-weight: 600; margin-top: 4px; color: #0f172a;}
.doc-sub {font-size: .92rem; color: #475569; margin-top: 2px;}
.answer-text {font-size: 1.02rem; line-height: 1.75;}
a.cite-marker {color: #1f4e8c; font-weight: 700; text-decoration: none; padding: 0 1px; border-radius: 3px; cursor: pointer;}
a.cite-marker:hover {background: #dbeafe;}
.sources {margin-top: 10px; border-top: 1px solid #e2e8f0; padding-top: 6px;}
.sources-title {font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: #64748b; margin-bottom: 4px;}
.src-card {border-left: 3px solid #93c5fd; padding: 4px 10px; margin: 6px 0; background: #f8fafc; border-radius: 0 6px 6px 0;}
a.src-label {display: block; font-size: .85rem; color: #1f4e8c; font-weight: 600; text-decoration: none; cursor: pointer;}
a.src-label:hover {text-decoration: underline;}
.src-n {font-weight: 700; color: #1f4e8c;}
.src-text {font-size: .92rem; line-height: 1.65; color: #334155;}
mark {background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px;}
.not-found {border: 1px dashed #94a3b8; background: #f8fafc; padding: 8px 12px; border-radius: 8px; color: #475569;}
.ask-error {border: 1px solid #fca5a5; background: #fef2f2; padding: 8px 12px; border-radius: 8px; color: #7f1d1d;}
.nf-title {font-weight: 700; margin-bottom: 2px;}
.nf-hint {font-size: .85rem; margin-top: 4px; color: #64748b;}
.nf-closest {font-size: .85rem; margin-top: 6px;}
.nf-closest ul {margin: 2px 0 0; padding-left: 18px;}
.nf-closest a {color: #1f4e8c; text-decoration: none;}
.notice {font-size: .85rem; color: #92400e; margin-top: 4px;}
.searching {color: #64748b; font-style: italic;}
.writing-label {font-size: .78rem; color: #64748b; margin-bottom: 2px;}
.mode-status {font-size: .8rem; color: #64748b; margin: 2px 2px 0;}
.mode-status.mode-off {color: #92400e;}
.panel, .panel *, .outline, .outline *, .answer, .answer *, .also, .also * {text-align: left !important;}
.panel {border: 1px solid #cbd5e1; border-radius: 8px; padding: 12px 14px; background: #fff;}
.panel-empty {color: #64748b; font-size: .92rem; line-height: 1.6;}
.panel-q {font-size: .85rem; color: #64748b; margin-bottom: 6px;}
.panel-label {font-weight: 700; color: #1f4e8c; font-size: 1rem;}
.panel-path {font-size: .9rem; color: #334155; margin: 2px 0 8px;}
.panel-text {font-size: 1.02rem; line-height: 1.8; padding: 8px 10px; background: #f1f5f9; border-radius: 6px;}
a.panel-ctx {display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; font-size: .86rem; line-height: 1.6; color: #94a3b8; margin: 6px 2px; text-decoration: none; text-align: left;}
a.panel-ctx:hover {color: #475569;}
.version-label {font-size: .75rem; color: #92400e; font-style: italic; margin: 4px 0 2px;}
.src-original {font-size: .85rem; line-height: 1.6; color: #64748b; margin-top: 4px;}
.panel-version {margin-top: 10px;}
.panel-original-title {font-size: .85rem; font-weight: 600; color: #334155; margin: 6px 0 4px;}
.panel-original {background: #fefce8;}
.panel-id {font-size: .72rem; color: #94a3b8; margin-top: 8px; font-family: ui-monospace, monospace;}
.pnum {color: #64748b; font-size: .82rem; margin-right: 2px;}
.also {margin-top: 8px; font-size: .85rem;}
.also-title {color: #64748b; font-size: .78rem; margin-bottom: 2px;}
.also ul {margin: 0; padding-left: 0; list-style: none;}
.also li {margin: 1px 0;}
.also a {color: #1f4e8c; text-decoration: none;}
#outline-box {max-height: 460px; overflow-y: auto; border: 1px solid #e2e8f0; border-radius: 8px; padding: 6px 8px; box-sizing: border-box;}
.outline summary {cursor: pointer; padding: 3px 0; font-size: .95rem;}
.outline .secnum {color: #1f4e8c; font-weight: 700; margin-right: 4px;}
.outline .pcount {color: #94a3b8; font-size: .78rem;}
.outline details.depth-1 {margin-left: 16px;}
.outline ol.outline-paras {list-style: none; margin: 2px 0 6px 16px; padding: 0;}
.outline a.outline-para {display: block; font-size: .85rem; line-height: 1.5; color: #334155; text-decoration: none; padding: 2px 4px; border-radius: 4px;}
.outline a.outline-para:hover {background: #eff6ff;}
.side-title {font-weight: 700; font-size: .95rem; color: #0f172a; margin: 4px 0;}
.brief, .brief * {text-align: left !important;}
.brief-empty {color: #64748b; font-size: .92rem; line-height: 1.6; padding: 8px 2px;}
.brief-head {padding: 6px 2px 8px; border-bottom: 1px solid #cbd5e1; margin-bottom: 6px;}
.brief-topic {font-size: .95rem; color: #0f172a; margin-top: 4px;}
.brief-count {font-size: .8rem; color: #64748b; margin: 4px 0;}
.brief-sec {margin: 10px 0;}
.brief-sec-title {font-weight: 600; color: #0f172a; font-size: .98rem; margin-bottom: 2px;}
.brief-sec-title .secnum {color: #1f4e8c; font-weight: 700; margin-right: 4px;}
ul.brief-points {margin: 0; padding-left: 18px;}
li.brief-point {font-size: .98rem; line-height: 1.75; margin: 3px 0; color: #1e293b;}
a.brief-cite {font-size: .82rem; color: #1f4e8c; font-weight: 600; text-decoration: none; background: #eff6ff; padding: 0 5px; border-radius: 4px; cursor: pointer; white-space: nowrap;}
a.brief-cite:hover {background: #dbeafe;}
#pick-box {display: none !important;}
footer {display: none !important;}
"""

# A click on a citation marker, a source label or an outline paragraph becomes a request: the link's fragment
# (plus a nonce, so clicking the same link twice still fires) goes into the hidden #pick-box textbox.
HEAD_JS = """
<script>
document.addEventListener('click', function (ev) {
  const a = ev.target.closest && ev.target.closest('a[href^="#cite-"], a[href^="#para-"], a[href^="#brief-"]');
  if (!a) return;
  ev.preventDefault();
  ev.stopPropagation();
  const box = document.querySelector('#pick-box textarea, #pick-box input');
  if (!box) return;
  box.value = a.getAttribute('href') + '|' + Date.now();
  box.dispatchEvent(new Event('input', {bubbles: true}));
  const panel = document.querySelector('#source-panel');
  if (panel && window.innerWidth < 900) panel.scrollIntoView({behavior: 'smooth', block: 'start'});
}, true);
</script>
"""


def build_app(pipeline: RagPipeline, default_top_k: int | None = None) -> gr.Blocks:
    doc = pipeline.document
    versions = pipeline.versions
    outline_choices = {("中文" if d.language == "zh" else "English"): d.language
                       for d in (versions.original, *versions.translations)}
    default_k = min(default_top_k or pipeline.settings.top_k, MAX_TOP_K)

    def api_ask(question: str, history: list | str | None = None, top_k: int | None = None) -> dict:
        """Answer a question about S/2017/105 with citations. `history`: earlier user questions (a list, or a JSON
        string) for follow-ups. Returns the JSON contract; a bad question returns {question, error}."""
        try:
            answer = ask_turn(pipeline, question, previous_questions(history))
        except QuestionError as e:
            return {"question": (question or "")[:200], "error": str(e)}
        if top_k:
            answer["retrieved"] = answer["retrieved"][: max(1, int(top_k))]
        return answer

    def side_panels(answer: dict, turn: int, top_k: int) -> tuple[str, str]:
        cites = answer.get("citations", [])
        if cites:
            panel = render.citation_panel_html(versions, cites[0], answer["question"])
        else:
            panel = render.empty_panel_html()
        shown = versions.version(answer.get("language", "")) or doc
        also = render.retrieved_html(answer.get("retrieved", []), {c["passage_id"] for c in cites}, shown, int(top_k))
        return panel, also

    modes = answer_modes(pipeline)
    status_kind, status_text = mode_status(pipeline)

    def respond(message: str, history: list, turns: list, top_k: float, mode: str | None = None):
        history = list(history or [])
        turns = list(turns or [])
        question = message or ""
        lang = render.ui_language(question)
        answerer = modes.get(mode) or next(iter(modes.values()))
        history.append({"role": "user", "content": render.user_html(question)})
        searching = "正在检索文件…" if lang == "zh" else "Searching the document…"
        history.append({"role": "assistant", "content": f'<div class="searching">{searching}</div>'})
        yield "", history, gr.skip(), gr.skip(), gr.skip(), gr.skip()
        written, answer = "", None
        try:
            for item in stream_turn(pipeline, question, turns, answerer):
                if isinstance(item, dict):
                    answer = item
                    break
                written += item  # the model's words as they come; replaced by the verified answer at the end
                history[-1] = {"role": "assistant", "content": render.writing_html(written, lang)}
                yield "", history, gr.skip(), gr.skip(), gr.skip(), gr.skip()
        except QuestionError as e:
            history[-1] = {"role": "assistant", "content": render.error_html(str(e), lang)}
            yield "", history, turns, gr.skip(), gr.skip(), gr.skip()
            return
        except Exception:  # keep serving; the person sees a short message, the log has the details
            log.exception("answering failed")
            history[-1] = {"role": "assistant", "content": render.error_html(
                "Something went wrong while answering. Please try again.", lang)}
            yield "", history, turns, gr.skip(), gr.skip(), gr.skip()
            return
        turn = len(turns)
        text = answer["answer"]
        if answer["status"] == "answered" and not written:  # extractive: show the quote being "typed"
            for end in range(STREAM_CHARS, len(text), STREAM_CHARS):
                partial = f'<div class="answer"><div class="answer-text">{render.esc(text[:end])}▌</div></div>'
                history[-1] = {"role": "assistant", "content": partial}
                yield "", history, gr.skip(), gr.skip(), gr.skip(), gr.skip()
                time.sleep(STREAM_DELAY)
        turns.append({"question": answer["question"], "answer": answer})
        history[-1] = {"role": "assistant", "content": render.answer_html(answer, turn)}
        panel, also = side_panels(answer, turn, top_k)
        yield "", history, turns, panel, also, render.answer_markdown(answer, doc)

    def on_pick(value: str, turns: list, note: dict | None, outline_language: str | None = None) -> str:
        picked = render.parse_pick(value)
        if picked is None:
            return gr.skip()
        kind, args = picked
        if kind == "para":
            return render.passage_panel_html(versions, args[0], language=outline_choices.get(outline_language or ""))
        if kind == "brief":
            return briefing.point_panel_html(versions, note, args[0])
        turn, n = args
        if not (0 <= turn < len(turns or [])):
            return render.empty_panel_html()
        answer = turns[turn]["answer"]
        for c in answer.get("citations", []):
            if c["n"] == n:
                return render.citation_panel_html(versions, c, answer["question"])
        return render.empty_panel_html()

    def on_outline_language(choice: str) -> str:
        version = versions.version(outline_choices.get(choice, doc.language)) or doc
        return render.outline_html(version, doc.language)

    def clear():
        return [], [], render.empty_panel_html(), "", ""

    with gr.Blocks(title=f"{doc.id} · 引文问答 Cited Q&A") as demo:
        gr.HTML(render.header_html(versions))
        turns = gr.State([])
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                with gr.Tabs(elem_id="left-tabs"):
                    with gr.Tab("问答 Chat", id="chat", elem_id="chat-tab"):
                        chatbot = gr.Chatbot(
                            elem_id="chat",
                            height=560,
                            show_label=False,
                            buttons=[],
                            feedback_options=None,
                            placeholder="用中文或英文提问，答案均引自 S/2017/105 原文。<br>Ask in Chinese or English; every answer quotes S/2017/105.",
                        )
                        gr.HTML(f'<div class="mode-status mode-{status_kind}">{render.esc(status_text)}</div>',
                                elem_id="mode-status")
                        with gr.Row():
                            msg = gr.Textbox(
                                placeholder="提问… / Ask a question…",
                                show_label=False,
                                lines=1,
                                max_lines=4,
                                scale=6,
                                elem_id="question-box",
                                autofocus=True,
                            )
                            send = gr.Button("提问 Ask", variant="primary", scale=1, min_width=90, elem_id="ask-btn")
                            clear_btn = gr.Button("清空 Clear", variant="secondary", scale=1, min_width=90, elem_id="clear-btn")
                        examples = gr.Dataset(
                            components=[gr.Textbox(visible=False)],
                            samples=[[q] for q in EXAMPLES],
                            label="示例问题 Examples",
                            elem_id="examples",
                            samples_per_page=len(EXAMPLES),
                        )
                        with gr.Accordion("复制为 Markdown · Briefing snippet (answer + citations)", open=False):
                            snippet = gr.Textbox(
                                show_label=False, lines=8, max_lines=20, interactive=False, buttons=["copy"],
                                elem_id="snippet", placeholder="The latest answer, with its citations, as Markdown.",
                            )
                        with gr.Accordion("设置 Settings", open=False):
                            top_k = gr.Slider(1, MAX_TOP_K, value=default_k, step=1, label="Passages to retrieve (top_k)",
                                              info="How many retrieved passages to list under “Also retrieved”.")
                            mode = gr.Dropdown(
                                choices=list(modes), value=next(iter(modes)), label="Answer mode",
                                interactive=len(modes) > 1, elem_id="answer-mode",
                                info="Generated: fluent answers in your language, each sentence checked against its "
                                     "source. Extractive: the document's own sentences, instant.")
                    with gr.Tab("简报 Briefing", id="brief", elem_id="brief-tab"):
                        brief_tab = briefing.BriefingTab(pipeline)
            with gr.Column(scale=2, min_width=340):
                gr.HTML('<div class="side-title">来源 Source</div>')
                panel = gr.HTML(render.empty_panel_html(), elem_id="source-panel")
                also = gr.HTML("", elem_id="also-retrieved")
                gr.HTML('<div class="side-title">文件目录 Document outline</div>')
                outline_language = gr.Radio(list(outline_choices), value=next(iter(outline_choices)),
                                            show_label=False, elem_id="outline-language",
                                            visible=len(outline_choices) > 1)
                outline = gr.HTML(render.outline_html(doc), elem_id="outline-box")
        pick = gr.Textbox(visible="hidden", elem_id="pick-box")

        ui = dict(api_visibility="undocumented")
        chat_io = dict(inputs=[msg, chatbot, turns, top_k, mode], outputs=[msg, chatbot, turns, panel, also, snippet])
        msg.submit(respond, **chat_io, **ui)
        send.click(respond, **chat_io, **ui)
        examples.click(lambda sample: sample[0], inputs=examples, outputs=msg, queue=False, **ui).then(
            respond, **chat_io, **ui)
        clear_btn.click(clear, outputs=[chatbot, turns, panel, also, snippet], queue=False, **ui)
        pick.change(on_pick, inputs=[pick, turns, brief_tab.note, outline_language], outputs=panel, queue=False, **ui)
        outline_language.change(on_outline_language, inputs=outline_language, outputs=outline, queue=False, **ui)
        gr.api(api_ask, api_name="ask")
        brief_tab.wire(panel)
    return demo


def launch_options() -> dict:
    """The page-level options Gradio 6 takes at launch: theme, CSS and the click script."""
    return {"theme": THEME, "css": CSS, "head": HEAD_JS}


def serve(pipeline: RagPipeline, host: str = "127.0.0.1", port: int = 7860, default_top_k: int | None = None) -> None:
    demo = build_app(pipeline, default_top_k=default_top_k)
    demo.queue(default_concurrency_limit=4, max_size=64)
    demo.launch(server_name=host, server_port=port, show_error=False, footer_links=["api"], **launch_options())
