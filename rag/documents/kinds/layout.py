"""Patterns shared by every kind of UN document, as its PDF's text layer shows them (../shared/reference/
un-documents.md): document symbols, dates in English and Chinese, the first page's cover lines ("United Nations",
"Distr.: General", "Original: English") and the page furniture of later pages (job numbers such as
`17-01234 (E)`, `page/pages` counters, barcodes, form feeds).

Written by hand: these are the UN's own layout conventions, which no library knows; they are kept here, in one
place, so that a kind's module only holds what is its own.
"""
from __future__ import annotations

import re

# A symbol: S/2017/105, S/PV.7857, S/PV.7857 (Resumption 1), S/RES/2334 (2016), S/PRST/2017/2, with /Rev.1, /Corr.1,
# /Add.1. Brackets may be full-width in a Chinese text layer; "续会1" is read as "Resumption 1".
_SUFFIX = r"(?:\s*/\s*(?:Rev|Corr|Add|Amend)\.\s*\d+)*"
SYMBOL = re.compile(
    r"S\s*/\s*(?:"
    r"PV\.\s*(?P<pv>\d{3,5})(?P<pvsuf>" + _SUFFIX + r")(?:\s*[(（]\s*(?:Resumption|续会)\s*(?P<resumption>\d+)\s*[)）])?"
    r"|RES\s*/\s*(?P<res>\d{1,5})\s*[(（]\s*(?P<resyear>\d{4})\s*[)）]"
    r"|PRST\s*/\s*(?P<prstyear>\d{4})\s*/\s*(?P<prst>\d+)"
    r"|(?P<year>(?:19|20)\d\d)\s*/\s*(?P<n>\d{1,5})"
    r")(?P<suffix>" + _SUFFIX + r")"
)


def normal_symbol(m: re.Match) -> str:
    """The symbol of a SYMBOL match in its canonical spelling: "S/PV.7857 (Resumption 1)", "S/RES/2334 (2016)"."""
    suffix = re.sub(r"\s+", "", (m.group("pvsuf") or "") + (m.group("suffix") or ""))
    if m.group("pv"):
        base = f"S/PV.{m.group('pv')}{suffix}"
        return base + (f" (Resumption {m.group('resumption')})" if m.group("resumption") else "")
    if m.group("res"):
        return f"S/RES/{m.group('res')} ({m.group('resyear')}){suffix}"
    if m.group("prst"):
        return f"S/PRST/{m.group('prstyear')}/{m.group('prst')}{suffix}"
    return f"S/{m.group('year')}/{m.group('n')}{suffix}"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
EN_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s*,?\s+((?:19|20)\d\d)\b")
EN_DATE_US = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2}),\s+((?:19|20)\d\d)\b")
ZH_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")  # a running header's dd/mm/yyyy


def find_date(text: str) -> tuple[str, int] | None:
    """The first date in `text` as (ISO yyyy-mm-dd, its offset), in either language's spelling."""
    found = []
    for m in EN_DATE.finditer(text):
        found.append((f"{m.group(3)}-{MONTHS.index(m.group(2)) + 1:02d}-{int(m.group(1)):02d}", m.start()))
        break
    for m in EN_DATE_US.finditer(text):
        found.append((f"{m.group(3)}-{MONTHS.index(m.group(1)) + 1:02d}-{int(m.group(2)):02d}", m.start()))
        break
    for m in ZH_DATE.finditer(text):
        found.append((f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", m.start()))
        break
    valid = [(iso, at) for iso, at in found if 1 <= int(iso[5:7]) <= 12 and 1 <= int(iso[8:10]) <= 31]
    return min(valid, key=lambda f: f[1]) if valid else None


# Page furniture: a job number ("17-01234 (E)", "17-01234"), a barcode ("*1701234*"), a page counter ("3/34",
# "Page 3", "第 3 页"), alone or together on one line; "GE.17-01234" too.
_JOB_NUMBER = r"(?:GE\.)?\d{2}-\d{4,6}\s*(?:[(（]\s*[A-Z]\s*[)）])?"
_FURNITURE_PART = (_JOB_NUMBER + r"|\*\s*\d{5,9}\s*\*|\d{1,4}\s*/\s*\d{1,4}"
                   r"|[Pp]age\s+\d+(?:\s+of\s+\d+)?|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|[-–—]\s*\d{1,4}\s*[-–—]")
# ... or the page's number beside the job number, before it or after it ("2     26-11452", "26-11452    3")
FURNITURE = re.compile(rf"^\s*(?:(?:{_FURNITURE_PART})(?:\s+(?:{_FURNITURE_PART}))*"
                       rf"|\d{{1,4}}\s+{_JOB_NUMBER}|{_JOB_NUMBER}\s+\d{{1,4}})\s*$")
# A bare page number on a line of its own is furniture only where a page break can be (checked by the reader).
PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")

# Lines of the first page's cover block, in either language: dropped from the body.
COVER_LINE = re.compile(
    r"^\s*(?:United Nations|联\s*合\s*国|Security Council|安全理事会|安\s*全\s*理\s*事\s*会|Distr\.?\s*[:：]\s*\w+"
    r"|Original\s*[:：]\s*\w+|原\s*文\s*[:：]\s*\S+|Chinese|English|中文|英文|Provisional|临\s*时"
    r"|General Assembly|大会|Limited|限制分发|Restricted)\s*$"
)

# What ends a sentence or a block: a line that stops with one of these does not run on across a page break.
TERMINAL = tuple(".。!！?？:：;；")
CLOSERS = "”’\"')）」』】"


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(CLOSERS)
    return stripped.endswith(TERMINAL)


CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]")
