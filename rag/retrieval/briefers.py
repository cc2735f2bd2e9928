"""The offices of a record's briefers, as the President introduces them: "In accordance with rule 39 of the
Council's provisional rules of procedure, I invite the following briefers to participate in this meeting: Ms. Ilona
Varga, Assistant Secretary-General for Africa …; and Mr. Kwame Mensah-Bonsu, Executive Secretary of …" / "根据安理会
暂行议事规则第 39 条，我邀请以下通报人参加本次会议：负责经济和社会事务副秘书长阿马杜·萨尔先生；以及…执行主任卡迪贾·穆萨女士。"
Their turns name them only ("Ms. Varga:", "萨尔先生："), so "What did the Assistant Secretary-General say…?" /
"副秘书长说了什么？" finds their turns through these offices (rag/retrieval/speakers.py).

Written by hand: the invitation is the UN's fixed wording (../shared/reference/un-documents.md); an English office
is the title before its "for" / "of" ("Assistant Secretary-General", "Executive Secretary") and any joined to it by
"and" ("… and Emergency Relief Coordinator"), a Chinese one each head of the title from a closed class of UN offices
(副秘书长, 执行主任, 特别代表, 兼 高级代表…).
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from rag.analysis.text import squash_office
from rag.types import Passage

_INVITES = [re.compile(p, re.IGNORECASE) for p in (
    r"I\s+(?:also\s+)?invite\s+the\s+following\s+\w+\s+to\s+participate\s+in\s+(?:this|the)\s+meeting\s*:\s*(?P<list>.+)",
    r"I\s+(?:also\s+)?invite\s+(?P<list>(?:Mr|Ms|Mrs|Miss|Dr|Sir|Dame)\.?\s+.+?),?\s+to\s+participate\s+in\s+(?:this|the)"
    r"\s+meeting",
    r"我邀请(?:以下|下列)\S*?参加(?:本次|这次)?会议[:：]\s*(?P<list>[^。]+)",
    r"我邀请(?P<list>[^。，：:]+?)参加(?:本次|这次)?会议")]
_ITEMS = re.compile(r"\s*[;；]\s*(?:and\s+|以及|和)?")
_EN_OFFICE = re.compile(r",\s*(?P<office>(?:[A-Z][\w-]*\s+){0,3}?[A-Z][\w-]*)(?:\s+(?:for|of|on|in|to)\b|[,.;]|$)")
# A second office joined to the first: "Under-Secretary-General for Humanitarian Affairs and Emergency Relief
# Coordinator".
_EN_MORE = re.compile(r"\band\s+(?P<office>(?:[A-Z][\w-]*\s+){0,3}?[A-Z][\w-]*)(?=\s+(?:for|of|on|in|to)\b|\s*[,.;]|\s*$)")
_ZH_OFFICE = re.compile(r"(?:助理秘书长|副秘书长|常务副秘书长|秘书长特别代表|特别代表|高级代表|特使|高级专员|执行主任|执行秘书|总干事"
                        r"|署长|协调员|主席|主任|顾问|专员)")
# The UN's offices in both languages (its terminology: UNTERM), so that either language's question finds them.
_BOTH = {"助理秘书长": "Assistant Secretary-General", "副秘书长": "Under-Secretary-General",
         "常务副秘书长": "Deputy Secretary-General", "特别代表": "Special Representative", "高级代表": "High Representative",
         "特使": "Special Envoy",
         "高级专员": "High Commissioner", "执行主任": "Executive Director", "执行秘书": "Executive Secretary",
         "总干事": "Director-General", "署长": "Administrator", "协调员": "Coordinator", "专员": "Commissioner"}
_BOTH.update({en: zh for zh, en in list(_BOTH.items())})
# The honorific before or after a speaker's name in a turn ("Ms. Varga", "萨尔先生"); speakers.py strips it too.
HONORIFIC = re.compile(r"^(?:Mr|Ms|Mrs|Miss|Sir|Dame|Dr|H\.E\.)\.?\s+|(?:先生|女士|夫人|小姐)$")


def office_names() -> list[tuple[str, str]]:
    """The UN offices of the table, (English, Chinese), and the bodies' names and acronyms."""
    return [(en, zh) for zh, en in _BOTH.items() if re.search(r"[\u4e00-\u9fff]", zh)] + [
        (" ".join(f for f in forms if not re.search(r"[\u4e00-\u9fff]", f)), "") for forms in _BODIES]


def _other(office: str) -> tuple[str, ...]:
    """The office in the other language, when the table has it."""
    key = next((k for k in _BOTH if squash_office(k) == squash_office(office)), None)
    return (_BOTH[key],) if key else ()


def briefer_offices(passages: Iterable[Passage]) -> dict[str, tuple[str, ...]]:
    """Per speaker without a country (a briefer), the offices the record's invitation gives them, in both languages
    where the table has them (compare them with `squash_office`)."""
    out: dict[str, list[str]] = {}
    for name, _, offices in _introduced(passages):
        out.setdefault(name, []).extend(x for o in offices for x in (o, *_other(o)))
    return {name: tuple(dict.fromkeys(offices)) for name, offices in out.items() if offices}


def briefer_titles(passages: Iterable[Passage]) -> dict[str, str]:
    """Per briefer, their whole title as the invitation gives it ("Executive Director of the United Nations Office
    on Drugs and Crime", 联合国毒品和犯罪问题办公室执行主任): which Executive Director a question means."""
    return {name: item for name, item, offices in _introduced(passages) if offices}


def qualifier(question: str, office: str) -> str:
    """What a question says of whose office it means: "the Executive Director of the World Food Programme" ->
    "World Food Programme", 世界粮食计划署执行主任 -> 世界粮食计划署; "" when nothing."""
    if re.search(r"[\u4e00-\u9fff]", office):
        before = question[:question.find(office)] if office in question else ""
        m = re.search(r"([\u4e00-\u9fff]{2,16}?)(?:的)?$", re.split(r"[，。；：、？！\s]|对|就|说|和", before)[-1])
        return m.group(1) if m and not re.fullmatch(r"(?:负责|联合国)?", m.group(1)) else ""
    m = re.search(re.escape(office) + r"\s+(?:of|for|on)\s+(?:the\s+)?(?P<q>[A-Z][\w-]*(?:\s+(?:of|on|and|for|the|"
                  r"[A-Z][\w-]*))*)", question, re.IGNORECASE)
    after = m.group("q") if m else ""
    b = re.search(r"(?P<q>(?:\b[A-Z][\w-]*\s+)+)" + re.escape(office), question)  # "the Council President", "ICRC …"
    before = " ".join(w for w in (b.group("q").split() if b else []) if w.lower() not in _QUESTION_WORDS)
    return " ".join(x for x in (before, after) if x)


# The UN bodies whose heads brief the Council, by their names in both languages and their acronyms (UNTERM), so
# that "the Executive Director of UNODC" is known for the one whose invitation reads 联合国毒品和犯罪问题办公室执行主任.
_BODIES = (
    ("United Nations Office on Drugs and Crime", "UNODC", "毒品和犯罪问题办公室"),
    ("World Food Programme", "WFP", "世界粮食计划署", "粮食署"),
    ("United Nations Children's Fund", "UNICEF", "联合国儿童基金会", "儿基会"),
    ("Office for the Coordination of Humanitarian Affairs", "OCHA", "人道主义事务协调厅"),
    ("High Commissioner for Refugees", "UNHCR", "难民事务高级专员", "难民署"),
    ("High Commissioner for Human Rights", "OHCHR", "人权事务高级专员", "人权高专办"),
    ("World Health Organization", "WHO", "世界卫生组织", "世卫组织"),
    ("United Nations Development Programme", "UNDP", "开发计划署", "开发署"),
    ("UN-Women", "UN Women", "促进性别平等和增强妇女权能署", "妇女署"),
    ("Office for Disarmament Affairs", "UNODA", "裁军事务厅"),
    ("Department of Peace Operations", "DPO", "和平行动部"),
    ("Political and Peacebuilding Affairs", "DPPA", "政治和建设和平事务"),
    ("International Committee of the Red Cross", "ICRC", "红十字国际委员会"),
    ("Food and Agriculture Organization", "FAO", "粮食及农业组织", "粮农组织"),
    ("International Organization for Migration", "IOM", "国际移民组织"),
    ("United Nations Environment Programme", "UNEP", "环境规划署", "环境署"),
    ("United Nations Population Fund", "UNFPA", "人口基金"),
    ("International Atomic Energy Agency", "IAEA", "国际原子能机构"),
    ("Peacebuilding Commission", "PBC", "建设和平委员会"),
)


def _bodies(text: str) -> set[int]:
    """The UN bodies (`_BODIES` rows) a text names, by any of their names or acronyms."""
    squashed = squash_office(text)
    return {i for i, forms in enumerate(_BODIES) for f in forms
            if (squash_office(f) in squashed if not f.isupper() else re.search(rf"\b{re.escape(f)}\b", text))}


_QUESTION_WORDS = {"what", "how", "did", "does", "do", "why", "when", "where", "which", "who", "the", "was", "is",
                   "has", "had", "according", "to", "in", "view", "of"}


def fits(qualified: str, title: str) -> bool:
    """Whether a title is the one the question's qualifier names: both name the same UN body (`_BODIES`, in
    either language), or, in the same script, most of its words (English, four letters or more) or characters
    (Chinese) are in the title. In the other script, of a body the table does not know, it cannot be told, and the
    title is not taken: a wrong speaker must never be quoted."""
    if not qualified:
        return True
    asked, held = _bodies(qualified), _bodies(title)
    if asked:
        return bool(asked & held)
    chinese = bool(re.search(r"[\u4e00-\u9fff]", qualified))
    if chinese != bool(re.search(r"[\u4e00-\u9fff]", title)):
        return False
    parts = list(qualified) if chinese else [w.lower() for w in re.findall(r"[A-Za-z]{4,}", qualified)]
    return not parts or sum(x in title.lower() for x in parts) / len(parts) >= 0.6


def _introduced(passages: Iterable[Passage]) -> Iterator[tuple[str, str, list[str]]]:
    """(briefer's name, their invitation item, its offices) for each briefer the invitations introduce."""
    passages = list(passages)
    names = {p.speaker.name for p in passages if p.speaker and not p.speaker.country}
    for p in passages:
        lists = [m.group("list").rstrip("。.") for pattern in _INVITES for m in pattern.finditer(p.text)]
        for item in (item for found in lists for item in _ITEMS.split(found)):
            for name in names:
                surname = HONORIFIC.sub("", name).strip()
                chinese = bool(re.search(r"[\u4e00-\u9fff]", surname))
                if (chinese and name not in item) or (not chinese and (len(surname) < 2 or surname not in item)):
                    continue  # a Chinese turn's name is the invitation's last words: 萨尔先生 in 阿马杜·萨尔先生
                if chinese:  # every office of the title: 副秘书长兼高级代表
                    offices = _ZH_OFFICE.findall(item[:item.index(name)].rsplit("、", 1)[-1])
                else:
                    found = _EN_OFFICE.search(item)
                    offices = [found.group("office")] + [m.group("office") for m in _EN_MORE.finditer(
                        item, found.end())] if found else []
                yield name, item, offices
