from rag.config import Settings
from rag.glossary import Glossary, fold


def test_fold_handles_plural_and_possessive():
    assert fold("Councils") == fold("council's") == fold("Council") == "council"
    assert fold("policies") == "policy"
    assert fold("process") == "process"


def test_longest_phrase_wins_and_rest_is_returned():
    g = Glossary.load(Settings().glossary)
    found, rest = g.match("What did the Security Council and Guterres say about mediation?")
    assert [m.phrase for m in found] == ["Security Council", "Guterres", "mediation"]
    assert "安理会" in found[0].terms and "调解" in found[2].terms
    assert "say" in rest and "Council" not in rest


def test_every_glossary_term_occurs_in_the_document():
    from rag.corpus import load_document
    from rag.text import squash

    s = Settings()
    text = squash("".join(" ".join(p.section_path) + p.text for p in load_document(s.corpus, s.metadata).passages()))
    g = Glossary.load(s.glossary)
    missing = {t for terms in g.entries.values() for t in terms if squash(t) not in text}
    assert not missing, missing
