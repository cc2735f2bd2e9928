"""The layout of a verbatim record (S/PV) in English and Chinese: its cover block, speaker lines, procedural lines
and the languages of speeches, as patterns and word lists (../shared/reference/un-documents.md, "Verbatim record").

Written by hand, as a UN convention no library knows. Speaker lines it reads:
  English  "The President:", "The President (spoke in Spanish):", "The Secretary-General:",
           "Mr. Surname (Country):", "Ms. Surname (Country) (spoke in French):", "Mr. Surname (European Union):",
           "Sir Name Surname (United Kingdom of Great Britain and Northern Ireland):", "Mr. Name:" (a briefer),
           a country with its own brackets ("Bolivia (Plurinational State of)");
  Chinese  "主席(以英语发言)：", "秘书长(以法语发言)：", "某某先生(巴西)(以西班牙语发言)：", "某某女士(法国)：",
           with 先生/女士/夫人/小姐/阁下, full- or half-width brackets and colons.
"""
from __future__ import annotations

import re

from rag.types import Speaker

_TITLES = r"(?:Mr|Ms|Mrs|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Baroness|Baron|Sheikh|Sheikha|Prince|Princess|Archbishop|Cardinal|Monsignor|Judge|General)"
_NESTED = r"[^()（）\n]+(?:[(（][^()（）\n]*[)）][^()（）\n]*)?"  # "Bolivia (Plurinational State of)"
_PARTICLE = r"(?:de|da|das|del|della|der|den|di|do|dos|du|la|le|van|von|ter|bin|ibn|al|el|y|e)"
_NAME_WORD = r"(?:[A-ZÀ-ÞĀ-Ž][\w'’\-]*|" + _PARTICLE + r")"
_NAME = rf"[A-ZÀ-ÞĀ-Ž][\w'’\-]*(?:\s+{_NAME_WORD}){{0,6}}"
_ROLE_EN = r"(?:The\s+)?(?:Acting\s+)?(?:President|(?:Deputy\s+)?Secretary-General)"
SPEAKER_EN = re.compile(
    rf"^\s*(?P<who>{_ROLE_EN}|{_TITLES}\.?\s+{_NAME})\s*"
    rf"(?:\((?!(?:spoke|speaking|interpretation)\s)(?P<country>{_NESTED})\)\s*)?"
    r"(?:\((?:(?:spoke|speaking)\s+in|interpretation\s+from)\s+(?P<lang>[A-Z][a-z]+)\)\s*)?[:：]\s*(?P<rest>.*)$",
    re.S,
)
_ROLE_ZH = r"(?:代理)?(?:主席|(?:常务)?副秘书长|秘书长)"
SPEAKER_ZH = re.compile(
    rf"^\s*(?P<who>{_ROLE_ZH}|[^\s()（）：:，。；、\n]{{1,24}}?(?:先生|女士|夫人|小姐|阁下|勋爵|爵士|大使))\s*"
    rf"(?:[(（](?!以)(?P<country>{_NESTED})[)）]\s*)?"
    r"(?:[(（]\s*以(?P<lang>[^()（）\s]{1,8}?)发言\s*[)）]\s*)?[：:]\s*(?P<rest>.*)$",
    re.S,
)
# The language a Chinese record names ("以法语发言"), in English, so that both versions of a turn agree.
ZH_LANGUAGES = {"英语": "English", "法语": "French", "西班牙语": "Spanish", "俄语": "Russian", "阿拉伯语": "Arabic",
                "中文": "Chinese", "汉语": "Chinese", "葡萄牙语": "Portuguese", "德语": "German"}
# A speech without a note was given in the record's own language.
RECORD_LANGUAGE = {"en": "English", "zh": "Chinese"}
PRESIDENT = {"en": "The President", "zh": "主席"}
SECRETARY_GENERAL = {"en": "The Secretary-General", "zh": "秘书长"}
# The speakers a record names by their office, as each language's speaker line writes it; the longer office first
# (秘书长 is inside 常务副秘书长).
OFFICES = (("The Deputy Secretary-General", "常务副秘书长"), ("The Secretary-General", "秘书长"),
           ("The President", "主席"))

CAPACITY_EN = re.compile(r"(?i:in my (?:national )?capacity as (?:the )?representative of )(?:the )?(?P<country>[A-Z][^.,;:]{1,80}?)"
                         r"(?=\s*[.,;:]|\s+(?:and|to|on|in|I)\b)")
CAPACITY_ZH = re.compile(r"以(?P<country>[^，。；、\s]{1,30}?)代表的身份")

# Lines that are the record's proceedings, not anyone's turn.
PROCEDURAL = re.compile(
    r"^\s*(?:The meeting (?:was called to order|rose|was suspended|was resumed|resumed)\b"
    r"|The agenda was adopted|Adoption of the agenda\s*$|A vote was taken|(?:In favour|Against|Abstaining|Abstentions?)\s*[:：]"
    r"|(?:上午|下午|晚上|中午)?\s*\d{1,2}\s*时\s*(?:\d{1,2}\s*分\s*)?(?:宣布)?(?:开会|散会|复会|暂停|休会)"
    r"|会议(?:于.{0,20})?(?:暂停|复会|散会)|议程通过|通过议程\s*$|(?:以举手方式)?进行了表决|(?:赞成|反对|弃权)\s*[:：])"
)
VOTE = re.compile(r"^\s*(?:In favour|Against|Abstaining|Abstentions?|赞成|反对|弃权)\s*[:：]")
AGENDA = re.compile(r"^\s*(?:Agenda|议\s*程)\s*$")
RECORD_NOTE = re.compile(r"This record contains|Corrections should be|本记录|更正应|更正请|Official Records")
MEETING_EN = re.compile(r"\b(\d{3,5})(?:st|nd|rd|th)\s+meeting\b")
MEETING_ZH = re.compile(r"第\s*(\d{3,5})\s*次会议")
PRESIDENT_LINE = re.compile(r"^\s*(?:President|主\s*席)\s*[:：]\s*(?P<rest>.*)$")
MEMBERS_LINE = re.compile(r"^\s*(?:Members|成\s*员)\s*[:：]\s*(?P<rest>.*)$")
# Dot leaders of any length between a country and a name: ". . . .", "......", "……", "．．．", "・・・".
LEADER = re.compile(r"\s*(?:[.．…·・‥]\s*){2,}")
_BRACKETED_TAIL = re.compile(r"[(（](?P<country>" + _NESTED + r")[)）]\s*$")


def speaker_line(paragraph: str, language: str) -> tuple[Speaker, str] | None:
    """The speaker a paragraph opens with and the speech after the colon ("" when the speech starts in the next
    paragraph), or None when it opens no turn."""
    m = (SPEAKER_ZH if language == "zh" else SPEAKER_EN).match(paragraph)
    if not m or not m.group("rest").strip() and "\n" in paragraph.strip():
        return None
    who = re.sub(r"\s+", " ", m.group("who")).strip()
    lang = m.group("lang")
    lang = ZH_LANGUAGES.get(lang, lang) if language == "zh" and lang else lang or RECORD_LANGUAGE[language]
    if language == "en" and re.fullmatch(_ROLE_EN, who):
        who = who if who.startswith("The ") else f"The {who}"
    country = re.sub(r"\s+", " ", m.group("country")).strip() if m.group("country") else None
    return Speaker(who, country, lang), m.group("rest").strip()


def starts_turn(line: str, language: str) -> bool:
    return speaker_line(line, language) is not None or bool(PROCEDURAL.match(line))


def capacity_country(text: str, language: str) -> str | None:
    """The country the President speaks for ("in my capacity as the representative of Sweden"), if said."""
    m = (CAPACITY_ZH if language == "zh" else CAPACITY_EN).search(text)
    return m.group("country").strip() if m else None


def president_entry(rest: str) -> Speaker | None:
    """ "Mr. Skoog ........ (Sweden)" / "某某女士 …………（瑞典）" -> Speaker(name, country)."""
    rest = LEADER.sub(" ", rest).strip()
    m = _BRACKETED_TAIL.search(rest)
    if not m:
        return Speaker(rest) if rest else None
    return Speaker(re.sub(r"\s+", " ", rest[:m.start()]).strip(), re.sub(r"\s+", " ", m.group("country")).strip())


def member_entry(line: str) -> Speaker | None:
    """ "China . . . . . Mr. Liu Jieyi" / "中国 ………… 某某先生" -> Speaker(representative, country)."""
    parts = [p.strip() for p in LEADER.split(line.strip(), maxsplit=1)]
    if len(parts) != 2:  # no dot leaders: columns set apart by a run of spaces or a tab
        parts = [p.strip() for p in re.split(r"\s{3,}|\t+|\u3000+", line.strip(), maxsplit=1)]
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return None
    return Speaker(re.sub(r"\s+", " ", parts[1]), re.sub(r"\s+", " ", parts[0]))
