"""Briefing notes in Markdown carry no live HTML: rendered by an HTML-enabled Markdown renderer (markdown-it-py with
`html` on, as a viewer with raw HTML enabled would), a note on a hostile topic has no tag but the note's own and no
`javascript:` link."""
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from rag.brief import BriefingNote, BriefingPoint, BriefingSection, DocumentInfo, to_markdown
from rag.brief.markdown import md_code, md_text

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "调解<i>",
    "a <!-- comment --> b",
    "`code` *em* _em_ ~~s~~ \\[x\\](javascript:alert(1))",
    "line one\n<script>alert(2)</script>\n# heading",
]
NOTE_TAGS = {"h1", "h2", "p", "strong", "em", "code", "ul", "li", "blockquote", "br"}


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.comments = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [v or "" for _, v in attrs]

    def handle_comment(self, data):
        self.comments.append(data)


def rendered(markdown: str) -> Tags:
    parser = Tags()
    parser.feed(MarkdownIt("commonmark", {"html": True}).render(markdown))
    return parser


def _note(topic: str, text: str) -> BriefingNote:
    point = BriefingPoint(text=text, quote=text, passage_id="X_1:2:3", label=f"§2 {text} ¶3", paragraph=3, start=0,
                          score=1.0)
    return BriefingNote(topic=topic, language="en", document=DocumentInfo("X/1", f"A title {text}", "2020-01-01"),
                        sections=(BriefingSection("2", f"Section {text}", (point,)),), version_note=text)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_note_on_a_hostile_topic_renders_no_live_tag_or_link(text):
    html = rendered(to_markdown(_note(text, text)))
    assert set(html.tags) <= NOTE_TAGS, html.tags
    assert not html.comments and not any("javascript:" in v.lower() for v in html.attrs)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_not_addressed_note_renders_no_live_tag(text):
    note = BriefingNote(topic=text, language="zh", document=DocumentInfo("X/1", "T", "2020"), status="not_addressed",
                        message=text)
    assert set(rendered(to_markdown(note)).tags) <= NOTE_TAGS


def test_escaped_text_reads_as_typed():
    """What the reader sees is the text itself: the renderer's visible text equals the input."""
    for text in ["a & b < c > d", "[1] and (2)", "*not emphasis* and `not code`", "调解<i>"]:
        html = MarkdownIt("commonmark", {"html": True}).render(md_text(text))
        assert html == "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>\n"


def test_a_code_span_cannot_be_closed_early():
    assert md_code("a`b\nc") == "`ab c`"
