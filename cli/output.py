"""What the command line prints for people (JSON goes out as the library's `to_dict`): an answer with its sources,
the evaluation table, the outline."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from rag.types import Answer, Document

out = Console()
err = Console(stderr=True)

EVAL_METRICS = ["questions", "hit@1", "recall@3", "mrr", "document_hit@1", "document_recall@3", "document_mrr",
                "other_document_first", "facts_found", "refusals_right", "false_refusals",
                "answered_from_other_documents", "citations_verified", "in_question_language", "median_seconds",
                "p90_seconds", "median_first_token_seconds"]


def print_answer(answer: Answer) -> None:
    """Readable answer: the text, then each cited source with its label and quoted sentence."""
    style = "bold" if answer.answered else "bold yellow"
    out.print(answer.answer, style=style, highlight=False)
    if answer.notice:
        err.print(f"[yellow]{answer.notice}[/]", highlight=False)
    if answer.citations:
        out.print("\nSources:", style="dim")
        for c in answer.citations:
            out.print(f" [{c.n}] {c.passage.label}", style="cyan", highlight=False, markup=False)
            out.print(f"     “{c.quote}”", highlight=False, markup=False)


def print_scores(title: str, report: dict) -> None:
    """The evaluation table: one row per metric, one column per language and all."""
    table = Table(title=title)
    table.add_column("metric")
    langs = [lang for lang in ("zh", "en", "all") if lang in report]
    for lang in langs:
        table.add_column(lang, justify="right")
    for m in EVAL_METRICS:
        table.add_row(m, *[str(report[lang][m]) for lang in langs])
    out.print(table)


def print_outline(doc: Document) -> None:
    out.print(f"[bold]{doc.id}[/]  {doc.date}  {doc.title}", highlight=False)
    if doc.note:
        out.print(doc.note, style="yellow", highlight=False)
    for section in doc.walk():
        depth = section.number.count(".")
        out.print(f"{'  ' * depth}§{section.number} {section.title}  ({len(section.paragraphs)} ¶)", highlight=False)
