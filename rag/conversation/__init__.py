"""Conversations: the follow-up rule (followup.py), earlier questions as clients send them (history.py), one chat
turn on the pipeline's stages (turn.py)."""
from rag.conversation.history import previous_questions
from rag.conversation.turn import ask_turn, stream_turn

__all__ = ["ask_turn", "previous_questions", "stream_turn"]

