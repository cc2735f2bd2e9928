"""The command line (`python -m rag …`, `unrag …`): commands in main.py, failures in errors.py, printing in
output.py. It sits beside ui/ and uses the library (rag/); the library never imports it."""
