"""Generated answers in the question's language, through LangChain chat models: the backends (backends.py), the
composer that writes and checks (generate.py, prompt.py, support.py, assemble.py), follow-up rewrites (rewrite.py).
Composers are made by name in rag/answers/modes.py (`make_composer`)."""
