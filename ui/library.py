"""The library on the chat page: the list of documents (symbol, title, kind, language versions with their
provenance, date, passages) and the choices of the filter that narrows what the chat and the briefing search.

Written by hand (HTML strings, as ui/render.py): Gradio has no component for a document list with escaped cells and
language labels; every piece of text from a document is escaped.
"""
from __future__ import annotations

from typing import Mapping

from rag.documents.catalogue import CatalogueEntry, entry
from rag.documents.versions import LANGUAGE_NAMES
from rag.types import DocumentVersions
from ui.render import esc

KIND_NAMES = {
    "letter": "信函 Letter",
    "verbatim_record": "逐字记录 Verbatim record",
    "resolution": "决议 Resolution",
    "presidential_statement": "主席声明 Presidential statement",
    "report": "报告 Report",
    "other": "其他 Other",
}
PROVENANCE_NAMES = {"official": "official", "unofficial": "unofficial", "machine": "machine translation"}


def _versions_cell(e: CatalogueEntry) -> str:
    out = []
    for v in e.versions:
        name = LANGUAGE_NAMES.get(v.language, v.language)
        out.append(f'<span class="lib-version" title="sha256 {esc(v.sha256)}">{esc(name)} '
                   f'<span class="lib-prov">({esc(PROVENANCE_NAMES.get(v.provenance, v.provenance))})</span></span>')
    return ", ".join(out)


def library_html(library: Mapping[str, DocumentVersions]) -> str:
    """Every document of the library, in library order (the project's own first)."""
    rows = []
    for versions in library.values():
        e = entry(versions)
        rows.append(
            f'<tr class="lib-doc" data-symbol="{esc(e.symbol)}"><td class="lib-symbol">{esc(e.symbol)}</td>'
            f'<td class="lib-title" lang="{esc(versions.original.language)}">{esc(e.title)}</td>'
            f'<td class="lib-kind">{esc(KIND_NAMES.get(e.kind, e.kind))}</td>'
            f'<td class="lib-langs">{_versions_cell(e)}</td><td class="lib-date">{esc(e.date)}</td>'
            f'<td class="lib-passages">{e.passages}</td></tr>')
    head = ("<tr><th scope=\"col\">文号 Symbol</th><th scope=\"col\">标题 Title</th><th scope=\"col\">类别 Kind</th>"
            "<th scope=\"col\">语言版本 Languages</th><th scope=\"col\">日期 Date</th><th scope=\"col\">段落 Passages</th></tr>")
    caption = f"文件库 Library · {len(rows)} document{'s' if len(rows) != 1 else ''}"
    return (f'<table class="library"><caption>{esc(caption)}</caption><thead>{head}</thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def document_choices(library: Mapping[str, DocumentVersions], title_chars: int = 48) -> list[tuple[str, str]]:
    """(what the filter shows, the symbol) for every document: "S/PV.9001 · Maintenance of international…"."""
    out = []
    for symbol, versions in library.items():
        title = versions.original.title
        short = title if len(title) <= title_chars else title[: title_chars - 1] + "…"
        out.append((f"{symbol} · {short}" if short else symbol, symbol))
    return out


def searched(library: Mapping[str, DocumentVersions], chosen: list[str] | None) -> list[str] | None:
    """The symbols the person chose that the library holds (None: the whole library)."""
    kept = [s for s in chosen or [] if s in library]
    return kept or None

