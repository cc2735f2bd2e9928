"""Who said what: a question about what a delegation or a person said is answered from that speaker's turns in
the verbatim records searched, and one about a delegation that did not speak is refused ("S/PV.… records no
statement by X"), never answered with someone else's words.

Applied after retrieval when the searched documents include a verbatim record (passages with a `speaker`): the
countries and people a question names are resolved to one entity each (rag/analysis/entities.py: Russian
Federation / Russia / 俄罗斯联邦 / 俄罗斯 / 俄方), and when one of them speaks in the records searched, the retrieval
is narrowed to the passages of their turns, whatever verb the question uses ("How does Brazil view …", "巴西怎么看
…"): in a verbatim record, what a delegation holds is what it said. A question that asks what someone said
(rag.analysis.words.SPEECH) about a delegation that has no turn is refused, unless another searched document
mentions it. "Which delegations …?" narrows the retrieval to speaker turns, the best turn of each speaker first
(ranked for the question without its "which speakers" words; the President's procedural turns are nobody's
statement), and a delegation it names after them is what it asks about ("Which delegations answered Egypt?").

Of several delegations a question names, it asks about the first and those joined to it ("China and Russia"); the
others are its topic ("What did Egypt say about the Grand Ethiopian Renaissance Dam?", 英国对俄罗斯…怎么说？).

A narrowed retrieval is marked (`Retrieval.speaker_turns`), and the words that name the speaker asked about count
as found: they name whose turns these are, in whichever language the record writes the name (a Chinese question's
英国 for an English record's United Kingdom).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property
from typing import Callable

import numpy as np

from rag.analysis.entities import Entities, Entity, sides
from rag.analysis.query import analyze
from rag.analysis.text import squash_office, stem
from rag.analysis.words import SPEAKER_FRAME, SPEECH, WHICH_DELEGATIONS, WHICH_SPEAKERS
from rag.documents.kinds.verbatim_layout import OFFICES
from rag.retrieval.briefers import HONORIFIC, briefer_offices, briefer_titles, fits, office_names, qualifier
from rag.retrieval.transliteration import matching_speaker
from rag.types import Hit, Passage, Retrieval, SentenceHit, document_slug

_TITLES = re.compile(r"^(?:mr|ms|mrs|miss|sir|dame|dr|先生|女士|夫人|小姐|阁下)$", re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
Ranker = Callable[[str], tuple[list[Hit], list[SentenceHit]]]


class Speakers:
    """The speakers of the library's verbatim records, and the entities that stand for them."""

    def __init__(self, passages: list[Passage]):
        self.passages = [p for p in passages if p.speaker is not None]

    @cached_property
    def entities(self) -> Entities:
        return Entities(p.speaker.country for p in self.passages if p.speaker.country)

    @cached_property
    def briefers(self) -> dict[str, tuple[str, ...]]:
        """The offices the records' invitations give their briefers (rag/retrieval/briefers.py)."""
        return briefer_offices(self.passages)

    @cached_property
    def briefer_titles(self) -> dict[str, str]:
        return briefer_titles(self.passages)

    def entity_of(self, p: Passage) -> Entity | None:
        return self.entities.resolve(p.speaker.country) if p.speaker and p.speaker.country else None

    def named(self, question: str) -> list[str]:
        """Names of record speakers the question names: by their surname ("What did Mr. Dupont say?"), a Latin
        one as a whole word (Mr. Fu is not in "funding"), a Chinese one as a substring; or by their office in
        either language (the Secretary-General, 秘书长), the President's excepted (whose turns are the Council's
        business, or a delegation's, named by its country); or a briefer by the office the President's invitation
        gives them ("the Assistant Secretary-General", 副秘书长)."""
        offices = _offices(question)
        asked = squash_office(question)
        titles = self.briefer_titles

        def means(office: str, name: str) -> bool:  # the office, and whose: not another body's Director
            if squash_office(office) not in asked:
                return False
            whose = qualifier(question, office)
            if not whose and office in (OFFICES[-1][0].removeprefix("The "), OFFICES[-1][1]):
                return False  # "the President" alone is the Council's, not the ICRC's
            return fits(whose, titles.get(name, ""))
        out = [name for name, held in self.briefers.items() if any(means(o, name) for o in held)]
        for p in self.passages:
            name = p.speaker.name
            office = next((en for en, zh in OFFICES if name in (en, zh)), None)
            if office is not None:
                if office in offices and office != OFFICES[-1][0]:
                    out.append(name)
                continue
            surname = HONORIFIC.sub("", name).strip()
            if len(surname) < 2:
                continue
            if _CJK.search(surname):
                found = surname in question
            else:
                found = re.search(rf"(?<![A-Za-zÀ-ɏ]){re.escape(surname)}(?![A-Za-zÀ-ɏ])", question, re.IGNORECASE)
            if found:
                out.append(name)
        if not out:  # "Ms. Morales" for a Chinese record's 莫拉莱斯女士, 林德奎斯特先生 for Mr. Lindqvist
            across = self._across_scripts(question)
            out += [across] if across else []
        return list(dict.fromkeys(out))

    @cached_property
    def _surnames(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]], frozenset[str]]:
        """(name, surname) of the speakers who are no office, written in Chinese and in Latin script, and the
        words of the offices' names (no one's surname)."""
        offices = {n for office in OFFICES for n in office}
        pairs = sorted({(p.speaker.name, HONORIFIC.sub("", p.speaker.name).strip()) for p in self.passages
                        if p.speaker.name not in offices})
        titles = frozenset(w.lower() for office in (*OFFICES, *office_names()) for w in _LATIN.findall(" ".join(office)))
        return [x for x in pairs if _CJK.search(x[1])], [x for x in pairs if not _CJK.search(x[1])], titles

    def _across_scripts(self, question: str) -> str | None:
        """The speaker whose name the question spells in the other script (rag/retrieval/transliteration.py)."""
        chinese, latin, titles = self._surnames

        def other(spelling: str) -> bool:  # a country's name, or a word of an office's, is no one's name
            return spelling.lower() in titles or bool(self.entities.in_text(spelling))
        return matching_speaker(question, chinese, other) or matching_speaker(question, latin, other)

    def attribute(self, retrieval: Retrieval, mentioned: Callable[[Entity | str], bool] = lambda e: False,
                  rank: Ranker | None = None) -> Retrieval:
        """The retrieval narrowed to the turns of the speakers the question asks about (`speaker_turns`), or
        marked with the delegation or person the records hold no statement by — unless another searched document
        `mentioned` it, and then without any turn; unchanged when the question asks no such thing. `rank` scores
        another text over the same documents: the turns kept are ranked for the question and, as much, for the
        question without the words that name the speaker (they say whose turns to read more than what about: "What
        did Ecuador say about crime?" is answered by Ecuador's sentence about crime rather than by the one that
        names Ecuador)."""
        in_scope = {p.id for p in self.passages if p.doc_symbol in retrieval.documents}
        if not in_scope:
            return retrieval
        question = retrieval.question
        records = tuple(sorted({p.doc_symbol for p in self.passages if p.id in in_scope}))
        names, offices = self.named(question), _offices(question) - {OFFICES[-1][0]}
        entities = self.entities.in_text(question)
        which = WHICH_DELEGATIONS.search(question)
        if which and which.start() < min([self.entities.position(question, e) for e in entities]
                                         + [_position(question, n) for n in names] + [len(question)]):
            names, offices, entities = [], set(), []  # "Which delegations answered Egypt?": Egypt is the topic
        if names or offices:
            keep = {p.id for p in self.passages if p.id in in_scope and p.speaker.name in names}
            if keep:
                asked = squash_office(question)
                return replace(self._narrowed(retrieval, keep, [], names, rank), speaker_names=tuple(
                    squash_office(o) for name in names for o in self.briefers.get(name, ()) if squash_office(o) in asked))
            return self._not_speaking(retrieval, names, offices, records, in_scope, mentioned)
        entities = self.entities.subjects(question, entities)  # not the Grand Ethiopian Renaissance Dam's Ethiopia
        speaking = {e for p in self.passages if p.id in in_scope for e in [self.entity_of(p)] if e}
        asked = [e for e in entities if e in speaking]
        if asked:
            keep = {p.id for p in self.passages if p.id in in_scope and self.entity_of(p) in asked}
            narrowed = self._narrowed(retrieval, keep, asked, [], rank)  # 英国 names the turns of 联合王国
            return replace(narrowed, speaker_names=(*(n for e in asked for n in self.entities.names_of(e)),
                                                    *self._chair(keep)))
        speech = bool(SPEECH.search(question))
        only_records = set(retrieval.documents) <= {p.doc_symbol for p in self.passages}
        # "which delegations said …", or any "who"/"which" in records alone: the speakers themselves, their turns
        # first (without a verb of speech, a "who" over other documents may not be about speeches at all:
        # 信末签名的常驻代表是谁？ asks who signed S/2017/105, and is left alone)
        if WHICH_SPEAKERS.search(question) and (speech or only_records):
            delegations = retrieval.query.expects == "place"  # "which delegations": turns of a country's speaker
            chair = OFFICES[-1]  # the President's turns with no country: the Council's business, nobody's statement
            turns = {p.id for p in self.passages if p.id in in_scope
                     and (p.speaker.country or not (delegations or p.speaker.name in chair))}
            topic = WHICH_SPEAKERS.sub(" ", question)  # "哪些发言者谈到了能力建设": 能力建设, not 发言者
            if rank is not None and topic != question and analyze(topic).words:
                hits, sentences = _blend(retrieval.sentences, rank(topic)[1])
                retrieval = replace(retrieval, hits=hits, sentences=sentences)
            others = {document_slug(d) for d in retrieval.documents} - {document_slug(p.doc_symbol)
                                                                        for p in self.passages}
            # other documents stay, after the turns: a summary's "many delegations supported…" is nobody's turn
            kept = _kept(_speakers_first(retrieval), lambda pid: pid in turns or pid.split(":")[0] in others)
            return replace(kept, speaker_turns=kept.hits[0].passage.id in turns if kept.hits else False)
        if entities and (speech or self._as_subject(question, entities)):
            if not any(mentioned(e) for e in entities):
                return replace(retrieval, no_statement=(entities[0].shown(retrieval.language), records))
            return _kept(retrieval, lambda pid: pid not in in_scope)  # the document that mentions it, no turn
        return retrieval

    def _chair(self, keep: set[str]) -> tuple[str, ...]:
        """The President's office, squashed, when the `keep` turns include the President's own ("the Council
        President, speaking for Slovenia": the office names whose turn it is)."""
        if not any(p.id in keep and p.speaker.name in OFFICES[-1] for p in self.passages):
            return ()
        return tuple(squash_office(n.removeprefix("The ")) for n in OFFICES[-1])

    def _not_speaking(self, retrieval: Retrieval, names: list[str], offices: set[str], records: tuple[str, ...],
                      in_scope: set[str], mentioned: Callable[[Entity | str], bool]) -> Retrieval:
        """A question about a person (a speaker of another record, or an office) no searched record gives a turn:
        the no-statement mark, or another searched document that mentions them, without any turn."""
        offices = offices | {en for en, zh in OFFICES if en in names or zh in names}
        forms = [*names, *(form for en, zh in OFFICES if en in offices for form in (en.removeprefix("The "), zh))]
        if any(mentioned(f) for f in forms):
            return _kept(retrieval, lambda pid: pid not in in_scope)
        if offices:  # named in the question's language
            en, zh = next(office for office in OFFICES if office[0] in offices)
            shown = zh if retrieval.language == "zh" else "the " + en.removeprefix("The ")
        else:
            shown = names[0]
        return replace(retrieval, no_statement=(shown, records))

    def _as_subject(self, question: str, entities: list[Entity]) -> bool:
        """Whether the question asks what a country did, whatever its verb: the country after an auxiliary ("How
        did Mexico …", "Where does Mexico stand"), or before the coverb of a stance (墨西哥对…, 墨西哥代表就…)."""
        squashed = _squash(question)
        for e in entities:
            for alias in self.entities.names_of(e):
                if _CJK.search(alias):
                    if re.search(re.escape(alias) + r"(?:代表团|代表|方面|政府)?[对就]", squashed):
                        return True
                elif re.search(rf"\b(?:did|does|do|has|have|had|would|will)\s+(?:the\s+)?"
                               rf"{re.escape(self.entities.names[alias])}\b(?!['’]s)", question, re.IGNORECASE):
                    return True
            own_sides = [f"{head}方" for _, _, head in sides(squashed) if self.entities.side(head) == e]
            parts = [part for part, owner in self.entities.parts.items() if owner == e and part in squashed]
            if any(re.search(re.escape(x) + r"(?:代表团|代表|方面|政府)?[对就]", squashed) for x in own_sides + parts):
                return True
        return False

    def _narrowed(self, retrieval: Retrieval, keep: set[str], asked: list[Entity], names: list[str],
                  rank: Ranker | None) -> Retrieval:
        """The retrieval with the `keep` turns only (ranked for its topic when `rank` is given), and the passages of
        documents that are no verbatim record which name the speakers asked about (a summary's "the
        Secretary-General said…" reports them: it stays, ranked with their turns); its words that name the speakers
        asked about found."""
        if not any(h.passage.id in keep for h in retrieval.hits):
            return retrieval
        own, written = self._naming(asked, names)
        keep = keep | self._reporting(retrieval, written)
        topic = self._topic(retrieval.question, own, written, asked)
        hits, sentences = retrieval.hits, retrieval.sentences
        if rank is not None and topic != retrieval.question and analyze(topic).words:
            hits, sentences = _blend(sentences, rank(topic)[1])
        query = retrieval.query
        by_document = {doc: e._replace(matched_words=tuple(w for w in query.words if w in e.matched_words or own(w)),
                                       unknown_names=tuple(n for n in e.unknown_names if not own(n)))
                       for doc, e in retrieval.by_document.items()}  # each record's evidence, as the whole's
        return replace(retrieval, by_document=by_document, hits=[h for h in hits if h.passage.id in keep],
                       sentences=[s for s in sentences if s.passage.id in keep],
                       matched_words=[w for w in query.words if w in retrieval.matched_words or own(w)],
                       unknown_names=[n for n in retrieval.unknown_names if not own(n)], speaker_turns=True,
                       asked_of_speakers=analyze(SPEAKER_FRAME.sub(" ", SPEECH.sub(" ", topic))).words
                       if asked or names else None)

    def _topic(self, question: str, own: Callable[[str], bool], written: list[str], asked: list[Entity]) -> str:
        """The question without the words that name the speakers asked about."""
        chinese = [n for n in written if _CJK.search(n)]
        chinese += [part for part, e in self.entities.parts.items() if e in asked]
        for name in sorted(chinese, key=len, reverse=True):
            question = question.replace(name, " ")
        for start, end, head in reversed(sides(question)):
            if self.entities.side(head) in asked:
                question = question[:start] + " " + question[end:]

        def naming(m: re.Match) -> str:  # a capitalised word (or each part of "Secretary-General") that names them
            word = m.group(0).rstrip(".")
            return " " if word[0].isupper() and all(own(w) for w in re.split(r"[-'’]", word) if w) else m.group(0)

        return re.sub(r"[A-Za-zÀ-ɏ][\w'’-]*\.?", naming, question).strip()

    def _reporting(self, retrieval: Retrieval, written: list[str]) -> set[str]:
        """The passages of searched documents that are no verbatim record and name a speaker asked about (in one of
        the squashed `written` forms: a Chinese one of two characters or more, a Latin one of four letters or more,
        so that no "us" is found in "focus"), in their text or their section's title."""
        records = {p.doc_symbol for p in self.passages}
        forms = [f for f in map(_squash, written) if len(f) >= (2 if _CJK.search(f) else 4)]
        if not forms:
            return set()
        out = set()
        for h in retrieval.hits:
            if h.passage.doc_symbol not in records:
                text = _squash(" ".join((*h.passage.section_path, h.passage.text)))  # once per passage
                if any(f in text for f in forms):
                    out.add(h.passage.id)
        return out

    def _naming(self, asked: list[Entity], names: list[str]) -> tuple[Callable[[str], bool], list[str]]:
        """Whether a word of the question (a stem, a name, a Chinese word) names one of the speakers asked about,
        and the names (squashed) they are written with."""
        names = names + [form for n in names for office in OFFICES if n in office for form in office]
        names = names + [office for n in names for office in self.briefers.get(n, ())]  # "the Assistant Secretary-General"
        names = names + [HONORIFIC.sub("", n).strip() for n in names]
        written = [n for e in asked for n in self.entities.names_of(e)]
        written += [_squash(n) for n in names]
        stems = {stem(w) for n in [*(self.entities.names.get(a, a) for a in written), *names]
                 for w in _LATIN.findall(n)}

        def own(word: str) -> bool:
            w = _squash(word)
            if not w or _TITLES.match(w):
                return bool(w)
            if _CJK.search(w):
                return any(w in n or n in w for n in written if _CJK.search(n)) \
                    or any(e in asked for e in self.entities.in_text(word))
            initials = self.entities.initials.get(word.upper())  # "uk": the question's "UK"
            return w in stems or stem(w) in stems or initials is not None and initials in asked \
                or any(e in asked for e in self.entities.in_text(word))  # a demonym: Ecuadorian

        return own, written


def narrowed_as(part: Retrieval, whole: Retrieval) -> Retrieval:
    """A part of a question ("…？它提出了什么理由？") kept to the turns its whole question was narrowed to, when it
    names no speaker of its own: its "it" is the delegation the question asks about."""
    if whole.asked_of_speakers is None or part.asked_of_speakers is not None or part.no_statement is not None:
        return part
    keep = {h.passage.id for h in whole.hits}
    kept = _kept(part, keep.__contains__)
    if kept is part:
        return part
    return replace(kept, speaker_turns=True, speaker_names=whole.speaker_names, asked_of_speakers=part.query.words,
                   unknown_names=[n for n in part.unknown_names if n not in whole.query.names])


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _position(question: str, name: str) -> int:
    """Where the question names a speaker (by the surname of `name`, or the name itself); len(question) if not."""
    surname = HONORIFIC.sub("", name).strip() or name
    at = question.lower().find(surname.lower())
    return at if at >= 0 else len(question)


def _offices(question: str) -> set[str]:
    """The offices a question names, in either language, each by its English name (the longer office first: the
    Deputy Secretary-General is no Secretary-General, nor an Under-Secretary-General, 副秘书长)."""
    found = set()
    for en, zh in OFFICES:
        pattern = re.compile(rf"(?<!副){re.escape(zh)}|(?<![\w-])(?:the\s+)?{re.escape(en.removeprefix('The '))}\b",
                             re.IGNORECASE)  # 副秘书长, Under-Secretary-General: another office
        if pattern.search(question):
            found.add(en)
            question = pattern.sub(" ", question)
    return found


def _blend(sentences: list[SentenceHit], topical: list[SentenceHit]) -> tuple[list[Hit], list[SentenceHit]]:
    """Sentences scored by the mean of their two scores, best first, and passages by their best sentence."""
    other = {s.index: s.score for s in topical}
    blended = sorted((s._replace(score=(s.score + other.get(s.index, s.score)) / 2) for s in sentences),
                     key=lambda s: -s.score)
    best: dict[str, Hit] = {}
    for s in blended:
        best.setdefault(s.passage.id, Hit(s.passage, s.score))
    return list(best.values()), blended


def _speakers_first(retrieval: Retrieval) -> Retrieval:
    """The hits and the sentences with each speaker's best first, in score order, then the rest, whose sentences
    score no more than the typical (median) sentence: an answer to "which delegations …" quotes several speakers
    rather than one speaker several times (rag/answers/select.py quotes sentences that stand out)."""
    sentences = _each_speaker_first(retrieval.sentences)
    if sentences:
        median = float(np.median([s.score for s in sentences]))
        firsts = len({_who(s) for s in sentences if _who(s) is not None})
        sentences = sentences[:firsts] + [s._replace(score=min(s.score, median)) for s in sentences[firsts:]]
    return replace(retrieval, hits=_each_speaker_first(retrieval.hits), sentences=sentences)


def _who(item: Hit | SentenceHit) -> str | None:
    who = item.passage.speaker
    return (who.country or who.name) if who else None


def _each_speaker_first(items: list) -> list:
    seen: set[str] = set()
    first, rest = [], []
    for item in items:
        key = _who(item)
        (first if key is not None and key not in seen else rest).append(item)
        if key is not None:
            seen.add(key)
    return first + rest


def _kept(retrieval: Retrieval, keep: Callable[[str], bool]) -> Retrieval:
    hits = [h for h in retrieval.hits if keep(h.passage.id)]
    sentences = [s for s in retrieval.sentences if keep(s.passage.id)]
    return replace(retrieval, hits=hits, sentences=sentences) if hits else retrieval
