"""The offices of a record's briefers, as the President introduces them: "In accordance with rule 39 of the
Council's provisional rules of procedure, I invite the following briefers to participate in this meeting: Ms. Ilona
Varga, Assistant Secretary-General for Africa …; and Mr. Kwame Mensah-Bonsu, Executive Secretary of …" / "根据安理会
暂行议事规则第 39 条，我邀请以下通报人参加本次会议：负责经济和社会事务副秘书长阿马杜·萨尔先生；以及…执行主任卡迪贾·穆萨女士。"
Their turns name them only ("Ms. Varga:", "萨尔先生："), so "What did the Assistant Secretary-General say…?" /
"副秘书长说了什么？" finds their turns through these offices (rag/retrieval/speakers.py).

Written by hand: the invitation is the UN's fixed wording (../shared/reference/un-documents.md); an English office
is the title before its "for" / "of" ("Assistant Secretary-General", "Executive Secretary"), a Chinese one the
title's head from a closed class of UN offices (副秘书长, 执行主任, 特别代表…).
"""
from __future__ import annotations

import re
from typing import Iterable

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
_ZH_OFFICE = re.compile(r"(?:助理秘书长|副秘书长|常务副秘书长|秘书长特别代表|特别代表|特使|高级专员|执行主任|执行秘书|总干事"
                        r"|署长|协调员|主席|主任|顾问|专员)")
# The UN's offices in both languages (its terminology: UNTERM), so that either language's question finds them.
_BOTH = {"助理秘书长": "Assistant Secretary-General", "副秘书长": "Under-Secretary-General",
         "常务副秘书长": "Deputy Secretary-General", "特别代表": "Special Representative", "特使": "Special Envoy",
         "高级专员": "High Commissioner", "执行主任": "Executive Director", "执行秘书": "Executive Secretary",
         "总干事": "Director-General", "署长": "Administrator", "协调员": "Coordinator", "专员": "Commissioner"}
_BOTH.update({en: zh for zh, en in list(_BOTH.items())})
# The honorific before or after a speaker's name in a turn ("Ms. Varga", "萨尔先生"); speakers.py strips it too.
HONORIFIC = re.compile(r"^(?:Mr|Ms|Mrs|Miss|Sir|Dame|Dr|H\.E\.)\.?\s+|(?:先生|女士|夫人|小姐)$")


def _other(office: str) -> tuple[str, ...]:
    """The office in the other language, when the table has it."""
    key = next((k for k in _BOTH if squash_office(k) == squash_office(office)), None)
    return (_BOTH[key],) if key else ()


def briefer_offices(passages: Iterable[Passage]) -> dict[str, tuple[str, ...]]:
    """Per speaker without a country (a briefer), the offices the record's invitation gives them, in both languages
    where the table has them (compare them with `squash_office`)."""
    passages = list(passages)
    names = {p.speaker.name for p in passages if p.speaker and not p.speaker.country}
    out: dict[str, list[str]] = {}
    for p in passages:
        lists = [m.group("list").rstrip("。.") for pattern in _INVITES for m in pattern.finditer(p.text)]
        for item in (item for found in lists for item in _ITEMS.split(found)):
            for name in names:
                surname = HONORIFIC.sub("", name).strip()
                chinese = bool(re.search(r"[\u4e00-\u9fff]", surname))
                if (chinese and name not in item) or (not chinese and (len(surname) < 2 or surname not in item)):
                    continue  # a Chinese turn's name is the invitation's last words: 萨尔先生 in 阿马杜·萨尔先生
                if chinese:
                    offices = _ZH_OFFICE.findall(item[:item.index(name)])[-1:]
                else:
                    found = _EN_OFFICE.search(item)
                    offices = [found.group("office")] if found else []
                out.setdefault(name, []).extend(x for o in offices for x in (o, *_other(o)))
    return {name: tuple(dict.fromkeys(offices)) for name, offices in out.items() if offices}
