"""decide: can the document answer this question? One decision per question, made here and nowhere else.

`decide(retrieval, settings)` selects the sentences an answer would quote (rag/answers/select.py), then `refuse`
weighs the calibrated answerability model (rag/answers/answerability.py) over them: the question is answered when
the modelled probability that it is answerable reaches the model's threshold (fitted on the development questions
and cross-validated by question: scripts/calibrate_refusal.py). When the sentences it would quote have no version
in the question's language (a document in one language, a unit a partly aligned version leaves out), the words of
the question cannot be looked for in them, and a second model weighs the evidence that crosses languages instead
(rag/answers/crosslingual.py, scripts/calibrate_crosslingual.py). A refusal says why in words a reader can check: the
names the document never mentions (only names and numbers, never a function word or a question frame), the kind of
answer that is missing, or that no passage answers the question; the closest passages are listed beside it
(rag/answers/composer.py). Text that instructs the assistant is refused first. A question about what a delegation
said that the searched records give no turn of is refused naming them; one narrowed to the turns of the speaker it
asks about (rag/retrieval/speakers.py) is answered from them when they are in another language than the question,
whose words the model's lexical signals cannot find there.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from rag.analysis.forms import number_present
from rag.analysis.text import squash
from rag.analysis.words import INSTRUCTION
from rag.answers.answerability import AnswerabilityModel, Evidence, LogisticModel, evidence, names_apart
from rag.answers.crosslingual import CrossEvidence, CrossLingualModel, cross_evidence, crosses_languages
from rag.answers.select import answering_sentences, select_sentences
from rag.types import Decision, Refusal, Retrieval, SentenceHit

if TYPE_CHECKING:  # pragma: no cover
    from rag.config import Settings

NOT_FOUND = {
    "zh": "文件中没有提到这一点。",
    "en": "The document does not say.",
}
WHY = {
    "names": {"zh": "文件从未提及：{names}。", "en": "The document never mentions: {names}."},
    "names_apart": {"zh": "相关段落没有提到：{names}。", "en": "The passages about it do not mention: {names}."},
    "answer_missing": {"zh": "问题问的是{kind}，但相关段落中没有。",
                       "en": "The question asks for {kind}, and the passages about it give none."},
    "no_passage": {"zh": "文件中没有回答这个问题的段落。", "en": "No passage of the document answers this question."},
    "instruction": {"zh": "这不是关于文件的问题：本工具只回答文件中写明的内容。",
                    "en": "This is not a question about the documents: only what they say is answered here."},
    "no_statement": {"zh": "{records} 中没有{name}的发言记录。", "en": "{records} records no statement by {name}."},
    "no_statement_records": {"zh": "{records} 中没有{name}的发言记录。", "en": "{records} record no statement by {name}."},
}
KINDS = {
    "judgement": {"zh": "评价或预测", "en": "a judgement or a forecast"},
    "quantity": {"zh": "数量", "en": "a number"},
    "share": {"zh": "比例或百分比", "en": "a share or a percentage"},
    "money": {"zh": "金额", "en": "a sum of money"},
    "person": {"zh": "具体人物", "en": "a person"},
    "agent": {"zh": "具体的人或国家", "en": "a person or a country"},
    "date": {"zh": "日期", "en": "a date"},
    "duration": {"zh": "时长或时间", "en": "a duration or a time"},
    "organisation": {"zh": "具体组织的名称", "en": "an organisation by name"},
    "place": {"zh": "国家或地点", "en": "a country or a place"},
    "symbol": {"zh": "文件编号", "en": "a document symbol"},
    "document": {"zh": "具体文件", "en": "a named document"},
    "item": {"zh": "议程项目", "en": "an agenda item"},
}


def decide(retrieval: Retrieval, settings: "Settings") -> Decision:
    """The decide stage: the sentences an answer would quote, and whether the document answers (`refuse`). A
    question narrowed to a speaker's turns in several records is answered from the first record, in ranking order,
    whose turns answer it: the record in the question's language ranks first, and the speaker's words on what is
    asked may be in the other ("中国代表对联合预警机制持什么立场？" answered from China's turn in an English record
    when its turn in a Chinese one is about something else)."""
    decision = _decided(retrieval, settings)
    if decision.refusal is None or not retrieval.speaker_turns or decision.refusal.reason in ("instruction",
                                                                                             "no_statement"):
        return decision
    records = dict.fromkeys(s.passage.doc_symbol for s in retrieval.sentences)  # in ranking order
    tried = decision.selected[0].passage.doc_symbol if decision.selected else None
    for record in records if len(records) > 1 else ():
        other = _decided(_only(retrieval, record), settings) if record != tried else decision
        if other.refusal is None:
            return other
    return decision


def _only(retrieval: Retrieval, symbol: str) -> Retrieval:
    """The retrieval with the passages and sentences of one document only."""
    return replace(retrieval, hits=[h for h in retrieval.hits if h.passage.doc_symbol == symbol],
                   sentences=[s for s in retrieval.sentences if s.passage.doc_symbol == symbol], documents=(symbol,))


def _decided(retrieval: Retrieval, settings: "Settings") -> Decision:
    selected = tuple(select_sentences(retrieval, settings.composing))
    answering = answering_sentences(retrieval, settings.composing)  # the evidence: without pronoun context
    models = settings.answerability
    return Decision(retrieval, selected, refuse(retrieval, answering, models.model, models.crosslingual))


def refuse(retrieval: Retrieval, quoted: Sequence[SentenceHit], model: AnswerabilityModel,
           crosslingual: CrossLingualModel | None = None) -> Refusal | None:
    """None when the document can answer the question, else the refusal. Text that instructs the assistant
    ("ignore all previous instructions…", rag.analysis.words.INSTRUCTION) is refused first, whatever it shares with the
    document. When the sentences the answer would quote have no version in the question's language, the
    `crosslingual` model weighs the evidence that crosses languages (rag/answers/crosslingual.py) instead of
    `model`."""
    lang = retrieval.language if retrieval.language in NOT_FOUND else "en"
    if INSTRUCTION.search(retrieval.question):
        return Refusal("instruction", WHY["instruction"][lang], 0.0)
    if retrieval.no_statement is not None:  # asked what a delegation said that no searched record gives a turn
        name, records = retrieval.no_statement
        why = WHY["no_statement"][lang] if len(records) == 1 else WHY["no_statement_records"][lang]
        return Refusal("no_statement", why.format(name=name, records="、".join(records) if lang == "zh"
                                                  else ", ".join(records)), 0.0)
    if retrieval.speaker_turns and quoted and _across_languages(retrieval, quoted):
        return None  # the speaker's own turns, in a language whose words the question's cannot be looked up in
    if retrieval.named_unit and quoted and not retrieval.unknown_names:
        return None  # the unit the question names ("operative paragraph 4 (b)"), and nothing it never mentions
    judge: LogisticModel = model
    ev: Evidence | CrossEvidence
    if crosses_languages(retrieval, quoted):
        judge = crosslingual or CrossLingualModel()
        ev, unknown = cross_evidence(retrieval, quoted), list(retrieval.crossing.unknown_names)
    else:
        ev, unknown = evidence(retrieval, quoted), retrieval.unknown_names
    p = judge.probability(ev)
    if p >= judge.threshold and quoted:
        return None
    sep = "、" if lang == "zh" else ", "
    if unknown:
        return Refusal("names", WHY["names"][lang].format(names=sep.join(unknown)), p)
    apart = [] if isinstance(ev, CrossEvidence) else names_apart(retrieval.query, quoted, retrieval.speaker_names)
    if apart:
        return Refusal("names_apart", WHY["names_apart"][lang].format(names=sep.join(apart)), p)
    if ev.answer_missing:
        kind = KINDS[retrieval.query.expects][lang]
        return Refusal("answer_missing", WHY["answer_missing"][lang].format(kind=kind), p)
    return Refusal("no_passage", WHY["no_passage"][lang], p)


def _across_languages(retrieval: Retrieval, quoted: Sequence[SentenceHit]) -> bool:
    """Whether the sentences quoted have no version in the question's language, and the turns kept hold every
    number the question names (in any form: 99 / 九十九): the question's other words cannot be looked up in them, so
    their absence is no sign that the speaker did not address the question (the encoders, which cross languages,
    ranked the speaker's sentences)."""
    if any(v.language == retrieval.language for s in quoted for v in s.versions):
        return False
    said = squash(" ".join(v.span.text for s in retrieval.sentences for v in s.versions)).lower()
    return all(number_present(n, said) for n in retrieval.query.numbers)
