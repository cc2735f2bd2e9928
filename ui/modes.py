"""The answer modes the chat offers (Settings → Answer mode) and the status line that says which one is in use."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rag.answers.composer import Answerer
from rag.conversation.turn import is_generative
from rag.answers.quoted import ExtractiveAnswerer

if TYPE_CHECKING:  # pragma: no cover
    from rag.pipeline import RagPipeline

EXTRACTIVE_LABEL = "摘录 Extractive (quoted sentences)"


def generated_label(backend: str) -> str:
    return f"生成 Generated ({backend} model, verified citations)"


def answer_modes(pipeline: "RagPipeline") -> dict[str, Answerer]:
    """Label -> answerer, the default first: the pipeline's answerer, then the other kind when it can run here (the
    quoted answers always can; generated ones when the local model is prepared)."""
    main = pipeline.answerer
    if is_generative(main):
        return {generated_label(main.backend): main, EXTRACTIVE_LABEL: ExtractiveAnswerer(pipeline.settings)}
    modes: dict[str, Answerer] = {EXTRACTIVE_LABEL: main}
    from rag.llm.backends import check_backend

    if not main.unavailable and check_backend("local", pipeline.settings) is None:
        from rag.llm import make_answerer

        modes[generated_label("local")] = make_answerer("local", pipeline.settings, encoders=lambda: pipeline.encoders)
    return modes


def mode_status(pipeline: "RagPipeline") -> tuple[str, str]:
    """(kind, sentence) describing how answers are made: kind is 'generated', 'extractive' or 'off' (extractive
    because the generative backend is not there)."""
    main = pipeline.answerer
    if is_generative(main):
        return "generated", (f"Answers are written by the {main.backend} model in the question's language; every "
                             "sentence is checked against the paragraph it cites. Switch to quotes in Settings.")
    if main.unavailable:
        return "off", f"Answers quote the document (extractive): generated answers are off because {main.unavailable}."
    return "extractive", ("Answers quote the document's own sentences, in your language (extractive mode, the "
                          "default: it finds more of the asked facts than the local model).")
