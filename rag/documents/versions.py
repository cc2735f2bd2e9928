"""Language versions of a document, aligned sentence by sentence with its original.

A version lives in an aligned file beside the corpus, `<slug>_<language>.json` (e.g. `data/S_2017_105_en.json`):

    {"symbol": "S/2017/105", "language": "en", "source_language": "zh", "provenance": "unofficial",
     "note": "Unofficial English translation ... The Chinese text is authoritative.",
     "titles":    [{"id": "title" | "annex_title" | "annex_subtitle" | "section:<n>" | "signature:<k>",
                    "zh": <original>, "en": <translation>}, ...],
     "sentences": [{"id": "<passage id>#<k>", "zh": <original sentence>, "en": <translation>}, ...]}

Every item carries the original's words next to the translation, so that a change in the corpus (or in how it is
parsed) shows up as a misaligned item instead of a silently wrong translation. A paragraph with a misaligned (or
missing) sentence is left out of the version, with a warning naming it, and the version keeps the paragraphs that
are aligned: questions about a left-out paragraph are answered from the original through the encoders. A
misaligned title, another symbol or another source language leaves the whole file out.

The same format holds the machine versions that rag/documents/translate.py writes into the index. The translation of a paragraph is its sentences joined by
one space (none between Chinese sentences); each sentence keeps its span, so a quote is always verbatim.

Written by hand: no library models a UN document's parallel versions.
"""
from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Collection

from rag.types import PROVENANCES, AlignmentError, Citation, Document, DocumentVersions, Passage, QuoteTranslation, Section, Span

log = logging.getLogger(__name__)

NOTES = {
    "unofficial": "Unofficial {language} translation made for this project; the {source} text is authoritative.",
    "machine": "Machine translation made by a local model when the index was built; the {source} text is authoritative.",
    "official": "",
}
LANGUAGE_NAMES = {"zh": "Chinese", "en": "English"}
# The short form of NOTES, beside anything quoted from a version that is not the original.
LABELS = {
    "unofficial": "unofficial {language} translation — the {source} text is authoritative",
    "machine": "machine {language} translation (local model) — the {source} text is authoritative",
    "official": "official {language} version",
}


def version_label(provenance: str, language: str, source: str) -> str:
    """"unofficial English translation — the Chinese text is authoritative"."""
    template = LABELS.get(provenance, LABELS["unofficial"])
    return template.format(language=LANGUAGE_NAMES.get(language, language), source=LANGUAGE_NAMES.get(source, source))


def aligned_path(corpus: Path, symbol: str, language: str) -> Path:
    """Where the aligned `language` version of the document `symbol` lives: beside the corpus file."""
    return corpus.parent / f"{symbol.replace('/', '_')}_{language}.json"


def title_units(doc: Document) -> dict[str, str]:
    """The document's titles by unit id: title, annex title and subtitle, every section title, signature lines."""
    units = {k: v for k, v in (("title", doc.title), ("annex_title", doc.annex_title),
                                ("annex_subtitle", doc.annex_subtitle)) if v}
    for s in doc.walk():
        if s.number != "0":
            units[f"section:{s.number}"] = s.title
    for k, line in enumerate(doc.signature, 1):
        units[f"signature:{k}"] = line
    return units


def sentence_units(doc: Document) -> dict[str, str]:
    """Every sentence of the document by its id ("S_2017_105:2:4#2"), in document order."""
    return {p.sentence_id(k): sp.text for p in doc.passages() for k, sp in enumerate(p.spans())}


def join_sentences(sentences: list[str], language: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A paragraph from its sentences (one space between them, none in Chinese) and each sentence's span."""
    sep = "" if language == "zh" else " "
    text, spans = "", []
    for s in sentences:
        if text and sep:
            text += sep
        spans.append((len(text), len(text) + len(s)))
        text += s
    return text, tuple(spans)


def default_note(provenance: str, language: str, source: str) -> str:
    return NOTES[provenance].format(language=LANGUAGE_NAMES.get(language, language),
                                    source=LANGUAGE_NAMES.get(source, source))


def build_version(original: Document, language: str, titles: dict[str, str], sentences: dict[str, str],
                  provenance: str, note: str = "", leave_out: Collection[str] = ()) -> Document:
    """The `language` version of `original` from its translated units (ids as in `title_units` and
    `sentence_units`), without the paragraphs whose ids are in `leave_out`. Raises AlignmentError when a unit of
    the rest is missing or empty."""
    if provenance not in PROVENANCES:
        raise ValueError(f"unknown provenance {provenance!r}; choose one of: {', '.join(PROVENANCES)}")
    left = set(leave_out)
    needed = list(title_units(original)) + [i for i in sentence_units(original) if i.split("#")[0] not in left]
    missing = [i for i in needed if not (titles.get(i) or sentences.get(i) or "").strip()]
    if missing:
        raise AlignmentError(f"the {language} version of {original.id} lacks {len(missing)} unit(s): "
                             + ", ".join(missing[:5]))

    def convert(section: Section, path: tuple[str, ...]) -> Section:
        title = titles["title"] if section.number == "0" else titles[f"section:{section.number}"]
        path = path + (title,)
        paragraphs = []
        for p in section.paragraphs:
            if p.id in left:
                continue
            text, spans = join_sentences([sentences[p.sentence_id(k)].strip() for k in range(len(p.sentences))],
                                         language)
            paragraphs.append(replace(p, section_path=path, text=text, sentences=spans, language=language))
        subs = tuple(convert(s, path) for s in section.sections)
        return replace(section, title=title, paragraphs=tuple(paragraphs), sections=subs)

    return replace(
        original,
        title=titles["title"],
        language=language,
        annex_title=titles.get("annex_title", "") if original.annex_title else "",
        annex_subtitle=titles.get("annex_subtitle", "") if original.annex_subtitle else "",
        signature=tuple(titles[f"signature:{k}"] for k in range(1, len(original.signature) + 1)),
        sections=tuple(convert(s, ()) for s in original.sections),
        provenance=provenance,
        note=note or default_note(provenance, language, original.language),
    )


def read_aligned(path: Path, original: Document) -> Document:
    """The version in the aligned file `path`, without the paragraphs it does not align (a sentence whose original
    words differ, or that is missing: left out with a warning naming them). Raises AlignmentError when the file is not
    aligned with `original` at all (another symbol or source language, a title that differs or is missing, no
    paragraph aligned), ValueError when it is not an aligned file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"{path} is not an aligned version file ({type(e).__name__}: {e})") from None
    return read_aligned_dict(data, original, str(path))


def read_aligned_dict(data: dict, original: Document, path: str = "the aligned version") -> Document:
    """`read_aligned` for the file's JSON, already parsed."""
    try:
        language, source = data["language"], data["source_language"]
        provenance = data["provenance"]
        items = {"titles": data["titles"], "sentences": data["sentences"]}
    except (KeyError, TypeError) as e:
        raise ValueError(f"{path} is not an aligned version file ({type(e).__name__}: {e})") from None
    if data.get("symbol") != original.id or source != original.language:
        raise AlignmentError(f"{path} translates {data.get('symbol')} ({source}), not {original.id} "
                             f"({original.language})")
    expected = {"titles": title_units(original), "sentences": sentence_units(original)}
    units, stale = _matching_units(items, expected, source, language)
    if stale["titles"]:
        raise AlignmentError(f"{path} does not match the {source} text at {len(stale['titles'])} title(s): "
                             + ", ".join(stale["titles"][:5]))
    unaligned = {u.split("#")[0] for u in stale["sentences"]}
    unaligned |= {u.split("#")[0] for u in expected["sentences"] if not units["sentences"].get(u, "").strip()}
    left_out = [p.id for p in original.passages() if p.id in unaligned]
    if len(left_out) == len(original.passages()):
        raise AlignmentError(f"{path} does not match the {source} text in any paragraph")
    if left_out:
        log.warning("%s: %d paragraph(s) not aligned with the %s text are left out of the %s version (answered from "
                    "the original): %s", path, len(left_out), source, language, ", ".join(left_out))
    return build_version(original, language, units["titles"], units["sentences"], provenance, data.get("note", ""),
                         leave_out=left_out)


def _matching_units(items: dict[str, list], expected: dict[str, dict[str, str]], source: str, language: str
                    ) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    """Per kind ("titles", "sentences"), the translated units whose original words are the original's ({id:
    translation}), and the ids of those whose words differ (or that the original does not have)."""
    units: dict[str, dict[str, str]] = {}
    stale: dict[str, list[str]] = {}
    for kind, rows in items.items():
        units[kind], stale[kind] = {}, []
        for row in rows:
            uid = row.get("id")
            words = " ".join(str(row.get(source, "")).split())
            if uid in expected[kind] and words == " ".join(expected[kind][uid].split()):
                units[kind][uid] = str(row.get(language, ""))
            else:
                stale[kind].append(str(uid))
    return units, stale


def to_aligned(original: Document, version: Document) -> dict:
    """The aligned-file form of `version` (the inverse of `read_aligned`)."""
    source, language = original.language, version.language
    o_titles, v_titles = title_units(original), title_units(version)
    o_sents, v_sents = sentence_units(original), sentence_units(version)
    return {
        "symbol": original.id,
        "language": language,
        "source_language": source,
        "provenance": version.provenance,
        "note": version.note,
        "titles": [{"id": i, source: o_titles[i], language: v_titles[i]} for i in o_titles if i in v_titles],
        "sentences": [{"id": i, source: o_sents[i], language: v_sents[i]} for i in o_sents if i in v_sents],
    }


def load_versions(original: Document, corpus: Path, languages=("zh", "en")) -> DocumentVersions:
    """The original with every aligned version found beside the corpus. A file that is not aligned with the
    corpus is left out with a warning (the answers then rely on the original alone)."""
    translations = []
    for language in languages:
        if language == original.language:
            continue
        path = aligned_path(corpus, original.id, language)
        if not path.is_file():
            continue
        try:
            translations.append(read_aligned(path, original))
        except (AlignmentError, ValueError) as e:
            log.warning("%s version not used: %s", language, e)
    return DocumentVersions(original, tuple(translations))


def original_span(original: Passage, version: Passage, start: int, end: int) -> Span:
    """The original's words for a span of a version of the same paragraph: the original sentences aligned with
    the version sentences the span touches (verbatim, from the first one's start to the last one's end)."""
    touched = [k for k, (s, e) in enumerate(version.sentences) if s < end and e > start]
    if not touched or len(original.sentences) != len(version.sentences):
        return Span(0, len(original.text), original.text)
    s, e = original.sentences[touched[0]][0], original.sentences[touched[-1]][1]
    return Span(s, e, original.text[s:e])


def cite_span(n: int, original: Passage, shown: Passage, provenance: str, start: int, end: int) -> Citation:
    """Citation n of the span `shown.text[start:end]`, where `shown` is the paragraph in the answer's version: the
    original's words as the quote, and the shown words as the translation when the versions differ."""
    if shown.language == original.language:
        return Citation(n=n, passage=original, quote=original.text[start:end])
    quote = original_span(original, shown, start, end)
    return Citation(n=n, passage=original, quote=quote.text, translation=QuoteTranslation(
        shown.language, shown.text[start:end], shown.text, provenance, shown.label))
