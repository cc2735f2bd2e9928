"""Which composer writes the answers: by backend name (`make_composer`), and the answer modes a chat offers
(`answer_modes`: the default first) with a sentence saying which one is in use (`mode_status`).

Backends (`RAG_BACKEND` / `--backend`): extractive (the default), auto, local (the GGUF in this process), openai,
ollama; see rag/llm/backends.py. `auto` is the local model once `make setup-llm` has prepared it, and otherwise the
quoted composer whose `mode` says why ("extractive (fallback: local model not prepared)"); the reason is kept in its
`unavailable` attribute for a UI or CLI to show once.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from rag.answers.composer import Composer, is_generative
from rag.answers.quoted import QuotedComposer
from rag.config import BACKENDS, Settings

if TYPE_CHECKING:  # pragma: no cover
    from rag.pipeline import RagPipeline

AUTO_FALLBACK_MODE = "extractive (fallback: local model not prepared)"
EXTRACTIVE_LABEL = "摘录 Extractive (quoted sentences)"


def generated_label(backend: str) -> str:
    return f"生成 Generated ({backend} model, verified citations)"


def make_composer(backend: str | None, settings: Settings, *, encoders: Callable[[], dict] | None = None) -> Composer:
    """The composer for a backend name (None: `settings.backend`); raises ValueError for an unknown name.
    `encoders` returns the retriever's encoders (used, lazily, to check English sentences against Chinese text)."""
    from rag.llm.backends import check_backend

    name = (backend or settings.backend or "auto").strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; choose one of: {', '.join(BACKENDS)}")
    if name == "auto":
        reason = check_backend("local", settings)
        if reason:
            return QuotedComposer(mode=AUTO_FALLBACK_MODE, unavailable=reason)
        name = "local"
    if name == "extractive":
        return QuotedComposer()
    from rag.llm.generate import GenerativeComposer, use_embedder

    return GenerativeComposer(settings, name, embed=use_embedder(encoders) if encoders else None)


def answer_modes(pipeline: "RagPipeline") -> dict[str, Composer]:
    """Label -> composer, the default first: the pipeline's composer, then the other kind when it can run here
    (quoted answers always can; generated ones when the local model is prepared)."""
    main = pipeline.composer
    if is_generative(main):
        return {generated_label(main.backend): main, EXTRACTIVE_LABEL: QuotedComposer()}
    modes: dict[str, Composer] = {EXTRACTIVE_LABEL: main}
    from rag.llm.backends import check_backend

    if not main.unavailable and check_backend("local", pipeline.settings) is None:
        modes[generated_label("local")] = make_composer("local", pipeline.settings, encoders=lambda: pipeline.encoders)
    return modes


def mode_status(composer: Composer) -> tuple[str, str]:
    """(kind, sentence) describing how answers are made: kind is 'generated', 'extractive' or 'off' (quoted
    because the generative backend is not there)."""
    if is_generative(composer):
        return "generated", (f"Answers are written by the {composer.backend} model in the question's language; every "
                             "sentence is checked against the paragraph it cites. Switch to quotes in Settings.")
    if composer.unavailable:
        return "off", f"Answers quote the document (extractive): generated answers are off because {composer.unavailable}."
    return "extractive", ("Answers quote the document's own sentences, in your language (extractive mode, the "
                          "default: it finds more of the asked facts than the local model).")
