"""Machine versions, on a small made-up document and a scripted chat model: one call per unit, the result aligned
and marked `machine`, kept in the index payload and reused while the text and the model are the same."""
from __future__ import annotations

import json

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from rag.documents.parse import parse_document
from rag.documents.translate import PAYLOAD_KEY, cached_version, payload_entry, translate_document
from rag.types import DocumentVersions

TEXT = """   2020 年 5 月 4 日某国常驻联合国代表给秘书长的信 \n\n 谨转递一份文件。 \n\n常驻代表 \n\n   2020 年 5 月 4 日信的附件 \n\n导言 \n\n 会议讨论了和平。会员国支持调解。 \n\n结论 \n\n 与会者重申了承诺。 \n"""
META = {"symbol": "S/2020/1", "language": "zh", "top_level_headings": ["导言", "结论"]}


@pytest.fixture
def original():
    return parse_document(TEXT, META)


class Scripted(FakeListChatModel):
    """Replies "EN(<the unit>)" and counts its calls."""

    calls: int = 0

    def _call(self, messages, stop=None, run_manager=None, **kwargs) -> str:
        self.calls += 1
        return f"EN({messages[-1].content})\n(a note the model should not add)"


def test_a_made_up_document_gets_an_aligned_machine_version(original):
    model = Scripted(responses=["unused"])
    progress = []
    version = translate_document(original, "en", model, on_progress=lambda i, n: progress.append((i, n)),
                                 show_progress=False)
    units = sum(len(p.sentences) for p in original.passages()) + 2 + 2 + 1  # sentences, titles, sections, signature
    assert model.calls == units and progress[-1] == (units, units)
    assert version.provenance == "machine" and version.language == "en" and "Machine translation" in version.note
    DocumentVersions(original, (version,))  # aligned, or this raises
    p = version.passages()[-1]
    assert p.text == "EN(与会者重申了承诺。)" and p.spans()[0].text == p.text
    assert version.title == f"EN({original.title})" and version.sections[1].title == "EN(导言)"


def test_the_machine_version_is_reused_from_the_index_while_text_and_model_match(original):
    version = translate_document(original, "en", Scripted(responses=["x"]), show_progress=False)
    payload = json.loads(json.dumps({PAYLOAD_KEY: {"en": payload_entry(original, version, "model-a:1")}}))
    assert cached_version(payload, original, "en", "model-a:1") == version
    assert cached_version(payload, original, "en", "model-b:1") is None  # another model
    changed = parse_document(TEXT.replace("会议讨论了和平。", "会议讨论了安全。"), META)
    assert cached_version(payload, changed, "en", "model-a:1") is None  # another text
    assert cached_version({}, original, "en", "model-a:1") is None


def test_an_empty_or_failed_reply_keeps_the_original_words(original):
    class Silent(FakeListChatModel):
        def _call(self, messages, stop=None, run_manager=None, **kwargs) -> str:
            if "调解" in messages[-1].content:
                raise RuntimeError("model crashed")
            return "   "

    version = translate_document(original, "en", Silent(responses=["x"]), show_progress=False)
    texts = [p.text for p in version.passages()]
    assert "会员国支持调解。" in " ".join(texts)  # nothing is lost
    DocumentVersions(original, (version,))
