"""The CC-CEDICT dictionary: gloss parsing, building for one document's terms, lookups, JSON round trip."""
import pytest

from vectorstore import dictionary as cedict

ENTRIES = [
    ("重申", ["to reaffirm", "to reiterate"]),
    ("与会", ["to participate in a meeting"]),
    ("国家", ["country", "nation", "state", "CL:個|个[ge4]"]),
    ("根源", ["origin", "root (cause)"]),
    ("核", ["pit", "stone", "nucleus", "nuclear"]),
    ("各自为政", ["to do things each in one's own way"]),
    ("张", ["surname Zhang"]),
]


@pytest.mark.parametrize("gloss,words", [
    ("to reaffirm", ["reaffirm"]),
    ("to participate in a meeting", ["participate", "meeting"]),
    ("root (cause)", ["root"]),
    ("CL:個|个[ge4]", []),
    ("surname Zhang", []),
    ("variant of 國家|国家[guo2 jia1]", []),
    ("to do things each in one's own way", []),  # a description, not a translation
])
def test_gloss_words(gloss, words):
    assert cedict.gloss_words(gloss) == words


def test_stem_folds_inflections_and_possessives():
    assert cedict.stem("reaffirmed") == cedict.stem("reaffirms") == cedict.stem("reaffirm")
    assert cedict.stem("Participants") == cedict.stem("participate")
    assert cedict.stem("Council's") == cedict.stem("council")


def test_build_keeps_only_the_documents_terms():
    d = cedict.build(["重申", "与会", "国家", "根源", "各自为政"], ENTRIES)
    assert d.lookup("reaffirmed") == ("重申",)
    assert d.lookup("participants") == ("与会",)
    assert d.lookup("States") == ("国家",)
    assert d.lookup("root") == ("根源",)
    # known to the dictionary, but its only translation (核) is not a term of the document: nothing to find
    assert d.lookup("nuclear") == ()
    # unknown to the dictionary: no conclusion either way
    assert d.lookup("Guterres") is None
    assert d.lookup("zhang") is None  # surnames are not translations


def test_json_round_trip():
    d = cedict.build(["重申", "国家"], ENTRIES)
    again = cedict.Dictionary.from_json(d.to_json())
    assert again == d
    assert cedict.Dictionary(frozenset(), {}).lookup("reaffirm") is None


def test_cedict_entries_come_from_the_installed_package():
    entries = dict(e for e, _ in zip(cedict.cedict_entries(), range(200_000)) if e[0] in ("重申", "外交"))
    assert "to reaffirm" in entries["重申"] and "diplomacy" in entries["外交"]


def test_stems_agree_across_threads():
    from concurrent.futures import ThreadPoolExecutor

    words = ["reaffirmed", "participants", "organizations", "commitments", "diplomatic"] * 200
    with ThreadPoolExecutor(8) as pool:
        stems = list(pool.map(cedict.stem, words))
    assert stems == [cedict.stem(w) for w in words]
