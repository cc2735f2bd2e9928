"""The Gradio chat page: `build_app(pipeline) -> gr.Blocks`, served by ui/server.py (`python -m rag serve`).

Layout: the project document's symbol, date and titles on top; on the left two tabs, the chat (answers stream in, with [n]
markers and their sources under each answer) and the briefing note (ui/briefing.py); on the right the library (its
documents, and the filter of what the chat and the briefing search: ui/library.py), the source panel
(the cited paragraph with the quote highlighted, in the answer's version and the authoritative original, naming its
document and speaker) and the outline of any document of the library (in either language). Clicking a marker, a source or an outline paragraph opens that paragraph in
the source panel: the page's script (ui/static/head.html) writes the link's fragment into a hidden textbox, whose
change event renders the panel on the server.

API: `ask` (question, optional history, optional top_k) -> the JSON contract of `Answer.to_dict()`;
`brief` (topic) -> the briefing note as JSON (ui/briefing.py).

The conversation's questions are kept in the browser (`gr.BrowserState`, ui/store.py) and asked again on a reload;
each answer carries a copy button and suggested next questions (ui/export.py, ui/suggest.py); the whole conversation
downloads as Markdown. A quoted answer is shown whole as soon as it is ready; a generated one streams. With the local
model prepared, Settings offers its answer check (rag/llm/check.py) for the chat's questions.

This module only lays the page out and wires events; what a turn does is the library's (rag/conversation/turn.py), and
how things look is ui/render.py, ui/panel.py and ui/static/.
"""
from __future__ import annotations

import logging
from pathlib import Path

import gradio as gr

from rag.analysis.clean import QuestionError, echo
from rag.analysis.text import detect_language
from rag.answers.composer import is_generative
from rag.answers.modes import answer_modes
from rag.conversation import ask_turn, stream_turn
from rag.llm.backends import check_backend
from rag.pipeline import RagPipeline
from rag.types import Answer, Turn
from rag.documents.navigate import versions_of
from rag.types import DocumentVersions
from ui import briefing, export, render, store
from ui import panel as views
from ui.api_input import ApiInputError, check_ask
from ui.library import document_choices, library_html, searched
from ui.suggest import next_questions

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
).set(  # WCAG contrast (4.5:1) for the primary button's text; the default blue-500 gives 3.7:1
    button_primary_background_fill="#1d4ed8", button_primary_background_fill_hover="#1e40af",
    button_primary_text_color="#ffffff",
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
        self.library = pipeline.library
        self.default_top_k = default_top_k
        self.modes = answer_modes(pipeline)
        self.can_check = check_backend("local", pipeline.settings) is None  # the local model's answer check
        self.outline_choices = {"中文": "zh", "English": "en"}

    # -- the API --------------------------------------------------------------------------------------------
    def versions_of(self, passage_id: str) -> DocumentVersions:
        """The document a passage belongs to (the project's when the id names none)."""
        return versions_of(self.library, passage_id) or self.versions

    def api_ask(self, question: str, history: list | str | None = None, top_k: int | None = None) -> dict:
        """Answer a question about the library's documents with citations. `history`: earlier user questions (a
        list, or a JSON string) for follow-ups; `top_k`: 1 to the settings' max_top_k. Returns the JSON contract; a
        bad input returns {question, error} (ui/api_input.py). Searching some documents only: the REST API's and
        the MCP tools' `documents` (api/); Gradio's raw HTTP route needs every argument, so this one keeps three."""
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
        panel = views.citation_panel_html(self.versions_of(cites[0].passage.id), cites[0], answer.question) if cites \
            else views.empty_panel_html()
        also = render.retrieved_html(answer.retrieved, {c.passage.id for c in cites}, self.library, answer.language,
                                     int(top_k))
        return panel, also

    def message(self, answer: Answer, n: int) -> dict:
        """The assistant's chat message for the answer of turn n: text, sources, copy button, next questions."""
        copy = export.answer_text(answer, self.document) if answer.answered else ""
        first = answer.citations[0].passage.id if answer.citations else (answer.closest[0].passage.id
                                                                          if answer.closest else "")
        nexts = next_questions(answer, self.versions_of(first), self.serving.next_questions)
        return {"role": "assistant", "content": render.answer_html(answer, n, self.library, copy, nexts)}

    def respond(self, message: str, history: list, turns: list[Turn], top_k: float, mode: str | None = None,
                saved: list | None = None, documents: list[str] | None = None, check: bool | None = None):
        """One question: the user's message and "searching…" at once, a generated answer's words as they come,
        then the verified answer whole (a quoted one is ready at once), from the documents chosen in the
        library's filter (all when none is), checked by the local model when `check` is ticked (and the model is
        prepared: rag/llm/check.py). An empty question changes nothing."""
        question = (message or "").strip()
        if not question:
            yield (gr.skip(),) * 8
            return
        history, turns = list(history or []), list(turns or [])
        lang = detect_language(question)
        composer = self.modes.get(mode) or next(iter(self.modes.values()))
        history.append({"role": "user", "content": render.user_html(question)})
        history.append({"role": "assistant", "content": render.searching_html(lang)})
        yield ("", history) + (gr.skip(),) * 6
        written, turn = "", None
        try:
            pipeline = self.pipeline.with_check(bool(check)) if self.can_check and check is not None else self.pipeline
            for item in stream_turn(pipeline, question, turns, composer, top_k=int(top_k),
                                    documents=searched(self.library, documents)):
                if isinstance(item, Turn):
                    turn = item
                    break
                written += item  # the model's words as they come; replaced by the verified answer at the end
                history[-1] = {"role": "assistant", "content": render.writing_html(written, lang)}
                yield (gr.skip(), history) + (gr.skip(),) * 6
        except Exception as e:  # keep serving; the person sees a short message, the log has the details
            if not isinstance(e, QuestionError):
                log.exception("answering failed")
            text = str(e) if isinstance(e, QuestionError) else ERROR[lang]
            history[-1] = {"role": "assistant", "content": render.error_html(text, lang)}
            yield (gr.skip(), history, turns) + (gr.skip(),) * 5
            return
        n = len(turns)
        turns.append(turn)
        history[-1] = self.message(turn.answer, n)
        panel, also = self.side_panels(turn.answer, top_k)
        saved = store.remember(saved, question, mode, self.serving.saved_turns)
        # the question box was emptied when the question was sent: what the person types meanwhile is kept
        yield gr.skip(), history, turns, panel, also, store.export_file(turns, self.document), saved, gr.skip()

    def restore(self, saved: list | None, top_k: float):
        """The conversation kept in the browser, asked again on a reload (quoted answers are the same again;
        a generated answer is restored as the quoted one, so a reload does not wait for the model)."""
        history, turns = [], []
        quoted = next((c for c in self.modes.values() if not is_generative(c)), self.pipeline.composer)
        for question in store.questions(saved):
            try:
                turn = list(stream_turn(self.pipeline, question, turns, quoted, top_k=int(top_k)))[-1]
            except Exception:  # a question kept from an older version that no longer asks: left out
                log.warning("a saved question could not be restored", exc_info=True)
                continue
            history += [{"role": "user", "content": render.user_html(question)}, self.message(turn.answer, len(turns))]
            turns.append(turn)
        if not turns:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        panel, also = self.side_panels(turns[-1].answer, top_k)
        return history, turns, panel, also, store.export_file(turns, self.document)

    def mode_hint(self, mode: str | None) -> str:
        """The line under the chat: the mode in use and, for generated answers, the wait to expect."""
        composer = self.modes.get(mode) or next(iter(self.modes.values()))
        return render.mode_status_html(composer, self.serving.generated_wait_min_s, self.serving.generated_wait_max_s)

    # -- the source panel and the outline ---------------------------------------------------------------------
    def on_pick(self, value: str, turns: list[Turn], note: briefing.BriefingNote | None,
                outline_language: str | None = None) -> str:
        picked = render.parse_pick(value)
        if picked is None:
            return gr.skip()
        kind, args = picked
        if kind == "para":
            pid, language = args
            return views.passage_panel_html(self.versions_of(pid), pid,
                                             language=language or self.outline_choices.get(outline_language or ""))
        if kind == "brief":
            return briefing.point_panel_html(self.library, note, args[0])
        turn, n = args
        if not (0 <= turn < len(turns or [])):
            return views.empty_panel_html()
        answer = turns[turn].answer
        cited = next((c for c in answer.citations if c.n == n), None)
        return views.citation_panel_html(self.versions_of(cited.passage.id), cited, answer.question) if cited \
            else views.empty_panel_html()

    def outline(self, symbol: str | None, choice: str | None = None) -> str:
        """The outline of one document of the library, in the version chosen (its original when it has none)."""
        versions = self.library.get(symbol or "", self.versions)
        original = versions.original
        version = versions.version(self.outline_choices.get(choice or "", original.language)) or original
        return views.outline_html(version, original.language)

    @staticmethod
    def clear():
        """A new conversation: the chat, its turns, the panels, the export and the browser's copy emptied."""
        return [], [], views.empty_panel_html(), "", None, []


def _chat_tab(h: ChatHandlers) -> dict:
    """The chat tab's components: the question box and examples first under the conversation, so that both are in
    view on first load; the conversation does not jump to its end (the page's script shows the newest answer's
    first line instead)."""
    c, n = {}, len(h.library)
    where_zh, where_en = (h.versions.id, h.versions.id) if n == 1 else (f"文件库 {n} 份文件的", f"the library's {n} documents")
    c["chatbot"] = gr.Chatbot(
        elem_id="chat", height=320, show_label=False, label="对话 Conversation", buttons=[], feedback_options=None,
        autoscroll=False,
        placeholder=f"用中文或英文提问，答案均引自{where_zh}原文。<br>Ask in Chinese or English; every answer quotes {where_en}.")
    c["mode_status"] = gr.HTML(h.mode_hint(None), elem_id="mode-status")
    with gr.Row(elem_id="ask-row"):
        c["msg"] = gr.Textbox(label="提问 Question", placeholder="提问… / Ask a question…", show_label=False, lines=1,
                              max_lines=4, scale=6, elem_id="question-box")
        c["send"] = gr.Button("提问 Ask", variant="primary", scale=1, min_width=90, elem_id="ask-btn")
    c["examples"] = gr.Dataset(components=[gr.Textbox(visible=False)], samples=[[q] for q in EXAMPLES],
                               label="示例问题 Examples", elem_id="examples", samples_per_page=len(EXAMPLES))
    with gr.Row(elem_id="chat-tools"):
        c["clear"] = gr.Button("新对话 New conversation", variant="secondary", size="sm", elem_id="clear-btn")
        c["export"] = gr.DownloadButton("导出对话 Export conversation (.md)", value=None, size="sm",
                                        elem_id="export-btn", variant="secondary")
    with gr.Accordion("设置 Settings", open=False, elem_id="settings"):
        c["top_k"] = gr.Slider(1, h.serving.ui_max_top_k, value=h.default_top_k, step=1, label="Passages to retrieve (top_k)",
                               info="How many retrieved passages to list under “Also retrieved”.")
        c["mode"] = gr.Radio(choices=list(h.modes), value=next(iter(h.modes)), label="回答方式 Answer mode",
                             interactive=len(h.modes) > 1, elem_id="answer-mode",
                             info="Quoted: the document's own sentences, in your language, instant. Generated: "
                                  "the local model's words, each sentence checked against its source (slower).")
        c["check"] = gr.Checkbox(value=h.pipeline.settings.answerability.llm_check, visible=h.can_check,
                                 label="用本地模型检查回答 Check answers with the local model", elem_id="answer-check",
                                 info="The local model reads the quoted sentences and the question; when they do "
                                      "not state what is asked, the answer is a refusal (1-3 s more).")
    return c


def _side_column(h: ChatHandlers) -> dict:
    """The source panel, the other retrieved passages and the outline (scrolling inside its box)."""
    c = {}
    gr.HTML('<h2 class="side-title">来源 Source</h2>')
    c["panel"] = gr.HTML(views.empty_panel_html(), elem_id="source-panel")
    c["also"] = gr.HTML("", elem_id="also-retrieved")
    gr.HTML('<h2 class="side-title">文件目录 Document outline</h2>')
    choices = document_choices(h.library)
    c["outline_doc"] = gr.Dropdown(choices, value=h.versions.id, label="目录文件 Outline of", elem_id="outline-doc",
                                   visible=len(choices) > 1, filterable=True)
    c["outline_language"] = gr.Radio(list(h.outline_choices), value=next(iter(h.outline_choices)), show_label=False,
                                     label="目录语言 Outline language", elem_id="outline-language")
    c["outline"] = gr.HTML(views.outline_html(h.document), elem_id="outline-box")
    return c


def _library_box(h: ChatHandlers) -> gr.Dropdown:
    """The library's documents and the filter of what the chat and the briefing search (all when none is chosen)."""
    n = len(h.library)
    with gr.Accordion(f"文件库 Library · {n} document{'s' if n != 1 else ''}", open=False, elem_id="library"):
        gr.HTML(library_html(h.library), elem_id="library-list")
        return gr.Dropdown(document_choices(h.library), value=[], multiselect=True, elem_id="doc-filter",
                           label="检索范围 Search in", info="留空即检索全部文件 · Leave empty to search every document.")


def _wire(h: ChatHandlers, chat: dict, side: dict, turns: gr.State, saved: gr.BrowserState, pick: gr.Textbox,
          brief_tab, documents: gr.Dropdown) -> None:
    ui = dict(api_visibility="undocumented")
    limited = dict(time_limit=h.serving.request_time_limit, **ui)
    io = dict(inputs=[chat["msg"], chat["chatbot"], turns, chat["top_k"], chat["mode"], saved, documents, chat["check"]],
              outputs=[chat["msg"], chat["chatbot"], turns, side["panel"], side["also"], chat["export"], saved,
                       chat["mode_status"]])
    chat["msg"].submit(h.respond, **io, **limited)
    chat["send"].click(h.respond, **io, **limited)
    chat["examples"].click(lambda sample: sample[0], inputs=chat["examples"], outputs=chat["msg"], queue=False,
                           **ui).then(h.respond, **io, **limited)
    chat["clear"].click(h.clear, outputs=[chat["chatbot"], turns, side["panel"], side["also"], chat["export"], saved],
                        queue=False, **ui)
    chat["mode"].change(h.mode_hint, inputs=chat["mode"], outputs=chat["mode_status"], queue=False, **ui)
    pick.change(h.on_pick, inputs=[pick, turns, brief_tab.note, side["outline_language"]], outputs=side["panel"],
                queue=False, **ui)
    for choice in (side["outline_doc"], side["outline_language"]):
        choice.change(h.outline, inputs=[side["outline_doc"], side["outline_language"]], outputs=side["outline"],
                      queue=False, **ui)
    gr.api(h.api_ask, api_name="ask", time_limit=h.serving.request_time_limit)
    brief_tab.wire(side["panel"], documents)


def build_app(pipeline: RagPipeline, default_top_k: int | None = None) -> gr.Blocks:
    h = ChatHandlers(pipeline, min(default_top_k or pipeline.settings.retrieval.top_k,
                                   pipeline.settings.serving.ui_max_top_k))
    with gr.Blocks(title=f"{pipeline.document.id} · 引文问答 Cited Q&A") as demo:
        gr.HTML(views.header_html(h.versions) + '<h2 class="sr-only">问答 Questions and answers</h2>')
        turns = gr.State([])
        saved = gr.BrowserState([], storage_key=store.STORAGE_KEY)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420, elem_id="main-column"):
                with gr.Tabs(elem_id="left-tabs"):
                    with gr.Tab("问答 Chat", id="chat", elem_id="chat-tab"):
                        chat = _chat_tab(h)
                    with gr.Tab("简报 Briefing", id="brief", elem_id="brief-tab"):
                        brief_tab = briefing.BriefingTab(pipeline)
            with gr.Column(scale=2, min_width=340, elem_id="side-column"):
                documents = _library_box(h)
                side = _side_column(h)
        pick = gr.Textbox(visible="hidden", elem_id="pick-box", label="pick")
        _wire(h, chat, side, turns, saved, pick, brief_tab, documents)
        demo.load(h.restore, inputs=[saved, chat["top_k"]],
                  outputs=[chat["chatbot"], turns, side["panel"], side["also"], chat["export"]],
                  api_visibility="undocumented")
    return demo


def page_options() -> dict:
    """The page-level options Gradio takes when it serves the Blocks: theme, the stylesheet and the click script."""
    return {"theme": THEME, "css_paths": [STATIC / "app.css"], "head_paths": [STATIC / "head.html"]}
