"""A quoted sentence brings what it needs (rag/answers/context.py), on a made-up document: the sentence a pronoun or
a demonstrative points back to, and the items a lead-in introduces (its own paragraph's, or the sub-sections after it)."""
from rag.answers.context import elaborates, introduces_items, leans_back, with_context
from rag.types import Passage, SentenceHit, Span, VersionSentence


def paragraph(pid: str, section: str, sentences: list[str], language: str = "zh") -> Passage:
    text, spans = "", []
    for s in sentences:
        spans.append((len(text), len(text) + len(s)))
        text += s
    return Passage(pid, "D", section, ("t",), 1, text, tuple(spans), language)


def hits(passages: list[Passage], english: list[Passage] | None = None) -> list[SentenceHit]:
    out, k = [], 0
    for j, p in enumerate(passages):
        for i, (s, e) in enumerate(p.sentences):
            versions = (VersionSentence("zh", "official", p, Span(s, e, p.text[s:e])),)
            if english:
                es, ee = english[j].sentences[i]
                versions += (VersionSentence("en", "unofficial", english[j], Span(es, ee, english[j].text[es:ee])),)
            out.append(SentenceHit(p, s, e, p.text[s:e], 0.0, k, versions))
            k += 1
    return out


A = paragraph("D:1:1", "1", ["代表们讨论了水资源。", "这包括修建水库和保护河流。", "会议随后休会。"])
E = paragraph("D:1:1", "1", ["Delegates discussed water.", "This includes building dams and protecting rivers.",
                             "The meeting then adjourned."], "en")
LEAD = paragraph("D:2:1", "2", ["然而，代表们也看到了若干困难，其中包括："])
ITEM1 = paragraph("D:2.1:1", "2.1", ["资金不足是第一个困难。", "它影响所有项目。"])
ITEM1B = paragraph("D:2.1:2", "2.1", ["此外，资金分配不均。"])
ITEM2 = paragraph("D:2.2:1", "2.2", ["人员短缺是第二个困难。"])
AFTER = paragraph("D:3:1", "3", ["结论部分重申了承诺。"])


def test_a_sentence_that_points_back_brings_the_one_before_it():
    every = hits([A], [E])
    assert leans_back(every[1]) and not leans_back(every[0])
    chosen = with_context([every[1]], every, max_back=2, max_list_items=5)
    assert [s.text for s in chosen] == ["代表们讨论了水资源。", "这包括修建水库和保护河流。"]
    assert with_context([every[1]], every, max_back=0, max_list_items=5) == [every[1]]


def test_a_sentence_spelled_out_by_the_next_one_brings_it():
    """"…discussed water. This includes building dams…": what the first sentence stands for is in the second."""
    every = hits([A], [E])
    assert elaborates(every[1]) and not elaborates(every[0]) and not elaborates(every[2])
    chosen = with_context([every[0]], every, max_back=2, max_list_items=5)
    assert [s.text for s in chosen] == ["代表们讨论了水资源。", "这包括修建水库和保护河流。"]
    # a pronoun that only points back does not spell anything out: the next sentence stays where it is
    e = paragraph("D:1:1", "1", ["Envoys met.", "They also identified risks."], "en")
    z = paragraph("D:1:1", "1", ["特使们会面。", "特使们还指出了风险。"])
    pair = hits([z], [e])
    assert with_context([pair[0]], pair, 2, 5) == [pair[0]]

def test_an_english_pronoun_opening_counts_too():
    e = paragraph("D:1:1", "1", ["Envoys met.", "They also identified risks."], "en")
    z = paragraph("D:1:1", "1", ["特使们会面。", "特使们还指出了风险。"])
    every = hits([z], [e])
    assert leans_back(every[1])  # its English version opens with "They"
    assert with_context([every[1]], every, 2, 5)[0].text == "特使们会面。"


def test_a_lead_in_brings_the_opening_sentence_of_each_sub_section_that_follows():
    every = hits([LEAD, ITEM1, ITEM1B, ITEM2, AFTER])
    assert introduces_items(every[0])
    chosen = with_context([every[0]], every, max_back=2, max_list_items=5)
    assert [s.text for s in chosen] == ["然而，代表们也看到了若干困难，其中包括：", "资金不足是第一个困难。",
                                       "人员短缺是第二个困难。"]
    assert len(with_context([every[0]], every, 2, 1)) == 2  # max_list_items bounds the items


def test_a_lead_in_inside_its_paragraph_brings_the_rest_of_it():
    p = paragraph("D:1:1", "1", ["The plan has three steps, as follows:", "First, survey.", "Second, build."], "en")
    every = hits([p])
    every = [s._replace(versions=()) for s in every]
    chosen = with_context([every[0]], every, 2, 5)
    assert [s.text for s in chosen] == ["The plan has three steps, as follows:", "First, survey.", "Second, build."]


def test_each_sentence_is_quoted_once_in_document_order_around_its_anchor():
    every = hits([A], [E])
    chosen = with_context([every[1], every[0]], every, 2, 5)
    assert [s.index for s in chosen] == [0, 1]


def test_an_enumeration_opened_inside_a_sentence_brings_the_ordinals_after_it():
    """"三项建议：第一，…；" opens a list in the sentence itself: the sentences after it that go on with the next
    ordinal come with it, and the enumeration ends where they stop."""
    z = paragraph("D:1:1", "1", ["特使提出了三项建议：第一，设立港口基金；", "第二，培训引航员；", "第三，共享数据。",
                                 "会议随后休会。"])
    e = paragraph("D:1:1", "1", ["The envoy made three proposals: first, a harbour fund;", "second, pilot training;",
                                 "and third, shared data.", "The meeting then adjourned."], "en")
    every = hits([z], [e])
    chosen = with_context([every[0]], every, 2, 5)
    assert [s.text for s in chosen] == ["特使提出了三项建议：第一，设立港口基金；", "第二，培训引航员；", "第三，共享数据。"]
    assert len(with_context([every[0]], every, 2, 1)) == 2  # max_list_items bounds the items
    plain = paragraph("D:1:1", "1", ["特使说：港口需要资金。", "第二天会议休会。"])
    assert len(with_context([hits([plain])[0]], hits([plain]), 2, 5)) == 1  # a colon alone opens no enumeration
