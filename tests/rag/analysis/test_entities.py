"""Country names in either language resolved to one entity (rag/analysis/entities.py), on made-up record names and
questions: the UN's word order, initials, parts of a Chinese name, the Chinese "X方", and a shorter name inside a
longer one."""
from rag.analysis.entities import Entities

RECORD = Entities(["俄罗斯联邦", "美利坚合众国", "中国", "巴西", "大不列颠及北爱尔兰联合王国", "Republic of Korea",
                   "European Union", "南苏丹"])


def keys(text: str, entities: Entities = RECORD) -> list[str]:
    return [e.key for e in entities.in_text(text)]


def test_an_iso_name_in_the_uns_word_order_is_that_country():
    assert RECORD.resolve("Republic of Korea").key == RECORD.resolve("大韩民国").key == "KOR"
    assert keys("What did the Democratic Republic of the Congo say?") == ["COD"]


def test_initials_in_capitals_name_the_one_country_they_are_the_initials_of():
    assert keys("What did the US say?") == ["USA"] and keys("How did the UK view it?") == ["GBR"]
    assert keys("What did the EU say about the DRC?") == ["COD", "European Union"]
    assert keys("WHAT DID THE US SAY") == []  # a question in capitals has no initials
    assert keys("What did France say about AI and HR?") == ["FRA"]  # no two-word name of a country has them


def test_a_part_of_a_chinese_name_that_no_other_country_has():
    assert keys("联合王国代表说了什么？") == ["GBR"]
    assert keys("大不列颠及北爱尔兰联合王国代表说了什么？") == ["GBR"]  # its Ireland is no Ireland
    assert keys("南苏丹代表说了什么？") == ["SSD"]  # nor is the Sudan inside South Sudan


def test_the_side_of_a_country():
    assert keys("俄方如何看待？") == ["RUS"] and keys("美方说了什么？") == ["USA"] and keys("中方的立场") == ["CHN"]
    assert keys("德方怎么看？") == ["DEU"]  # no speaker's: the one country whose name starts with 德
    assert keys("巴方怎么看？") == ["BRA"]  # the records' Brazil, not Pakistan or Panama
    assert keys("巴方怎么看？", Entities([])) == []  # ambiguous without the records
    assert keys("西方国家的制裁和双方的立场") == []  # the West, both sides


def test_an_x_fang_inside_a_longer_word_is_no_side():
    # 冲突方面 is 冲突 / 方面 and 冲突方 is 冲突 / 方: neither 突方 is Tunisia's side
    tunisia = Entities(["突尼斯", "中国"])
    assert keys("发言者在预防冲突方面强调了什么？", tunisia) == []
    assert keys("冲突方是否同意停火？", tunisia) == []
    assert keys("突方在冲突方面怎么看？", tunisia) == ["TUN"]


def test_a_word_of_a_form_of_state_names_no_country():
    # "principal" is not Monaco's Principality, nor "Federation" Brazil's Federative Republic
    assert keys("Which principal organs were named, and what did the Russian Federation say?") == ["RUS"]
    assert keys("Did the grand plan mention an independent commonwealth?") == []


def test_a_first_word_that_starts_several_names_needs_the_whole_name():
    # "French" starts French Guiana's and French Polynesia's names as well as the French Republic's
    assert keys("What did the French delegate say?", Entities([]))[0] == "FRA"
    assert "GUF" not in keys("What did the French delegate say?", Entities([]))
    assert keys("What did French Guiana say?", Entities([])) == ["GUF"]
    assert keys("What did the British delegate say?", Entities([])) == []  # no British Virgin Islands


def test_everyday_names_and_a_unions_chinese_short_name():
    e = Entities(["欧洲联盟", "联合王国"])
    assert [x.key for x in e.in_text("How did Britain describe the panel?")] == ["GBR"]
    assert [x.name for x in e.in_text("欧盟对决议草案持什么立场？")] == ["欧洲联盟"]
