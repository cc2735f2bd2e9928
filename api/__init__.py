"""Programs' doors into the answering library: a REST API (`/api/v1`), an OpenAI-compatible chat endpoint (`/v1`)
and an MCP server (`/mcp`, and `python -m rag mcp` over stdio), all served beside the chat page by ui/server.py.
Every call into the `rag` library goes through api/library.py."""
