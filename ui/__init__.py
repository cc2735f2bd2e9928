"""Gradio chat app over S/2017/105: `python -m rag serve` (see ui/app.py)."""
