"""A speaker's name across scripts (rag/retrieval/transliteration.py), on made-up names: the Chinese transliteration
of a Latin name and the Latin original match by their consonants; other names, and countries, do not."""
from rag.retrieval.speakers import Speakers
from rag.retrieval.transliteration import chinese_skeleton, latin_skeleton, matching_speaker, similarity
from rag.types import Passage, Speaker


def test_a_transliteration_and_its_original_share_their_consonants():
    for zh, en in [("奥卡福", "Okafor"), ("阿马拉尔", "Amaral"), ("彼得斯", "Peters"), ("沃尔科夫", "Volkov"),
                   ("卡特赖特", "Cartwright"), ("林德贝里", "Lindberg")]:
        assert similarity(chinese_skeleton(zh), latin_skeleton(en)) >= 0.8, (zh, en)
    assert similarity(chinese_skeleton("奥卡福"), latin_skeleton("Amaral")) < 0.5


def test_the_one_closest_speaker_is_matched_and_a_country_is_not_a_name():
    latin = [("Ms. Amaral", "Amaral"), ("Mr. Okafor", "Okafor"), ("Mr. Peters", "Peters")]
    assert matching_speaker("阿马拉尔女士对流域问题怎么看？", latin) == "Ms. Amaral"
    assert matching_speaker("通报人奥卡福先生说了什么？", latin) == "Mr. Okafor"
    assert matching_speaker("德米特里耶夫先生说了什么？", latin) is None  # nobody's name
    assert matching_speaker("英国大使说了什么？", [("Mr. Ying", "Ying")], excluded=lambda s: s == "英国") is None
    chinese = [("阿马拉尔女士", "阿马拉尔"), ("奥卡福先生", "奥卡福")]
    assert matching_speaker("What did Ms. Amaral say about river basins?", chinese) == "阿马拉尔女士"
    assert matching_speaker("What did Amaral say?", chinese) is None  # a Latin name is read after an honorific only


def turn(k: int, name: str, country: str | None, language: str) -> Passage:
    text = "流域问题很重要。" if language == "zh" else "River basins matter."
    return Passage(f"S_PV.9002:t{k}:1", "S/PV.9002", f"t{k}", (country or name,), 1, text, ((0, len(text)),),
                   language, unit=f"· {country or name} ¶1", speaker=Speaker(name, country, None))


def test_a_record_speaker_is_named_across_scripts_only_when_no_name_matches_as_written():
    speakers = Speakers([turn(1, "阿马拉尔女士", "巴西", "zh"), turn(2, "奥卡福先生", None, "zh")])
    assert speakers.named("What did Mr. Okafor say about river basins?") == ["奥卡福先生"]
    assert speakers.named("奥卡福先生说了什么？") == ["奥卡福先生"]  # as written
    assert speakers.named("What did Brazil say?") == []  # a delegation, found by its country (entities)


def test_a_name_without_an_honorific_is_matched_when_its_skeleton_is_long_enough():
    chinese = [("巴尔德斯女士", "巴尔德斯"), ("西塞先生", "西塞")]
    assert matching_speaker("What did Valdés say about the smuggling routes?", chinese) == "巴尔德斯女士"  # v as b
    latin = [("Mr. Brunner", "Brunner"), ("Ms. Farouk", "Farouk")]
    assert matching_speaker("红十字国际委员会主席布伦纳如何看待通知机制？", latin) == "Mr. Brunner"  # jieba: a name
    assert matching_speaker("法鲁克医生提出了哪些要求？", latin) == "Ms. Farouk"
    assert matching_speaker("What did the Council say about Brunei?", latin) is None
