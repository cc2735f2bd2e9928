"""The Gradio chat page: `build_app(pipeline) -> gr.Blocks`, served by ui/server.py (`python -m rag serve`).

Layout: the document's symbol, date and titles on top; on the left two tabs, the chat (answers stream in, with [n]
markers and their sources under each answer) and the briefing note (ui/briefing.py); on the right the source panel
(the cited paragraph with the quote highlighted, in the answer's version and the authoritative original) and the
document outline (in either language). Clicking a marker, a source or an outline paragraph opens that paragraph in
the source panel: the page's script (ui/static/head.html) writes the link's fragment into a hidden textbox, whose
change event renders the panel on the server.

API: `ask` (question, optional history, optional top_k) -> the JSON contract of `Answer.to_dict()`;
`brief` (topic) -> the briefing note as JSON (ui/briefing.py).

This module only lays the page out and wires events; what a turn does is the library's (rag/conversation/turn.py), and
how things look is ui/render.py and ui/static/.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

import gradio as gr

from rag.analysis.clean import QuestionError, echo
from rag.analysis.text import detect_language
from rag.answers.modes import answer_modes, mode_status
from rag.conversation import ask_turn, stream_turn
from rag.pipeline import RagPipeline
from rag.types import Answer, Turn
from ui import briefing, render
from ui.api_input import ApiInputError, check_ask

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
EXAMPLES = [
    "秘书长说战争是不可避免的吗？",
    "妇女在预防冲突中可以担任什么角色？",
    "安全理事会有哪些预防冲突的工具？",
    "Did the Secretary-General say war is inevitable?",
    "Who bears the primary responsibility for ending conflicts?",
    "What role can women play in preventing conflict?",
]
ERROR = {"zh": "回答时出了问题，请再试一次。", "en": "Something went wrong while answering. Please try again."}

THEME = gr.themes.Default(
    primary_hue="blue",
    neutral_hue="slate",
    font=["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "system-ui", "sans-serif"],
    font_mono=["Noto Sans Mono CJK SC", "ui-monospace", "monospace"],
)


class ChatHandlers:
    """The chat's event handlers, over one pipeline; Gradio calls them from several threads."""

    def __init__(self, pipeline: RagPipeline, default_top_k: int):
        self.pipeline = pipeline
        self.serving = pipeline.settings.serving
        self.echo_chars = pipeline.settings.question.echo_chars
        self.max_chars = pipeline.settings.question.max_chars
        self.max_top_k = pipeline.settings.retrieval.max_top_k
        self.versions = pipeline.versions
        self.document = pipeline.document
        self.default_top_k = default_top_k
        self.modes = answer_modes(pipeline)
        self.outline_choices = {("中文" if d.language == "zh" else "English"): d.language
                                for d in (self.versions.original, *self.versions.translations)}

    # -- the API --------------------------------------------------------------------------------------------
    def api_ask(self, question: str, history: list | str | None = None, top_k: int | None = None) -> dict:
        """Answer a question about S/2017/105 with citations. `history`: earlier user questions (a list, or a JSON
        string) for follow-ups; `top_k`: 1 to the settings' max_top_k. Returns the JSON contract; a bad input
        returns {question, error} (ui/api_input.py)."""
        shown = echo(question, self.echo_chars)
        try:
            asked = check_ask(question, history, top_k, max_chars=self.max_chars, max_top_k=self.max_top_k,
                              echo_chars=self.echo_chars)
            return ask_turn(self.pipeline, asked.question, asked.history, top_k=asked.top_k).to_dict()
        except ApiInputError as e:
            return e.to_dict()
        except QuestionError as e:
            return {"question": shown, "error": str(e)}
        except Exception:  # the client gets a short message; the log has the details
            log.exception("answering failed")
            return {"question": shown, "error": ERROR[detect_language(shown)]}

    # -- the chat -------------------------------------------------------------------------------------------
    def side_panels(self, answer: Answer, top_k: int) -> tuple[str, str]:
        cites = answer.citations
        panel = render.citation_panel_html(self.versions, cites[0], answer.question) if cites \
            else render.empty_panel_html()
        shown = self.versions.version(answer.language) or self.document
        also = render.retrieved_html(answer.retrieved, {c.passage.id for c in cites}, shown, int(top_k))
        return panel, also

    def respond(self, message: str, history: list, turns: list[Turn], top_k: float, mode: str | None = None):
        history, turns = list(history or []), list(turns or [])
        question = message or ""
        lang = detect_language(question)
        composer = self.modes.get(mode) or next(iter(self.modes.values()))
        history.append({"role": "user", "content": render.user_html(question)})
        history.append({"role": "assistant", "content": render.searching_html(lang)})
        yield "", history, gr.skip(), gr.skip(), gr.skip(), gr.skip()
        written, turn = "", None
        try:
            for item in stream_turn(self.pipeline, question, turns, composer, top_k=int(top_k)):
                if isinstance(item, Turn):
                    turn = item
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
            history[-1] = {"role": "assistant", "content": render.error_html(ERROR[lang], lang)}
            yield "", history, turns, gr.skip(), gr.skip(), gr.skip()
            return
        answer, n = turn.answer, len(turns)
        if answer.answered and not written:  # quoted: show the answer being "typed"
            step = self.serving.stream_chars
            for end in range(step, len(answer.answer), step):
                history[-1] = {"role": "assistant", "content": render.typing_html(answer.answer[:end])}
                yield "", history, gr.skip(), gr.skip(), gr.skip(), gr.skip()
                time.sleep(self.serving.stream_delay)
        turns.append(turn)
        history[-1] = {"role": "assistant", "content": render.answer_html(answer, n)}
        panel, also = self.side_panels(answer, top_k)
        yield "", history, turns, panel, also, render.answer_markdown(answer, self.document)

    # -- the source panel and the outline ---------------------------------------------------------------------
    def on_pick(self, value: str, turns: list[Turn], note: briefing.BriefingNote | None,
                outline_language: str | None = None) -> str:
        picked = render.parse_pick(value)
        if picked is None:
            return gr.skip()
        kind, args = picked
        if kind == "para":
            return render.passage_panel_html(self.versions, args[0],
                                             language=self.outline_choices.get(outline_language or ""))
        if kind == "brief":
            return briefing.point_panel_html(self.versions, note, args[0])
        turn, n = args
        if not (0 <= turn < len(turns or [])):
            return render.empty_panel_html()
        answer = turns[turn].answer
        cited = next((c for c in answer.citations if c.n == n), None)
        return render.citation_panel_html(self.versions, cited, answer.question) if cited \
            else render.empty_panel_html()

    def outline(self, choice: str) -> str:
        version = self.versions.version(self.outline_choices.get(choice, self.document.language)) or self.document
        return render.outline_html(version, self.document.language)

    @staticmethod
    def clear():
        return [], [], render.empty_panel_html(), "", ""


def _chat_tab(h: ChatHandlers) -> dict:
    """The chat tab's components."""
    c = {}
    c["chatbot"] = gr.Chatbot(
        elem_id="chat", height=560, show_label=False, buttons=[], feedback_options=None,
        placeholder="用中文或英文提问，答案均引自 S/2017/105 原文。<br>Ask in Chinese or English; every answer quotes S/2017/105.")
    kind, text = mode_status(h.pipeline.composer)
    gr.HTML(f'<div class="mode-status mode-{kind}">{render.esc(text)}</div>', elem_id="mode-status")
    with gr.Row():
        c["msg"] = gr.Textbox(placeholder="提问… / Ask a question…", show_label=False, lines=1, max_lines=4, scale=6,
                              elem_id="question-box", autofocus=True)
        c["send"] = gr.Button("提问 Ask", variant="primary", scale=1, min_width=90, elem_id="ask-btn")
        c["clear"] = gr.Button("清空 Clear", variant="secondary", scale=1, min_width=90, elem_id="clear-btn")
    c["examples"] = gr.Dataset(components=[gr.Textbox(visible=False)], samples=[[q] for q in EXAMPLES],
                               label="示例问题 Examples", elem_id="examples", samples_per_page=len(EXAMPLES))
    with gr.Accordion("复制为 Markdown · Briefing snippet (answer + citations)", open=False):
        c["snippet"] = gr.Textbox(show_label=False, lines=8, max_lines=20, interactive=False, buttons=["copy"],
                                  elem_id="snippet", placeholder="The latest answer, with its citations, as Markdown.")
    with gr.Accordion("设置 Settings", open=False):
        c["top_k"] = gr.Slider(1, h.serving.ui_max_top_k, value=h.default_top_k, step=1, label="Passages to retrieve (top_k)",
                               info="How many retrieved passages to list under “Also retrieved”.")
        c["mode"] = gr.Dropdown(choices=list(h.modes), value=next(iter(h.modes)), label="Answer mode",
                                interactive=len(h.modes) > 1, elem_id="answer-mode",
                                info="Extractive: the document's own sentences, in your language, instant. Generated: "
                                     "the local model's words, each sentence checked against its source.")
    return c


def _side_column(h: ChatHandlers) -> dict:
    """The source panel, the other retrieved passages and the outline."""
    c = {}
    gr.HTML('<div class="side-title">来源 Source</div>')
    c["panel"] = gr.HTML(render.empty_panel_html(), elem_id="source-panel")
    c["also"] = gr.HTML("", elem_id="also-retrieved")
    gr.HTML('<div class="side-title">文件目录 Document outline</div>')
    c["outline_language"] = gr.Radio(list(h.outline_choices), value=next(iter(h.outline_choices)), show_label=False,
                                     elem_id="outline-language", visible=len(h.outline_choices) > 1)
    c["outline"] = gr.HTML(render.outline_html(h.document), elem_id="outline-box")
    return c


def _wire(h: ChatHandlers, chat: dict, side: dict, turns: gr.State, pick: gr.Textbox, brief_tab) -> None:
    ui = dict(api_visibility="undocumented")
    limited = dict(time_limit=h.serving.request_time_limit, **ui)
    io = dict(inputs=[chat["msg"], chat["chatbot"], turns, chat["top_k"], chat["mode"]],
              outputs=[chat["msg"], chat["chatbot"], turns, side["panel"], side["also"], chat["snippet"]])
    chat["msg"].submit(h.respond, **io, **limited)
    chat["send"].click(h.respond, **io, **limited)
    chat["examples"].click(lambda sample: sample[0], inputs=chat["examples"], outputs=chat["msg"], queue=False,
                           **ui).then(h.respond, **io, **limited)
    chat["clear"].click(h.clear, outputs=[chat["chatbot"], turns, side["panel"], side["also"], chat["snippet"]],
                        queue=False, **ui)
    pick.change(h.on_pick, inputs=[pick, turns, brief_tab.note, side["outline_language"]], outputs=side["panel"],
                queue=False, **ui)
    side["outline_language"].change(h.outline, inputs=side["outline_language"], outputs=side["outline"], queue=False,
                                    **ui)
    gr.api(h.api_ask, api_name="ask", time_limit=h.serving.request_time_limit)
    brief_tab.wire(side["panel"])


def build_app(pipeline: RagPipeline, default_top_k: int | None = None) -> gr.Blocks:
    h = ChatHandlers(pipeline, min(default_top_k or pipeline.settings.retrieval.top_k,
                                   pipeline.settings.serving.ui_max_top_k))
    with gr.Blocks(title=f"{pipeline.document.id} · 引文问答 Cited Q&A") as demo:
        gr.HTML(render.header_html(h.versions))
        turns = gr.State([])
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                with gr.Tabs(elem_id="left-tabs"):
                    with gr.Tab("问答 Chat", id="chat", elem_id="chat-tab"):
                        chat = _chat_tab(h)
                    with gr.Tab("简报 Briefing", id="brief", elem_id="brief-tab"):
                        brief_tab = briefing.BriefingTab(pipeline)
            with gr.Column(scale=2, min_width=340):
                side = _side_column(h)
        pick = gr.Textbox(visible="hidden", elem_id="pick-box")
        _wire(h, chat, side, turns, pick, brief_tab)
    return demo


def page_options() -> dict:
    """The page-level options Gradio takes when it serves the Blocks: theme, the stylesheet and the click script."""
    return {"theme": THEME, "css_paths": [STATIC / "app.css"], "head_paths": [STATIC / "head.html"]}
